import type { CostRecord } from '../../core/types.js';
import { parseDecimalText } from './decimal-text.js';
import { unquoteRaw } from './csv-record-reader.js';
import type { ColumnIndex } from './focus-columns.js';
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
  /**
   * Tags by their text as written, for the whole read: one parse and one shared object per
   * distinct tag set, however many there are (a bounded cache emptied when full made
   * per-resource tags re-parse, and every consumer re-intern, the same sets again and again).
   */
  private readonly tagCache = new Map<string, Record<string, string> | null>();
  // Each column's index, hoisted out of `col`: read once per cell of millions of rows.
  private readonly currency: number;
  private readonly provider: number;
  private readonly subAccountId: number;
  private readonly subAccountName: number;
  private readonly serviceName: number;
  private readonly serviceCategory: number;
  private readonly skuId: number;
  private readonly chargeDescription: number;
  private readonly resourceId: number;
  private readonly resourceName: number;
  private readonly resourceType: number;
  private readonly regionId: number;
  private readonly chargeCategory: number;
  private readonly pricingCategory: number;
  private readonly consumedUnit: number;
  /**
   * Hourly exports write the same period on thousands of consecutive rows: the last
   * timestamp text seen and its value skip most parses (compared as text, never trusted).
   */
  private lastStartRaw: string | null = null;
  private lastStart = 0;
  private lastEndRaw: string | null = null;
  private lastEnd = 0;

  /**
   * `rawTags`: the Tags cell comes as the CSV reader's RAW text (quotes and `""` escapes
   * kept), so the tags cache is keyed on the text as written and unescapes only new values.
   */
  constructor(
    private readonly col: ColumnIndex,
    private readonly rawTags = false,
  ) {
    const t = col.text;
    this.currency = t.currency;
    this.provider = t.provider;
    this.subAccountId = t.subAccountId;
    this.subAccountName = t.subAccountName;
    this.serviceName = t.serviceName;
    this.serviceCategory = t.serviceCategory;
    this.skuId = t.skuId;
    this.chargeDescription = t.chargeDescription;
    this.resourceId = t.resourceId;
    this.resourceName = t.resourceName;
    this.resourceType = t.resourceType;
    this.regionId = t.regionId;
    this.chargeCategory = t.chargeCategory;
    this.pricingCategory = t.pricingCategory;
    this.consumedUnit = t.consumedUnit;
  }

  /** Map the cells of one row; a string result is the rejection reason. */
  map(cells: readonly string[]): CostRecord | string {
    const c = this.col;
    const startRaw = cells[c.start];
    let start: number | null;
    if (startRaw === this.lastStartRaw) start = this.lastStart;
    else {
      if (isMissing(startRaw)) return 'ChargePeriodStart is empty';
      start = parseFocusTimestamp(startRaw);
      if (start === null) return `ChargePeriodStart ${quote(startRaw)} is not a time`;
      this.lastStartRaw = startRaw;
      this.lastStart = start;
    }
    let end = start;
    if (c.end >= 0 && !isMissing(cells[c.end])) {
      const endRaw = cells[c.end];
      let e: number | null;
      if (endRaw === this.lastEndRaw) e = this.lastEnd;
      else {
        e = parseFocusTimestamp(endRaw);
        if (e === null) return `ChargePeriodEnd ${quote(endRaw)} is not a time`;
        this.lastEndRaw = endRaw;
        this.lastEnd = e;
      }
      if (e < start) return `ChargePeriodEnd ${quote(endRaw)} is before ChargePeriodStart ${quote(startRaw)}`;
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

    // One literal in CostRecord's field order: every record gets the same hidden class,
    // and no per-field keyed stores (those are slow at millions of rows).
    const rec: CostRecord = {
      chargePeriodStart: start,
      chargePeriodEnd: end,
      billedCost: billed as string,
      effectiveCost: effective,
      listCost: list,
      currency: text(cells, this.currency),
      provider: text(cells, this.provider),
      subAccountId: text(cells, this.subAccountId),
      subAccountName: text(cells, this.subAccountName),
      serviceName: text(cells, this.serviceName),
      serviceCategory: text(cells, this.serviceCategory),
      skuId: text(cells, this.skuId),
      chargeDescription: text(cells, this.chargeDescription),
      resourceId: text(cells, this.resourceId),
      resourceName: text(cells, this.resourceName),
      resourceType: text(cells, this.resourceType),
      regionId: text(cells, this.regionId),
      chargeCategory: text(cells, this.chargeCategory),
      pricingCategory: text(cells, this.pricingCategory),
      consumedQuantity: quantity,
      consumedUnit: text(cells, this.consumedUnit),
      tags: this.tags(c.tags >= 0 ? cells[c.tags] : undefined),
    };
    if (rec.currency === '') this.warnings.noCurrency++;
    return rec;
  }

  private tags(raw: string | undefined): Record<string, string> {
    if (isMissing(raw)) return NO_TAGS;
    let parsed = this.tagCache.get(raw as string);
    if (parsed === undefined) {
      const value = this.rawTags ? unquoteRaw(raw as string) : (raw as string);
      // A quoted empty or NULL cell (`""`, `"NULL"`) is as missing as an unquoted one.
      if (isMissing(value)) return NO_TAGS;
      parsed = parseTags(value);
      if (parsed !== null) Object.freeze(parsed);
      // Own copy: the raw text may be a slice of a large chunk of the file.
      this.tagCache.set(flatCopy(raw as string), parsed);
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

/** A text cell's value ('' for an absent column, an empty cell or NULL). */
function text(cells: readonly string[], i: number): string {
  if (i < 0) return '';
  const v = cells[i];
  return isMissing(v) ? '' : v;
}

/** A copy of `s` that shares no memory with the (possibly much larger) string it was cut from. */
function flatCopy(s: string): string {
  // V8 copies slices this short anyway; JSON.parse always allocates a fresh string.
  return s.length <= 12 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

function quote(s: string): string {
  return JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s);
}
