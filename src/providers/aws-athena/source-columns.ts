import type { CostRecord } from '../../core/types.js';
import type { ColumnField } from './types.js';

/**
 * The FOCUS column (as Athena names it: lower case) each CostRecord field is read from.
 * A FOCUS 1.0 Data Export has every one of them; constant text only.
 */
export const FIELD_COLUMN: Record<ColumnField, string> = {
  currency: 'billingcurrency',
  provider: 'providername',
  subAccountId: 'subaccountid',
  subAccountName: 'subaccountname',
  serviceName: 'servicename',
  serviceCategory: 'servicecategory',
  skuId: 'skuid',
  chargeDescription: 'chargedescription',
  resourceId: 'resourceid',
  resourceName: 'resourcename',
  resourceType: 'resourcetype',
  regionId: 'regionid',
  chargeCategory: 'chargecategory',
  pricingCategory: 'pricingcategory',
  consumedUnit: 'consumedunit',
};

/** Columns every fetch selects whatever it is asked: the currency and the provider (one value each, nearly free to read). */
export const ALWAYS_SELECTED: readonly ColumnField[] = ['currency', 'provider'];

/** Columns the provider reads besides the selectable ones, for the doctor's schema check. */
export const REQUIRED_COLUMNS = [
  'chargeperiodstart',
  'chargeperiodend',
  'billedcost',
  'effectivecost',
  'listcost',
  'tags',
  ...Object.values(FIELD_COLUMN),
] as const;

/** The partition column AWS Data Exports write (`data/BILLING_PERIOD=YYYY-MM/`), as Glue names it. */
export const PARTITION_COLUMN = 'billing_period';

/** Whether `field` is one the fetch query can select. */
export function isColumnField(field: keyof CostRecord): field is ColumnField {
  return Object.hasOwn(FIELD_COLUMN, field);
}
