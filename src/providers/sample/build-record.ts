/** Turns one day's usage of a product into a FOCUS CostRecord with exact decimal money. */
import type { CostRecord } from '../../core/types.js';
import type { DayInfo } from './calendar.js';
import type { Product } from './catalog.js';
import { formatMicros, toMicros } from './micros.js';
import type { SampleAccount } from './org.js';
import { mixSeed } from './prng.js';

export type SamplePricing = 'Standard' | 'Dynamic' | 'Committed';

/** One day of one resource using one product, as a source emits it. */
export interface UsageRow {
  product: Product;
  account: SampleAccount;
  resourceId: string;
  resourceName: string;
  pricing: SamplePricing;
  /** Units consumed that day (hours, GB-months, GB, requests…). */
  quantity: number;
  tags: Record<string, string>;
  /** True when `tags` was built for this row alone, so the record may keep it without a copy. */
  ownTags?: boolean;
}

/** Money of one record in micro-dollars, kept so the day's billing rows can be derived. */
export interface RecordMoney {
  list: number;
  billed: number;
  effective: number;
}

/** Compute Savings Plan rate: committed usage costs 62% of list, amortized. */
export const SAVINGS_PLAN_RATE = 0.62;

/**
 * Spot price of a SKU on a day as a fraction of list (30–42%): one price per SKU and day,
 * like a spot market, so every instance of a type pays the same that day.
 */
export function spotRatio(epochDay: number, productSeed: number): number {
  return 0.3 + 0.12 * (mixSeed(epochDay, productSeed) / 4294967296);
}

/**
 * The money of a usage row: list at on-demand price; billed/effective by pricing category.
 * Writes into `out` (reused by the hot loops to spare the garbage collector) and returns it.
 */
export function usageMoney(epochDay: number, product: Product, pricing: SamplePricing, quantityMicros: number, out: RecordMoney = { list: 0, billed: 0, effective: 0 }): RecordMoney {
  const list = Math.round((quantityMicros / 1_000_000) * product.unitPriceMicros);
  out.list = list;
  if (pricing === 'Dynamic') {
    out.billed = out.effective = Math.round(list * spotRatio(epochDay, product.seed));
  } else if (pricing === 'Committed') {
    // Covered by the Savings Plan: nothing billed on the row, the plan's fee is billed
    // once a day on the payer account (billing-rows.ts); effective is the amortized rate.
    out.billed = 0;
    out.effective = Math.round(list * SAVINGS_PLAN_RATE);
  } else {
    out.billed = out.effective = list;
  }
  return out;
}

/** The descriptive fields of a record (everything but period, money, currency and quantity). */
export type RecordFields = Omit<CostRecord, 'chargePeriodStart' | 'chargePeriodEnd' | 'billedCost' | 'effectiveCost' | 'listCost' | 'currency' | 'consumedQuantity'>;

/** Builds a CostRecord from computed micro-dollar amounts (`quantityMicros` null: no quantity). */
export function makeRecord(day: DayInfo, f: RecordFields, money: RecordMoney, quantityMicros: number | null): CostRecord {
  // One literal with a fixed key order keeps every record the same hidden class (speed).
  return {
    chargePeriodStart: day.startMs,
    chargePeriodEnd: day.endMs,
    billedCost: formatMicros(money.billed),
    effectiveCost: formatMicros(money.effective),
    listCost: formatMicros(money.list),
    currency: 'USD',
    provider: f.provider,
    subAccountId: f.subAccountId,
    subAccountName: f.subAccountName,
    serviceName: f.serviceName,
    serviceCategory: f.serviceCategory,
    skuId: f.skuId,
    chargeDescription: f.chargeDescription,
    resourceId: f.resourceId,
    resourceName: f.resourceName,
    resourceType: f.resourceType,
    regionId: f.regionId,
    chargeCategory: f.chargeCategory,
    pricingCategory: f.pricingCategory,
    consumedQuantity: quantityMicros === null ? '' : formatMicros(quantityMicros),
    consumedUnit: f.consumedUnit,
    tags: f.tags,
  };
}

/** A usage row as a record (its money written into `money`); null for a zero quantity (no row that day). */
export function usageRecord(day: DayInfo, row: UsageRow, money: RecordMoney): CostRecord | null {
  const quantityMicros = toMicros(row.quantity);
  if (quantityMicros <= 0) return null;
  usageMoney(day.epochDay, row.product, row.pricing, quantityMicros, money);
  const p = row.product;
  return {
    chargePeriodStart: day.startMs,
    chargePeriodEnd: day.endMs,
    billedCost: formatMicros(money.billed),
    effectiveCost: formatMicros(money.effective),
    listCost: formatMicros(money.list),
    currency: 'USD',
    provider: p.provider,
    subAccountId: row.account.id,
    subAccountName: row.account.name,
    serviceName: p.serviceName,
    serviceCategory: p.serviceCategory,
    skuId: p.skuId,
    chargeDescription: p.chargeDescription,
    resourceId: row.resourceId,
    resourceName: row.resourceName,
    resourceType: p.resourceType,
    regionId: p.regionId,
    chargeCategory: 'Usage',
    pricingCategory: row.pricing,
    consumedQuantity: formatMicros(quantityMicros),
    consumedUnit: p.unit,
    // Each record owns its tags: consumers may normalize them in place.
    tags: row.ownTags ? row.tags : { ...row.tags },
  };
}
