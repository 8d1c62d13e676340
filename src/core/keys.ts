import type { CostRecord } from './types.js';

/** Query keys that name a FOCUS column directly (`query-language.md`). */
export const FOCUS_KEYS = {
  provider: 'provider',
  account: 'subAccountId',
  service: 'serviceName',
  category: 'serviceCategory',
  region: 'regionId',
  resource: 'resourceId',
  pricing: 'pricingCategory',
  charge: 'chargeCategory',
} as const satisfies Record<string, keyof CostRecord>;

export type FocusKey = keyof typeof FOCUS_KEYS;

export const FOCUS_KEY_NAMES = Object.keys(FOCUS_KEYS) as FocusKey[];

/** The derived dimensions every configuration has unless it redefines them. */
export const BUILTIN_DIMENSIONS = ['workload', 'accelerator'] as const;

export const WORKLOAD_VALUES = ['training', 'inference', 'storage', 'data-transfer', 'notebooks', 'other'] as const;
export const ACCELERATOR_VALUES = ['gpu', 'tpu', 'cpu', 'none'] as const;

/** FOCUS column name (as written in rules) → CostRecord field. */
export const FOCUS_COLUMNS: Record<string, keyof CostRecord> = {
  ProviderName: 'provider',
  SubAccountId: 'subAccountId',
  SubAccountName: 'subAccountName',
  ServiceName: 'serviceName',
  ServiceCategory: 'serviceCategory',
  SkuId: 'skuId',
  ChargeDescription: 'chargeDescription',
  ResourceId: 'resourceId',
  ResourceName: 'resourceName',
  ResourceType: 'resourceType',
  RegionId: 'regionId',
  ChargeCategory: 'chargeCategory',
  PricingCategory: 'pricingCategory',
  BillingCurrency: 'currency',
  ConsumedUnit: 'consumedUnit',
};
