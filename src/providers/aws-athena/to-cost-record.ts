import { addDays, zonedMidnightToInstant } from '../../core/dates.js';
import type { CostRecord } from '../../core/types.js';
import { parseDecimalText } from '../focus/decimal-text.js';
import { periodEnd } from '../shared/period-end.js';
import { ProviderError } from '../shared/provider-error.js';
import { FIELD_COLUMN } from './source-columns.js';
import type { ColumnField, CompiledFetch, ResultRow } from './types.js';

function amount(provider: string, row: ResultRow, column: string): string | null {
  const v = row[column];
  if (v === null || v === undefined) return null;
  const text = parseDecimalText(v);
  if (text === null) throw new ProviderError(provider, 'unknown', `${provider}: Athena column ${column} is not a decimal: ${JSON.stringify(v.slice(0, 40))}`, false);
  return text;
}

/**
 * Turns one aggregated result row into a CostRecord for the allocation layer: the local
 * day, exact decimal amounts, the selected FOCUS columns, tags under their normalised
 * keys. Fields the query did not select stay empty: this request's allocation does not
 * read them. Null when the group holds only rows without any cost (counted apart).
 */
export function toCostRecord(provider: string, row: ResultRow, compiled: CompiledFetch): CostRecord | null {
  const day = row.usage_day;
  if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    throw new ProviderError(provider, 'unknown', `${provider}: Athena column usage_day is not a date: ${JSON.stringify(day)}`, false);
  }
  const billed = amount(provider, row, 'billed_cost');
  const effective = amount(provider, row, 'effective_cost');
  if (billed === null || effective === null) return null;
  const tags: Record<string, string> = {};
  compiled.tagKeys.forEach((key, i) => {
    const v = row[`tag_${i}`];
    if (v !== null && v !== undefined && v !== '') tags[key] = v;
  });
  const text = (field: ColumnField) => row[FIELD_COLUMN[field]] ?? '';
  const start = zonedMidnightToInstant(day, compiled.timezone);
  return {
    chargePeriodStart: start,
    chargePeriodEnd: periodEnd(row.last_end, start, zonedMidnightToInstant(addDays(day, 1), compiled.timezone)),
    billedCost: billed,
    effectiveCost: effective,
    listCost: compiled.listColumn ? (amount(provider, row, 'list_cost') ?? billed) : billed,
    currency: text('currency'),
    provider: text('provider'),
    subAccountId: text('subAccountId'),
    subAccountName: text('subAccountName'),
    serviceName: text('serviceName'),
    serviceCategory: text('serviceCategory'),
    skuId: text('skuId'),
    chargeDescription: text('chargeDescription'),
    resourceId: text('resourceId'),
    resourceName: text('resourceName'),
    resourceType: text('resourceType'),
    regionId: text('regionId'),
    chargeCategory: text('chargeCategory'),
    pricingCategory: text('pricingCategory'),
    consumedQuantity: '',
    consumedUnit: text('consumedUnit'),
    tags,
  };
}
