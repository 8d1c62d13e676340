import type { CostRecord } from '../../core/types.js';
import { FOCUS_EXPORT_HINT, FocusFormatError } from './focus-format-error.js';

/** Without these a file is not FOCUS: there is no time or no money to read. */
export const REQUIRED_COLUMNS = ['ChargePeriodStart', 'BilledCost', 'EffectiveCost'] as const;

/** Text fields of CostRecord and the FOCUS columns they come from, first present wins. */
export const TEXT_COLUMNS = {
  currency: ['BillingCurrency'],
  // FOCUS 1.3 deprecates ProviderName in favour of ServiceProviderName.
  provider: ['ProviderName', 'ServiceProviderName'],
  subAccountId: ['SubAccountId'],
  subAccountName: ['SubAccountName'],
  serviceName: ['ServiceName'],
  serviceCategory: ['ServiceCategory'],
  skuId: ['SkuId'],
  chargeDescription: ['ChargeDescription'],
  resourceId: ['ResourceId'],
  resourceName: ['ResourceName'],
  resourceType: ['ResourceType'],
  regionId: ['RegionId'],
  chargeCategory: ['ChargeCategory'],
  pricingCategory: ['PricingCategory'],
  consumedUnit: ['ConsumedUnit'],
} as const satisfies Partial<Record<keyof CostRecord, readonly string[]>>;

export type TextField = keyof typeof TEXT_COLUMNS;
export const TEXT_FIELDS = Object.keys(TEXT_COLUMNS) as TextField[];

/** Where each column we read sits in a file (-1 = absent). */
export interface ColumnIndex {
  start: number;
  end: number;
  billed: number;
  effective: number;
  list: number;
  quantity: number;
  tags: number;
  text: Record<TextField, number>;
  /** Every index above that is present, for the CSV reader's `keep` mask. */
  used: number[];
}

/**
 * Locate the columns we read in a header. Names are matched exactly (FOCUS column
 * names are case-sensitive) after stripping a BOM and surrounding spaces; extra columns,
 * `x_` custom columns included, are ignored; a duplicated name keeps its first column.
 * Throws FocusFormatError naming the missing required columns.
 */
export function indexColumns(header: readonly string[], file: string): ColumnIndex {
  const at = new Map<string, number>();
  header.forEach((raw, i) => {
    const name = raw.replace(/^\uFEFF/, '').trim();
    if (!at.has(name)) at.set(name, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !at.has(c));
  if (missing.length > 0) {
    // A near miss in case (`billedcost`) is worth pointing out: FOCUS names are case-sensitive.
    const lower = new Map([...at.keys()].map((k) => [k.toLowerCase(), k]));
    const nearMisses = missing
      .map((c) => lower.get(c.toLowerCase()))
      .filter((k): k is string => k !== undefined)
      .map((k) => `"${k}"`);
    const seen = header
      .slice(0, 6)
      .map((h) => JSON.stringify(h.length > 40 ? h.slice(0, 40) + '…' : h))
      .join(', ');
    throw new FocusFormatError(
      'not-focus',
      file,
      `${file} is not a FOCUS export: the header has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}` +
        (nearMisses.length > 0 ? ` (found ${nearMisses.join(', ')}; FOCUS column names are case-sensitive)` : '') +
        `. First columns seen: ${seen || '(none)'}. ${FOCUS_EXPORT_HINT}`,
    );
  }
  const get = (name: string): number => at.get(name) ?? -1;
  const text = {} as Record<TextField, number>;
  for (const field of TEXT_FIELDS) {
    const found = TEXT_COLUMNS[field].map(get).find((i) => i >= 0);
    text[field] = found ?? -1;
  }
  const index: Omit<ColumnIndex, 'used'> = {
    start: get('ChargePeriodStart'),
    end: get('ChargePeriodEnd'),
    billed: get('BilledCost'),
    effective: get('EffectiveCost'),
    list: get('ListCost'),
    quantity: get('ConsumedQuantity'),
    tags: get('Tags'),
    text,
  };
  const used = [index.start, index.end, index.billed, index.effective, index.list, index.quantity, index.tags];
  used.push(...Object.values(text));
  return { ...index, used: used.filter((i) => i >= 0) };
}
