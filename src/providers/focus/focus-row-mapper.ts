import type { CostRecord } from '../../core/types.js';
import { parseDecimalText } from './decimal-text.js';
import { TEXT_FIELDS, type ColumnIndex, type TextField } from './focus-columns.js';
import { parseFocusTimestamp } from './parse-focus-timestamp.js';
import { parseTags } from './parse-tags.js';

/** Anomalies that do not reject a row but that the answer should mention. */
export interface RowWarnings {
  /** Rows whose Tags cell is not a JSON object: read as untagged. */
  invalidTags: number;
  /** Rows with an empty EffectiveCost, read as their BilledCost. */
  effectiveFromBilled: number;
  /** Rows with an empty BilledCost, read as their EffectiveCost. */
  billedFromEffective: number;
  /** Rows with no BillingCurrency. */
  noCurrency: number;
}

/** FOCUS exports write a missing value as an empty cell or the literal NULL. */
export function isMissing(s: string | undefined): boolean {
  return s === undefined || s === '' || s === 'NULL';
}

const CACHE_LIMIT = 4096;
/** Records without tags share this one (tags objects are read-only, see `tags`). */
const NO_TAGS: Record<string, string> = Object.freeze({});

/**
 * Turns one row of raw cells (in file column order) into a CostRecord, or a reason to
 * reject it. Cost semantics (FOCUS 1.x): BilledCost and EffectiveCost are both mandatory;
 * when one is empty the other stands in (EffectiveCost equals BilledCost for any charge
 * without commitment amortization, the common case) and the row is counted in
 * `warnings`; with both empty the row is rejected. An empty ListCost is BilledCost (list
 * price unknown: assume no discount). An empty ChargePeriodEnd is ChargePeriodStart.
 */
export class FocusRowMapper {
  readonly warnings: RowWarnings = { invalidTags: 0, effectiveFromBilled: 0, billedFromEffective: 0, noCurrency: 0 };
  private readonly tagCache = new Map<string, Record<string, string> | null>();
  private readonly textIdx: Array<[TextField, number]>;

  constructor(private readonly col: ColumnIndex) {
    this.textIdx = TEXT_FIELDS.map((f) => [f, col.text[f]]);
  }

  /** Map the cells of one row; a string result is the rejection reason. */
  map(cells: readonly string[]): CostRecord | string {
    const c = this.col;
    const startRaw = cells[c.start];
    if (isMissing(startRaw)) return 'ChargePeriodStart is empty';
    const start = parseFocusTimestamp(startRaw);
    if (start === null) return `ChargePeriodStart ${quote(startRaw)} is not a time`;
    let end = start;
    if (c.end >= 0 && !isMissing(cells[c.end])) {
      const e = parseFocusTimestamp(cells[c.end]);
      if (e === null) return `ChargePeriodEnd ${quote(cells[c.end])} is not a time`;
      if (e < start) return `ChargePeriodEnd ${quote(cells[c.end])} is before ChargePeriodStart ${quote(startRaw)}`;
      end = e;
    }

    const billedRaw = cells[c.billed];
    const effectiveRaw = cells[c.effective];
    let billed = isMissing(billedRaw) ? null : parseDecimalText(billedRaw);
    if (billed === null && !isMissing(billedRaw)) return `BilledCost ${quote(billedRaw)} is not a number`;
    let effective = isMissing(effectiveRaw) ? null : parseDecimalText(effectiveRaw);
    if (effective === null && !isMissing(effectiveRaw)) return `EffectiveCost ${quote(effectiveRaw)} is not a number`;
    if (billed === null && effective === null) return 'BilledCost and EffectiveCost are both empty';
    if (effective === null) {
      effective = billed as string;
      this.warnings.effectiveFromBilled++;
    } else if (billed === null) {
      billed = effective;
      this.warnings.billedFromEffective++;
    }
    let list = billed as string;
    if (c.list >= 0 && !isMissing(cells[c.list])) {
      const l = parseDecimalText(cells[c.list]);
      if (l === null) return `ListCost ${quote(cells[c.list])} is not a number`;
      list = l;
    }

    let quantity = '';
    if (c.quantity >= 0 && !isMissing(cells[c.quantity])) {
      // Not money: an unreadable quantity is kept as written rather than failing the row.
      quantity = parseDecimalText(cells[c.quantity]) ?? cells[c.quantity];
    }

    const rec = {
      chargePeriodStart: start,
      chargePeriodEnd: end,
      billedCost: billed as string,
      effectiveCost: effective,
      listCost: list,
      currency: '',
      provider: '',
      subAccountId: '',
      subAccountName: '',
      serviceName: '',
      serviceCategory: '',
      skuId: '',
      chargeDescription: '',
      resourceId: '',
      resourceName: '',
      resourceType: '',
      regionId: '',
      chargeCategory: '',
      pricingCategory: '',
      consumedQuantity: quantity,
      consumedUnit: '',
      tags: this.tags(c.tags >= 0 ? cells[c.tags] : undefined),
    } satisfies CostRecord;
    const textIdx = this.textIdx;
    for (let k = 0; k < textIdx.length; k++) {
      const [field, i] = textIdx[k];
      if (i < 0) continue;
      const v = cells[i];
      if (!isMissing(v)) rec[field] = v;
    }
    if (rec.currency === '') this.warnings.noCurrency++;
    return rec;
  }

  private tags(raw: string | undefined): Record<string, string> {
    if (isMissing(raw)) return NO_TAGS;
    let parsed = this.tagCache.get(raw as string);
    if (parsed === undefined) {
      parsed = parseTags(raw as string);
      if (parsed !== null) Object.freeze(parsed);
      if (this.tagCache.size >= CACHE_LIMIT) this.tagCache.clear();
      this.tagCache.set(raw as string, parsed);
    }
    if (parsed === null) {
      this.warnings.invalidTags++;
      return NO_TAGS;
    }
    // Shared between the records that carry the same Tags text (frozen so that a consumer
    // changing one record's tags fails loudly instead of changing thousands): a month of
    // hourly rows repeats each resource's tags hundreds of times.
    return parsed;
  }
}

function quote(s: string): string {
  return JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s);
}
