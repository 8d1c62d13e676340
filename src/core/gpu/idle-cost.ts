import type { GpuIdleEpisode } from './types.js';

/** Pico-units of money, or pico-hours: 10⁻¹² of the unit. */
export const PICO = 1_000_000_000_000n;
const MS_PER_HOUR = 3_600_000n;

/**
 * One billing period of a resource: its cost (pico-units of the currency) and how long it
 * was in use (pico-hours of instance use, from the usage quantity; several instances add up).
 */
export interface CostPeriod {
  start: number;
  end: number;
  cost: bigint;
  hours: bigint;
}

/** What the idle costing needs to know about a resource from the billing data. */
export interface ResourceCostFacts {
  resource: string;
  /** GPUs in one instance (the GPU-hour price is the instance-hour price over this). */
  gpusPerInstance: number;
  /** Billing periods, sorted by start. */
  periods: CostPeriod[];
}

/** An exact amount with how it was priced. */
export interface PricedAmount {
  /** Pico-units of the currency. */
  cost: bigint;
  /** True when part of the time had no billing period yet and was priced at the nearest one's rate. */
  extrapolated: boolean;
}

/** Rounds a·b/c half away from zero (all positive here). */
export function mulDivRound(a: bigint, b: bigint, c: bigint): bigint {
  if (c === 0n) return 0n;
  const n = a * b;
  const neg = (n < 0n) !== (c < 0n);
  const an = n < 0n ? -n : n;
  const ac = c < 0n ? -c : c;
  const q = (an * 2n + ac) / (ac * 2n);
  return neg ? -q : q;
}

/**
 * The cost of one GPU for `[start, end)`: in each billing period it overlaps, the period's
 * cost × overlap ÷ (usage hours × GPUs per instance), at most the GPU's share of the period
 * (metrics cannot make a GPU cost more than the bill says). Time no billing period covers
 * (today, not billed yet) is priced at the rate of the nearest period, and says so.
 */
export function gpuCost(facts: ResourceCostFacts, start: number, end: number): PricedAmount {
  const gpus = BigInt(Math.max(1, facts.gpusPerInstance));
  let cost = 0n;
  let covered = 0;
  for (const p of facts.periods) {
    if (p.end <= start) continue;
    if (p.start >= end) break;
    const overlap = Math.min(end, p.end) - Math.max(start, p.start);
    if (overlap <= 0) continue;
    covered += overlap;
    if (p.hours <= 0n) continue;
    const share = mulDivRound(p.cost, BigInt(overlap) * PICO, p.hours * MS_PER_HOUR * gpus);
    const cap = mulDivRound(p.cost, 1n, gpus);
    cost += share > cap ? cap : share;
  }
  const uncovered = end - start - covered;
  if (uncovered <= 0) return { cost, extrapolated: false };
  const rate = nearestRate(facts.periods, start, end);
  if (!rate) return { cost, extrapolated: false };
  cost += mulDivRound(rate.cost, BigInt(uncovered) * PICO, rate.hours * MS_PER_HOUR * gpus);
  return { cost, extrapolated: true };
}

/**
 * The billed period whose rate prices a moment with no billing yet: the latest one that
 * ends at or before `end` with usage, else the earliest after `start`.
 */
export function nearestRate(periods: CostPeriod[], start: number, end: number): CostPeriod | null {
  let before: CostPeriod | null = null;
  let after: CostPeriod | null = null;
  for (const p of periods) {
    if (p.hours <= 0n) continue;
    if (p.start < end) before = p;
    else if (!after && p.start >= start) after = p;
  }
  return before ?? after;
}

/**
 * The instance-hour rate at `at` (pico-units per hour): the billing period containing it,
 * else the nearest billed one. Null when the resource has no period with usage.
 */
export function hourlyRate(periods: CostPeriod[], at: number): { perHour: bigint; extrapolated: boolean } | null {
  const containing = periods.find((p) => p.start <= at && at < p.end && p.hours > 0n);
  const p = containing ?? nearestRate(periods, at, at + 1);
  if (!p) return null;
  // Per instance-hour: cost ÷ hours. Several instances in one period share the rate.
  return { perHour: mulDivRound(p.cost, PICO, p.hours), extrapolated: !containing };
}

/** Idle episodes of one resource merged across its GPUs: a stretch while at least one GPU was idle. */
export interface InstanceEpisode {
  resource: string;
  start: number;
  end: number;
  ongoing: boolean;
  startsBeforeRange: boolean;
  /** The most GPUs idle at the same time during the stretch. */
  idleGpus: number;
  /** Idle GPUs at the end of the stretch (what a nudge about an ongoing one reports). */
  idleGpusAtEnd: number;
  /** Sum of the GPUs' idle time (ms). */
  idleGpuMs: number;
  cost: bigint;
  extrapolated: boolean;
  gpuEpisodes: GpuIdleEpisode[];
}

/**
 * Merges one resource's GPU episodes into instance episodes (overlapping or touching
 * stretches join) and prices each GPU's idle time. A series without a GPU label (`gpu` '')
 * stands for the whole instance: it counts `gpusPerInstance` GPUs.
 */
export function instanceEpisodes(facts: ResourceCostFacts, episodes: GpuIdleEpisode[]): InstanceEpisode[] {
  const sorted = episodes.filter((e) => e.resource === facts.resource).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: InstanceEpisode[] = [];
  let group: GpuIdleEpisode[] = [];
  let groupEnd = -Infinity;
  const flush = () => {
    if (group.length) out.push(priceGroup(facts, group));
    group = [];
  };
  for (const e of sorted) {
    if (group.length && e.start > groupEnd) flush();
    group.push(e);
    groupEnd = group.length === 1 ? e.end : Math.max(groupEnd, e.end);
  }
  flush();
  return out;
}

function priceGroup(facts: ResourceCostFacts, group: GpuIdleEpisode[]): InstanceEpisode {
  const weight = (e: GpuIdleEpisode) => (e.gpu === '' ? Math.max(1, facts.gpusPerInstance) : 1);
  let cost = 0n;
  let extrapolated = false;
  let idleGpuMs = 0;
  const events: [number, number][] = [];
  for (const e of group) {
    const priced = gpuCost(facts, e.start, e.end);
    cost += priced.cost * BigInt(weight(e));
    extrapolated ||= priced.extrapolated;
    idleGpuMs += (e.end - e.start) * weight(e);
    events.push([e.start, weight(e)], [e.end, -weight(e)]);
  }
  // Most GPUs idle at once: a sweep over starts and ends (an end before a start at the same instant).
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of events) {
    now += d;
    if (now > max) max = now;
  }
  const end = Math.max(...group.map((e) => e.end));
  const start = Math.min(...group.map((e) => e.start));
  const atEnd = group.filter((e) => e.end === end).reduce((s, e) => s + weight(e), 0);
  return {
    resource: facts.resource,
    start,
    end,
    ongoing: group.some((e) => e.ongoing && e.end === end),
    startsBeforeRange: group.some((e) => e.startsBeforeRange && e.start === start),
    idleGpus: max,
    idleGpusAtEnd: atEnd,
    idleGpuMs,
    cost,
    extrapolated,
    gpuEpisodes: group,
  };
}
