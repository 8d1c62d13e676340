import { normalizeTags, type Allocator, type NormalizedTags } from '../allocation/build-allocator.js';
import { FOCUS_KEYS, FOCUS_KEY_NAMES } from '../keys.js';
import { MAX_RECORD_PICO, parsePico, splitDecimalFast, splitPico, type SplitAmount } from '../money.js';
import type { CostRecord, Metric } from '../types.js';
import { compactByDay } from './compact-dataset.js';
import { foldCase } from './fold-case.js';
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
  /**
   * For a dimension whose values differ only by case (`NLP`, `nlp`): each row's spelling as
   * the source wrote it. Filters and groups use the folded `codes`; an answer shows the
   * spelling of the rows it sums (see `foldCase`).
   */
  spellings?: { codes: Uint32Array; values: string[] };
}

/**
 * Cost records in columnar form, allocated once at load and sorted by local day, so a
 * query scans one contiguous slice of typed arrays. Built by `DatasetBuilder`.
 */
export interface Dataset {
  readonly source: string;
  readonly timezone: string;
  /** Rows after merging those no query can tell apart (see `compactByDay`). */
  readonly rows: number;
  /** Records loaded. */
  readonly sourceRows: number;
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
  /** ResourceId → ResourceName, for resources whose name is given and differs from the id. */
  readonly resourceNames?: ReadonlyMap<string, string>;
}


/** Periods up to a day long are dated by their middle; longer ones by their start. */
const MAX_DAY_PERIOD_MS = 86_400_000;

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
  // Every numeric column grows as Float64 (exact for these integers) and takes its own type
  // at build: one typed-array type in GrowableColumn.push keeps that hot store monomorphic.
  private readonly day = new GrowableColumn<Float64Array>(Float64Array);
  private readonly end = new GrowableColumn<Float64Array>(Float64Array);
  private readonly amountCols = {
    effective: { hi: new GrowableColumn<Float64Array>(Float64Array), lo: new GrowableColumn<Float64Array>(Float64Array), max: 0 },
    billed: { hi: new GrowableColumn<Float64Array>(Float64Array), lo: new GrowableColumn<Float64Array>(Float64Array), max: 0 },
    list: { hi: new GrowableColumn<Float64Array>(Float64Array), lo: new GrowableColumn<Float64Array>(Float64Array), max: 0 },
  };
  private readonly currency = new DictionaryColumn();
  private readonly shared = new GrowableColumn<Float64Array>(Float64Array);
  private readonly cols: Record<string, DictionaryColumn> = {};
  private readonly tagsets = new DictionaryColumn();
  private readonly tagsetTags: NormalizedTags[] = [];
  private lastCurrency: string | null = null;
  private lastCurrencyCode = 0;
  private readonly memo = new Map<number, MemoEntry>();
  private readonly memoKeyBuf: Uint32Array;
  private readonly tagObjects = new Map<object, number>();
  private readonly dimCols: DictionaryColumn[];
  private readonly focusCols: DictionaryColumn[];
  private readonly focusFields: (keyof CostRecord)[];
  private readonly focusGetters: FieldGetter[];
  private readonly focusCodeBuf: number[];
  private readonly ruleSources: { get: FieldGetter; focusIndex: number; dict: DictionaryColumn | null }[];
  /** Index of the ResourceId column among the FOCUS columns, and the first name seen per resource code. */
  private readonly resourceIndex: number;
  private readonly resourceNameOf: string[] = [];

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
    this.focusGetters = this.focusFields.map((f) => FIELD_GETTERS[f]);
    this.focusCodeBuf = new Array<number>(focusNames.length).fill(0);
    this.resourceIndex = this.focusFields.indexOf('resourceId');
    // The account is always part of the memo key (accounts map to dimension values).
    const memoFields: (keyof CostRecord)[] = allocator.ruleFields.filter((f) => f !== 'subAccountId');
    memoFields.unshift('subAccountId');
    this.ruleSources = memoFields.map((field) => {
      const focusIndex = this.focusFields.indexOf(field);
      return { get: FIELD_GETTERS[field], focusIndex, dict: focusIndex >= 0 ? null : new DictionaryColumn() };
    });
    this.memoKeyBuf = new Uint32Array(1 + this.ruleSources.length);
  }

  get rows(): number {
    return this.day.length;
  }

  /**
   * Adds one record. `tagsKey` is the source's own text of the tags (when it has one), used
   * to intern tag sets without serialising them again.
   */
  add(rec: CostRecord, tagsKey?: string): void {
    if (!Number.isFinite(rec.chargePeriodStart)) throw new RecordError('ChargePeriodStart is not a time');
    // Parse all three first, so a bad amount leaves no partial row behind.
    const e = splitAmount(rec.effectiveCost, 'EffectiveCost');
    const b = splitAmount(rec.billedCost, 'BilledCost');
    const l = splitAmount(rec.listCost, 'ListCost');
    this.pushAmount(this.amountCols.effective, e);
    this.pushAmount(this.amountCols.billed, b);
    this.pushAmount(this.amountCols.list, l);
    // A period belongs to the local day of its middle: a daily UTC row (00:00Z–24:00Z) is
    // that date in New York too, not the evening before; an hourly row is its own hour.
    const end = rec.chargePeriodEnd;
    const start = rec.chargePeriodStart;
    this.day.push(this.toDay(end > start && end - start <= MAX_DAY_PERIOD_MS ? start + (end - start) / 2 : start));
    this.end.push(Number.isFinite(rec.chargePeriodEnd) ? rec.chargePeriodEnd : rec.chargePeriodStart);
    // Normalising allocates two strings; exports repeat one currency on every row.
    if (rec.currency !== this.lastCurrency) {
      this.lastCurrency = rec.currency;
      this.lastCurrencyCode = this.currency.code((rec.currency || 'USD').trim().toUpperCase());
    }
    this.currency.codes.push(this.lastCurrencyCode);

    // Readers share one tags object between records with the same tags: intern by identity first.
    let tagCode = this.tagObjects.get(rec.tags);
    if (tagCode === undefined) {
      tagCode = this.tagsets.code(tagsKey ?? stableTagsKey(rec.tags));
      this.tagObjects.set(rec.tags, tagCode);
    }
    if (tagCode === this.tagsetTags.length) this.tagsetTags.push(normalizeTags(rec.tags));
    this.tagsets.codes.push(tagCode);

    // FOCUS key columns first: their codes double as the memo key's parts.
    const fc = this.focusCodeBuf;
    for (let i = 0; i < this.focusCols.length; i++) {
      const v = this.focusGetters[i]!(rec);
      fc[i] = this.focusCols[i]!.code(typeof v === 'string' ? v : '');
    }
    // The first name given for each resource (one array slot per resource code: cheap per row).
    if (this.resourceIndex >= 0 && rec.resourceName && this.resourceNameOf[fc[this.resourceIndex]!] === undefined) {
      this.resourceNameOf[fc[this.resourceIndex]!] = rec.resourceName;
    }
    // The allocation depends only on the tags, the account and the fields rules read:
    // memoise it on their codes, hashed to a small integer (a number key hashes far
    // faster than a string built per row); the codes themselves settle collisions.
    const key = this.memoKeyBuf;
    key[0] = tagCode;
    const sources = this.ruleSources;
    for (let k = 0; k < sources.length; k++) {
      const r = sources[k]!;
      key[k + 1] = r.focusIndex >= 0 ? fc[r.focusIndex]! : r.dict!.code(ruleText(r.get(rec)));
    }
    let hash = 0;
    for (let k = 0; k < key.length; k++) hash = Math.imul(hash ^ key[k]!, 0x9e3779b1) >>> 0;
    hash &= 0x3fffffff;
    let alloc = this.memo.get(hash);
    while (alloc !== undefined && !sameCodes(alloc.key, key)) alloc = alloc.next;
    if (alloc === undefined) {
      const sharedIdx = this.allocator.sharedIndex(rec);
      let values = this.allocator.allocate(rec, this.tagsetTags[tagCode]!);
      let shared = sharedIdx;
      // A shared rule with `split: none` stays its own row: every dimension takes its name.
      if (sharedIdx >= 0 && this.allocator.sharedSplits[sharedIdx] === 'none') {
        values = values.map(() => this.allocator.sharedNames[sharedIdx]!);
        shared = -1;
      }
      alloc = { key: key.slice(), dims: values.map((v, i) => this.dimCols[i]!.code(v)), shared, next: this.memo.get(hash) };
      this.memo.set(hash, alloc);
    }
    for (let i = 0; i < alloc.dims.length; i++) this.dimCols[i]!.codes.push(alloc.dims[i]!);
    this.shared.push(alloc.shared);
    for (let i = 0; i < this.focusCols.length; i++) this.focusCols[i]!.codes.push(fc[i]!);
  }

  private pushAmount(col: { hi: GrowableColumn<Float64Array>; lo: GrowableColumn<Float64Array>; max: number }, a: SplitAmount): void {
    col.hi.push(a.hi);
    col.lo.push(a.lo);
    const abs = a.hi < 0 ? -a.hi : a.hi;
    if (abs > col.max) col.max = abs;
  }

  /**
   * Sorts rows by day (a stable counting sort), freezes the columns and, unless told not
   * to, merges the rows no query can tell apart (`compactByDay`). With `release`, each
   * growing column is let go as soon as its sorted copy exists (less peak memory; the
   * builder cannot be built again).
   */
  build(opts: { compact?: boolean; release?: boolean } = {}): Dataset {
    const n = this.day.length;
    const rel = opts.release === true;
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

    const endSorted = this.end.permuted(order, Float64Array, rel);
    const day = this.day.permuted<Int32Array>(order, Int32Array, rel);
    const dayMaxEnd = new Float64Array(span).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      const k = day[i]! - minDay;
      if (endSorted[i]! > dayMaxEnd[k]!) dayMaxEnd[k] = endSorted[i]!;
    }
    const coded = (c: DictionaryColumn): CodedColumn => ({ codes: c.codes.permuted(order, Uint32Array, rel), values: c.values });
    const amounts = {} as Record<Metric, AmountColumns>;
    for (const m of ['effective', 'billed', 'list'] as const) {
      const c = this.amountCols[m];
      amounts[m] = { hi: c.hi.permuted(order, Float64Array, rel), lo: c.lo.permuted(order, Float64Array, rel), maxAbsHi: c.max };
    }
    const columns: Record<string, CodedColumn> = {};
    for (const [k, c] of Object.entries(this.cols)) columns[k] = coded(c);
    for (const d of this.allocator.dimensions) columns[d] = foldCase(columns[d]!);
    const ds: Dataset = {
      source: this.source,
      timezone: this.timezone,
      rows: n,
      sourceRows: n,
      day,
      amounts,
      currency: coded(this.currency),
      shared: this.shared.permuted<Int16Array>(order, Int16Array, rel),
      columns,
      tagsets: { ...coded(this.tagsets), tags: this.tagsetTags },
      dimensions: this.allocator.dimensions,
      sharedNames: this.allocator.sharedNames,
      sharedSplits: this.allocator.sharedSplits,
      unallocated: this.allocator.unallocated,
      dayMaxEnd,
      minDay,
      maxDay,
      resourceNames: this.resourceNames(),
    };
    return opts.compact === false ? ds : compactByDay(ds);
  }

  private resourceNames(): Map<string, string> {
    const out = new Map<string, string>();
    if (this.resourceIndex < 0) return out;
    const ids = this.focusCols[this.resourceIndex]!.values;
    this.resourceNameOf.forEach((name, code) => {
      const id = ids[code];
      if (id && name && name !== id) out.set(id, name);
    });
    return out;
  }
}

type FieldGetter = (rec: CostRecord) => CostRecord[keyof CostRecord];

/**
 * One reader per field: `rec[field]` with a variable key is a megamorphic keyed load,
 * measurably slow at millions of rows; each of these is a plain monomorphic load.
 */
const FIELD_GETTERS: { [K in keyof CostRecord]-?: (rec: CostRecord) => CostRecord[K] } = {
  chargePeriodStart: (r) => r.chargePeriodStart,
  chargePeriodEnd: (r) => r.chargePeriodEnd,
  billedCost: (r) => r.billedCost,
  effectiveCost: (r) => r.effectiveCost,
  listCost: (r) => r.listCost,
  currency: (r) => r.currency,
  provider: (r) => r.provider,
  subAccountId: (r) => r.subAccountId,
  subAccountName: (r) => r.subAccountName,
  serviceName: (r) => r.serviceName,
  serviceCategory: (r) => r.serviceCategory,
  skuId: (r) => r.skuId,
  chargeDescription: (r) => r.chargeDescription,
  resourceId: (r) => r.resourceId,
  resourceName: (r) => r.resourceName,
  resourceType: (r) => r.resourceType,
  regionId: (r) => r.regionId,
  chargeCategory: (r) => r.chargeCategory,
  pricingCategory: (r) => r.pricingCategory,
  consumedQuantity: (r) => r.consumedQuantity,
  consumedUnit: (r) => r.consumedUnit,
  tags: (r) => r.tags,
};

/** One memoised allocation; entries whose keys hash alike are chained through `next`. */
interface MemoEntry {
  key: Uint32Array;
  dims: number[];
  shared: number;
  next: MemoEntry | undefined;
}

function sameCodes(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A rule field's text as the memo sees it (rules read text fields; tags are not rule fields). */
function ruleText(v: CostRecord[keyof CostRecord] | undefined): string {
  return typeof v === 'string' ? v : String(v ?? '');
}

/** An amount's split form; empty text is zero. Throws RecordError for text that is not a usable amount. */
function splitAmount(text: string, column: string): SplitAmount {
  if (text === '' || text === undefined) return { hi: 0, lo: 0 };
  const fast = splitDecimalFast(text);
  if (fast) return fast;
  const pico = parsePico(text);
  if (pico === null) throw new RecordError(`${column} is not a number: ${JSON.stringify(text)}`);
  if (pico > MAX_RECORD_PICO || pico < -MAX_RECORD_PICO) throw new RecordError(`${column} is too large for one cost record: ${text}`);
  return splitPico(pico);
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
