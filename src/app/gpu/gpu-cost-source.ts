/**
 * The cost side of the GPU utilisation work, as a port: what the GPU use cases need from
 * billing data, whatever holds it. Implemented over the records the snapshot providers load
 * (GpuCostIndex); a push-down implementation (BigQuery's resource-level export) would be a
 * second one. Money in pico-units (BigInt), hours in pico-hours.
 */
import type { CostPeriod } from '../../core/gpu/idle-cost.js';
import type { PricingKind, TimeRange } from '../../core/gpu/types.js';

/** One slice of a resource's cost: a distinct allocation, pricing category and instance type. */
export interface GpuCostLine {
  /** The allocation layer's values (empty text when the configuration has no such dimension). */
  team: string;
  model: string;
  experiment: string;
  workload: string;
  env: string;
  accelerator: string;
  pricing: PricingKind;
  instanceType: string | null;
  /** EffectiveCost and ListCost in the range (prorated when a period straddles it), pico-units. */
  cost: bigint;
  listCost: bigint;
  /** Usage hours of instance rows (ConsumedQuantity in hours), pico-hours. */
  hours: bigint;
  /** First billed instant and last billed instant (end of the last period) of the line in the range. */
  first: number;
  last: number;
}

/** A resource (billing ResourceId) with GPU cost, inference cost or a run (experiment) in the range. */
export interface GpuResourceCost {
  resource: string;
  name: string;
  provider: string;
  service: string;
  region: string;
  account: string;
  /** True when some of its cost is on GPUs (`accelerator=gpu`). */
  isGpu: boolean;
  instanceType: string | null;
  /** GPUs in one instance (bundled instance table, or the row's "with N … GPU"); null when unknown. */
  gpusPerInstance: number | null;
  gpuCountFrom: 'table' | 'description' | null;
  gpuModel: string | null;
  /** Most instances billed at once in one period (usage hours ÷ period length, rounded up). */
  instances: number;
  /** The allocation values with the largest cost (the owner is `team`). */
  team: string;
  model: string;
  workload: string;
  cost: bigint;
  listCost: bigint;
  hours: bigint;
  lines: GpuCostLine[];
  /** Its billing periods in the range, sorted, same-period rows merged. */
  periods: CostPeriod[];
}

export interface GpuCostResult {
  currency: string;
  resources: GpuResourceCost[];
  /** The latest billed instant of any GPU row (billing lags the clock). */
  billedUntil: number | null;
  notes: string[];
}

/** What the organisation paid for one instance type under one pricing category. */
export interface PriceObservation {
  provider: string;
  instanceType: string;
  pricing: PricingKind;
  cost: bigint;
  listCost: bigint;
  hours: bigint;
}

/** The cost side, as the GPU use cases need it. */
export interface GpuCostSource {
  /** GPU resources (and inference and experiment costs) in the range, by resource. */
  gpuCosts(range: TimeRange): Promise<GpuCostResult>;
  /** Prices paid per GPU instance type and pricing category in the range (for the advice's price book). */
  prices(range: TimeRange): Promise<PriceObservation[]>;
}
