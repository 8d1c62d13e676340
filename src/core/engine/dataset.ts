import { normalizeTags, type Allocator, type NormalizedTags } from '../allocation/build-allocator.js';
import { FOCUS_KEYS, FOCUS_KEY_NAMES } from '../keys.js';
import { MAX_RECORD_PICO, parsePico, splitPico } from '../money.js';
import type { CostRecord, Metric } from '../types.js';
import { DictionaryColumn, GrowableColumn } from './growable.js';
import { localDayMapper } from './local-day.js';

/** One metric's amounts as two exact float columns (micro-units and pico remainder). */
export interface AmountColumns {
  hi: Float64Array;
  lo: Float64Array;
  /** The largest |hi| of any row: bounds how many rows can be summed exactly in floats. */
  maxAbsHi: number;
}

/** A column of dictionary codes with its dictionary. */
export interface CodedColumn {
  codes: Uint32Array;
  values: string[];
}

/**
 * Cost records in columnar form, allocated once at load and sorted by local day, so a
 * query scans one contiguous slice of typed arrays. Built by `DatasetBuilder`.
 */
export interface Dataset {
  readonly source: string;
  readonly timezone: string;
  readonly rows: number;
  /** Local day number of each row's charge period start, ascending. */
  readonly day: Int32Array;
  readonly amounts: Record<Metric, AmountColumns>;
  readonly currency: CodedColumn;
  /** Shared rule index of each row, or -1 for a direct cost. */
  readonly shared: Int16Array;
  /** Query key (dimension or FOCUS key) → column. */
  readonly columns: Record<string, CodedColumn>;
  readonly tagsets: CodedColumn & { tags: NormalizedTags[] };
  readonly dimensions: string[];
  readonly sharedNames: string[];
  readonly sharedSplits: Allocator['sharedSplits'];
  readonly unallocated: string;
  /** Latest charge period end (epoch ms) of the rows of each day, indexed by day − minDay. */
  readonly dayMaxEnd: Float64Array;
  readonly minDay: number;
  readonly maxDay: number;
}

const METRIC_FIELD = { effective: 'effectiveCost', billed: 'billedCost', list: 'listCost' } as const;

/** Thrown for a record the builder cannot take (the reader normally rejects these first). */
export class RecordError extends Error {
  override readonly name = 'RecordError';
}

/**
 * Accumulates cost records, allocating each through the allocation layer (memoised on the
 * fields the rules read), and builds the columnar dataset.
 */
export class DatasetBuilder {
  private readonly toDay: (ms: number) => number;
  private readonly day = new GrowableColumn<Int32Array>(Int32Array);
  private readonly end = new GrowableColumn<Float64Array>(Float64Array);
  private readonly amountCols = {
    effective: { hi: new GrowableColumn<Float64Array>(Float64Array), lo: new GrowableColumn<Float64Array>(Float64Array), max: 0 },
    billed: { hi: new GrowableColumn<Float64Array>(Float64Array), lo: new GrowableColumn<Float64Array>(Float64Array), max: 0 },
    list: { hi: new GrowableColumn<Float64Array>(Float64Array), lo: new GrowableColumn<Float64Array>(Float64Array), max: 0 },
  };
  private readonly currency = new DictionaryColumn();
  private readonly shared = new GrowableColumn<Int16Array>(Int16Array);
  private readonly cols: Record<string, DictionaryColumn> = {};
  private readonly tagsets = new DictionaryColumn();
  private readonly tagsetTags: NormalizedTags[] = [];
  private readonly memo = new Map<string, { dims: number[]; shared: number }>();
  private readonly dimCols: DictionaryColumn[];
  private readonly focusCols: DictionaryColumn[];
  private readonly focusFields: (keyof CostRecord)[];

  constructor(
    private readonly allocator: Allocator,
    private readonly timezone: string,
    private readonly source: string,
  ) {
    this.toDay = localDayMapper(timezone);
    this.dimCols = allocator.dimensions.map((d) => (this.cols[d] = new DictionaryColumn()));
    const focusNames = FOCUS_KEY_NAMES.filter((k) => !(k in this.cols));
    this.focusCols = focusNames.map((k) => (this.cols[k] = new DictionaryColumn()));
    this.focusFields = focusNames.map((k) => FOCUS_KEYS[k]);
  }

  get rows(): number {
    return this.day.length;
  }

  /**
   * Adds one record. `tagsKey` is the source's own text of the tags (when it has one), used
   * to intern tag sets without serialising them again.
   */
  add(rec: CostRecord, tagsKey?: string): void {
    const amounts: [Metric, bigint][] = [];
    for (const metric of ['effective', 'billed', 'list'] as const) {
      const pico = parsePico(rec[METRIC_FIELD[metric]] || '0');
      if (pico === null) throw new RecordError(`${METRIC_FIELD[metric]} is not a number: ${JSON.stringify(rec[METRIC_FIELD[metric]])}`);
      if (pico > MAX_RECORD_PICO || pico < -MAX_RECORD_PICO) throw new RecordError(`${METRIC_FIELD[metric]} is too large for one cost record: ${rec[METRIC_FIELD[metric]]}`);
      amounts.push([metric, pico]);
    }
    if (!Number.isFinite(rec.chargePeriodStart)) throw new RecordError('ChargePeriodStart is not a time');
    for (const [metric, pico] of amounts) {
      const { hi, lo } = splitPico(pico);
      const col = this.amountCols[metric];
      col.hi.push(hi);
      col.lo.push(lo);
      const abs = Math.abs(hi);
      if (abs > col.max) col.max = abs;
    }
    this.day.push(this.toDay(rec.chargePeriodStart));
    this.end.push(Number.isFinite(rec.chargePeriodEnd) ? rec.chargePeriodEnd : rec.chargePeriodStart);
    this.currency.push((rec.currency || 'USD').trim().toUpperCase());

    const tagCode = this.tagsets.code(tagsKey ?? stableTagsKey(rec.tags));
    if (tagCode === this.tagsetTags.length) this.tagsetTags.push(normalizeTags(rec.tags));
    this.tagsets.codes.push(tagCode);

    let memoKey = `${tagCode}\u0001${rec.subAccountId}`;
    for (const f of this.allocator.ruleFields) memoKey += `\u0001${rec[f] as string}`;
    let alloc = this.memo.get(memoKey);
    if (!alloc) {
      const sharedIdx = this.allocator.sharedIndex(rec);
      let values = this.allocator.allocate(rec, this.tagsetTags[tagCode]!);
      let shared = sharedIdx;
      // A shared rule with `split: none` stays its own row: every dimension takes its name.
      if (sharedIdx >= 0 && this.allocator.sharedSplits[sharedIdx] === 'none') {
        values = values.map(() => this.allocator.sharedNames[sharedIdx]!);
        shared = -1;
      }
      alloc = { dims: values.map((v, i) => this.dimCols[i]!.code(v)), shared };
      this.memo.set(memoKey, alloc);
    }
    for (let i = 0; i < alloc.dims.length; i++) this.dimCols[i]!.codes.push(alloc.dims[i]!);
    this.shared.push(alloc.shared);
    for (let i = 0; i < this.focusCols.length; i++) {
      const v = rec[this.focusFields[i]!];
      this.focusCols[i]!.push(typeof v === 'string' ? v : '');
    }
  }

  /** Sorts rows by day (a stable counting sort) and freezes the columns. */
  build(): Dataset {
    const n = this.day.length;
    const dayRaw = this.day.permuted(identity(n));
    let minDay = Infinity;
    let maxDay = -Infinity;
    for (let i = 0; i < n; i++) {
      const d = dayRaw[i]!;
      if (d < minDay) minDay = d;
      if (d > maxDay) maxDay = d;
    }
    if (n === 0) minDay = maxDay = 0;
    const span = maxDay - minDay + 1;
    const counts = new Uint32Array(span + 1);
    for (let i = 0; i < n; i++) counts[dayRaw[i]! - minDay + 1]!++;
    for (let i = 1; i <= span; i++) counts[i]! += counts[i - 1]!;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[counts[dayRaw[i]! - minDay]!++] = i;

    const endSorted = this.end.permuted(order);
    const day = this.day.permuted(order);
    const dayMaxEnd = new Float64Array(span).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      const k = day[i]! - minDay;
      if (endSorted[i]! > dayMaxEnd[k]!) dayMaxEnd[k] = endSorted[i]!;
    }
    const coded = (c: DictionaryColumn): CodedColumn => ({ codes: c.codes.permuted(order), values: c.values });
    const amounts = {} as Record<Metric, AmountColumns>;
    for (const m of ['effective', 'billed', 'list'] as const) {
      const c = this.amountCols[m];
      amounts[m] = { hi: c.hi.permuted(order), lo: c.lo.permuted(order), maxAbsHi: c.max };
    }
    const columns: Record<string, CodedColumn> = {};
    for (const [k, c] of Object.entries(this.cols)) columns[k] = coded(c);
    return {
      source: this.source,
      timezone: this.timezone,
      rows: n,
      day,
      amounts,
      currency: coded(this.currency),
      shared: this.shared.permuted(order),
      columns,
      tagsets: { ...coded(this.tagsets), tags: this.tagsetTags },
      dimensions: this.allocator.dimensions,
      sharedNames: this.allocator.sharedNames,
      sharedSplits: this.allocator.sharedSplits,
      unallocated: this.allocator.unallocated,
      dayMaxEnd,
      minDay,
      maxDay,
    };
  }
}

function identity(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

function stableTagsKey(tags: Record<string, string>): string {
  const keys = Object.keys(tags);
  if (keys.length === 0) return '';
  return JSON.stringify(keys.sort().map((k) => [k, tags[k]]));
}
