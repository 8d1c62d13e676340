import type { CostRecord } from '../../core/types.js';

/** The Cost Explorer dimensions this provider groups and filters by. */
export const CE_DIMENSIONS = ['SERVICE', 'LINKED_ACCOUNT', 'REGION', 'USAGE_TYPE', 'RECORD_TYPE', 'PURCHASE_TYPE'] as const;
export type CeDimension = (typeof CE_DIMENSIONS)[number];

/**
 * The metrics every request asks for. Both come in one request at no extra cost, so the
 * records carry all three money fields whatever the query's metric, and a cached response
 * serves every metric.
 * - `effective` → `NetAmortizedCost`: FOCUS EffectiveCost is amortized (upfront commitment
 *   fees spread over the usage they cover) and after discounts (EDP, private pricing,
 *   credits applied to the line). `AmortizedCost` is amortized before those discounts, so it
 *   would overstate the effective figure for any account with a discount program.
 * - `billed` → `UnblendedCost`: what the invoice shows for the line.
 * - `list` → `UnblendedCost` as well: Cost Explorer has no public/list price metric; the
 *   answer says so in a note.
 */
export const CE_METRICS = { effective: 'NetAmortizedCost', billed: 'UnblendedCost' } as const;
export const REQUESTED_METRICS = [CE_METRICS.effective, CE_METRICS.billed];
export const LIST_COST_NOTE = 'List cost is not available from Cost Explorer: the list figures of AWS costs are unblended (billed) cost.';

/** FOCUS column (as written in rules) → the Cost Explorer dimension that carries it. */
export const COLUMN_DIMENSION: Partial<Record<string, CeDimension>> = {
  ServiceName: 'SERVICE',
  SubAccountId: 'LINKED_ACCOUNT',
  RegionId: 'REGION',
  // Cost Explorer has no charge description or SKU: the usage type (`USE1-BoxUsage:p4d.24xlarge`)
  // is the closest text and carries the instance family the built-in rules look for.
  ChargeDescription: 'USAGE_TYPE',
  SkuId: 'USAGE_TYPE',
  ChargeCategory: 'RECORD_TYPE',
  PricingCategory: 'PURCHASE_TYPE',
};

/** Constant FOCUS columns of every Cost Explorer record. */
export const CONSTANT_COLUMNS: Partial<Record<string, string>> = { ProviderName: 'AWS' };

/** FOCUS query key (`service`, `account`…) → Cost Explorer dimension. */
export const FOCUS_KEY_DIMENSION: Partial<Record<string, CeDimension>> = {
  service: 'SERVICE',
  account: 'LINKED_ACCOUNT',
  region: 'REGION',
  charge: 'RECORD_TYPE',
  pricing: 'PURCHASE_TYPE',
};

/** RECORD_TYPE → FOCUS ChargeCategory (Usage, Purchase, Tax, Credit, Adjustment). */
const RECORD_TYPE_CATEGORY: Record<string, string> = {
  Usage: 'Usage',
  DiscountedUsage: 'Usage',
  SavingsPlanCoveredUsage: 'Usage',
  SavingsPlanNegation: 'Usage',
  Tax: 'Tax',
  Credit: 'Credit',
  BundledDiscount: 'Credit',
  Discount: 'Credit',
  'Enterprise Discount Program Discount': 'Credit',
  'Private Rate Card Discount': 'Credit',
  Refund: 'Adjustment',
  RIFee: 'Purchase',
  'Recurring reservation fee': 'Purchase',
  SavingsPlanRecurringFee: 'Purchase',
  SavingsPlanUpfrontFee: 'Purchase',
  Fee: 'Purchase',
  'Support fee': 'Purchase',
  'Distributor Discount': 'Credit',
};

/** PURCHASE_TYPE → FOCUS PricingCategory (Standard, Dynamic = spot, Committed). */
function purchaseCategory(v: string): string {
  const t = v.toLowerCase();
  if (t.includes('spot')) return 'Dynamic';
  if (t.includes('reserved') || t.includes('savings plan') || t.includes('capacity block')) return 'Committed';
  if (t.includes('on demand') || t.includes('on-demand')) return 'Standard';
  return v;
}

/** The FOCUS value a record gets for a Cost Explorer dimension value. */
export function focusValue(dim: CeDimension, value: string): string {
  if (dim === 'RECORD_TYPE') return RECORD_TYPE_CATEGORY[value] ?? value;
  if (dim === 'PURCHASE_TYPE') return purchaseCategory(value);
  return value;
}

/** RECORD_TYPE values known without asking (their FOCUS categories are stable). */
export const KNOWN_RECORD_TYPES = Object.keys(RECORD_TYPE_CATEGORY);

/** Writes a Cost Explorer dimension value into the record fields it stands for. */
export function setDimension(rec: CostRecord, dim: CeDimension, value: string): void {
  switch (dim) {
    case 'SERVICE': rec.serviceName = value; break;
    case 'LINKED_ACCOUNT': rec.subAccountId = value; break;
    case 'REGION': rec.regionId = value; break;
    case 'USAGE_TYPE': rec.skuId = value; rec.chargeDescription = value; break;
    case 'RECORD_TYPE': rec.chargeCategory = focusValue(dim, value); break;
    case 'PURCHASE_TYPE': rec.pricingCategory = focusValue(dim, value); break;
  }
}
