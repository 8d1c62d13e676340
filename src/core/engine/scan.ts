import { joinSplit } from '../money.js';
import type { FilterSpec, Metric } from '../types.js';
import type { CodedColumn, Dataset } from './dataset.js';
import { spellingsInRange } from './scan-spellings.js';

/** The label an empty value gets in answers, and that a filter can name (`region=(none)`). */
export const NONE_LABEL = '(none)';

/** What one pass over a dataset computes. Days are local day numbers. */
export interface ScanPlan {
  startDay: number;
  endDay: number;
  /** Bucket start days, ascending; the first is `startDay`. One bucket when no series. */
  bucketStarts: number[];
  groupBy: string[];
  filters: Record<string, FilterSpec>;
  metric: Metric;
  currency: string;
  /** The dimension whose unallocated label is measured, or null. */
  unallocatedDimension: string | null;
  /** Dimensions whose distinct combinations an `even` shared split counts. */
  evenDimensions: string[];
}

/** One group's direct cost per bucket, in pico-units. */
export interface GroupSums {
  key: string[];
  direct: bigint[];
}

/**
 * The result of scanning one dataset, keyed by values rather than dictionary codes so
 * that partial results from several datasets (providers) merge by simple addition.
 */
export interface ScanPartial {
  groups: Map<string, GroupSums>;
  /** Direct (non-shared) cost of all rows in range, filters ignored, per bucket. */
  directAll: bigint[];
  /** Shared pool name → amount per bucket. */
  pools: Map<string, { split: 'proportional' | 'even' | 'none'; amounts: bigint[] }>;
  /** Per bucket: combination key of the even dimensions → group key, for all direct rows / filtered ones. */
  combosAll: Set<string>[];
  combosPass: Map<string, string>[];
  unallocated: bigint[];
  unallocatedResources: Map<string, bigint>;
  /** Rows in range in another currency: currency → amount (not summed into anything). */
  otherCurrencies: Map<string, bigint>;
  /** Filter values that match nothing in this dataset: key → values. */
  unmatchedFilterValues: Map<string, string[]>;
  maxEnd: number;
  rowsScanned: number;
  /**
   * ResourceId → ResourceName for the resources this partial reports (its groups when
   * grouped by `resource`, and its unallocated resources), when the source knows names.
   */
  resourceNames?: Map<string, string>;
}

export interface CompiledFilter {
  codes: Uint32Array;
  mask: Uint8Array;
}

/** Lower-cased filter values; `(none)` names the empty value. */
function filterValues(values: string[] | undefined): string[] | undefined {
  return values?.map((v) => (v.trim().toLowerCase() === NONE_LABEL ? '' : v.toLowerCase()));
}

function valueMask(col: CodedColumn, spec: FilterSpec, unmatched: string[]): Uint8Array {
  const lower = col.values.map((v) => v.toLowerCase());
  const mask = new Uint8Array(col.values.length);
  const wanted = filterValues(spec.in);
  const banned = new Set(filterValues(spec.notIn) ?? []);
  if (wanted) {
    const want = new Set(wanted);
    for (let c = 0; c < lower.length; c++) mask[c] = want.has(lower[c]!) && !banned.has(lower[c]!) ? 1 : 0;
    const present = new Set(lower);
    (spec.in ?? []).forEach((v, k) => {
      if (!present.has(wanted[k]!)) unmatched.push(v);
    });
  } else {
    for (let c = 0; c < lower.length; c++) mask[c] = banned.has(lower[c]!) ? 0 : 1;
  }
  return mask;
}

function tagMask(ds: Dataset, tagKey: string, spec: FilterSpec): Uint8Array {
  const key = tagKey.trim().toLowerCase();
  const wanted = spec.in ? new Set(spec.in.map((v) => v.toLowerCase())) : null;
  const banned = new Set(spec.notIn?.map((v) => v.toLowerCase()) ?? []);
  return Uint8Array.from(ds.tagsets.tags, (tags) => {
    const v = (tags.get(key) ?? '').toLowerCase();
    if (banned.has(v)) return 0;
    return wanted === null || wanted.has(v) ? 1 : 0;
  });
}

function grow(a: Float64Array): Float64Array<ArrayBuffer> {
  const next = new Float64Array(a.length * 2);
  next.set(a);
  return next;
}

/** Adds each group's float sums into its BigInt sums and zeroes the floats. */
function flushGroups(groups: bigint[][], accHi: Float64Array, accLo: Float64Array, B: number): void {
  for (let g = 0; g < groups.length; g++) {
    const row = groups[g]!;
    for (let b = 0; b < B; b++) {
      const k = g * B + b;
      if (accHi[k] !== 0 || accLo[k] !== 0) row[b] = row[b]! + joinSplit(accHi[k]!, accLo[k]!);
    }
  }
  accHi.fill(0);
  accLo.fill(0);
}

/** Adds code-indexed float sums into a sparse BigInt map and zeroes the floats. */
function flushSparse(into: Map<number, bigint>, hi: Float64Array, lo: Float64Array): void {
  for (let c = 0; c < hi.length; c++) {
    if (hi[c] !== 0 || lo[c] !== 0) into.set(c, (into.get(c) ?? 0n) + joinSplit(hi[c]!, lo[c]!));
  }
  hi.fill(0);
  lo.fill(0);
}

/** Notes the combination of the even-split dimensions of row `i` (only when a pool splits evenly). */
function recordCombo(
  i: number, b: number, pass: boolean,
  evenCols: (CodedColumn | undefined)[], groupCols: (CodedColumn | undefined)[],
  combosAll: Set<string>[], combosPass: Map<string, string>[],
): void {
  const combo = evenCols.map((c) => (c ? c.values[c.codes[i]!] : '')).join('\u0000');
  combosAll[b]!.add(combo);
  if (pass) combosPass[b]!.set(combo, groupCols.map((c) => (c ? c.values[c.codes[i]!] : '')).join('\u0000'));
}

const tagColumns = new WeakMap<Dataset, Map<string, CodedColumn>>();

/**
 * A tag's values as a column (`by tag:cost-center`), built from the dataset's tag sets
 * once per tag key and kept while the dataset lives. Rows without the tag get the
 * unallocated label. Values that differ only by case are one group, as in filters.
 */
function tagColumn(ds: Dataset, tagKey: string): CodedColumn {
  const key = tagKey.trim().toLowerCase();
  let cache = tagColumns.get(ds);
  if (!cache) tagColumns.set(ds, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  const values: string[] = [];
  const index = new Map<string, number>();
  const setCode = ds.tagsets.tags.map((tags) => {
    const v = tags.get(key) ?? ds.unallocated;
    const folded = v.toLowerCase();
    let c = index.get(folded);
    if (c === undefined) {
      c = values.length;
      values.push(v);
      index.set(folded, c);
    }
    return c;
  });
  const codes = new Uint32Array(ds.rows);
  for (let i = 0; i < ds.rows; i++) codes[i] = setCode[ds.tagsets.codes[i]!]!;
  const col = { codes, values };
  cache.set(key, col);
  return col;
}

function lowerBound(day: Int32Array, target: number): number {
  let lo = 0;
  let hi = day.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (day[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Scans the rows of one dataset in the plan's range once:
 * 1. rows in another currency are set aside (never summed with the answer's currency);
 * 2. shared rows add to their pool, whatever the filters;
 * 3. direct rows add to the unfiltered direct total (the base of proportional splits);
 * 4. direct rows that pass the filters add to their group and bucket, and to the
 *    unallocated sums when the measured dimension has the unallocated label.
 * Float accumulators hold exact integers and are flushed to BigInt before they could
 * lose precision.
 */
export function scanDataset(ds: Dataset, plan: ScanPlan): ScanPartial {
  const B = plan.bucketStarts.length;
  const unmatched = new Map<string, string[]>();
  const filters: CompiledFilter[] = [];
  let impossible = false;
  for (const [key, spec] of Object.entries(plan.filters)) {
    if (key.toLowerCase().startsWith('tag:')) {
      filters.push({ codes: ds.tagsets.codes, mask: tagMask(ds, key.slice(4), spec) });
      continue;
    }
    const col = ds.columns[key];
    if (!col) {
      impossible = impossible || Boolean(spec.in);
      continue;
    }
    const miss: string[] = [];
    filters.push({ codes: col.codes, mask: valueMask(col, spec, miss) });
    if (miss.length) unmatched.set(key, miss);
  }
  const groupCols = plan.groupBy.map((k) => (k.toLowerCase().startsWith('tag:') ? tagColumn(ds, k.slice(4)) : ds.columns[k]));
  const uCol = plan.unallocatedDimension ? ds.columns[plan.unallocatedDimension] : undefined;
  const uCode = uCol ? uCol.values.indexOf(ds.unallocated) : -1;
  const resourceCol = ds.columns.resource!;
  const curCode = ds.currency.values.indexOf(plan.currency);
  const { hi, lo, maxAbsHi } = ds.amounts[plan.metric];

  const i0 = lowerBound(ds.day, plan.startDay);
  const i1 = lowerBound(ds.day, plan.endDay);
  const span = plan.endDay - plan.startDay;
  const bucketOf = new Int32Array(Math.max(span, 0));
  for (let b = 0, d = 0; d < span; d++) {
    while (b + 1 < B && plan.startDay + d >= plan.bucketStarts[b + 1]!) b++;
    bucketOf[d] = b;
  }

  // Group index: a dense lookup table over code combinations when small enough.
  const card = groupCols.map((c) => (c ? c.values.length : 1));
  const combos = card.reduce((a, b) => a * b, 1);
  const dense = combos <= 1 << 22 ? new Int32Array(combos).fill(-1) : null;
  const sparse = dense ? null : new Map<number, number>();
  const groupCodes: number[][] = [];
  let accHi: Float64Array<ArrayBuffer> = new Float64Array(16 * B);
  let accLo: Float64Array<ArrayBuffer> = new Float64Array(16 * B);
  const big = { groups: [] as bigint[][], all: new Array<bigint>(B).fill(0n), pools: [] as bigint[][], unalloc: new Array<bigint>(B).fill(0n) };
  const allHi = new Float64Array(B), allLo = new Float64Array(B);
  const P = ds.sharedNames.length;
  const poolHi = new Float64Array(P * B), poolLo = new Float64Array(P * B);
  const uHi = new Float64Array(B), uLo = new Float64Array(B);
  for (let p = 0; p < P; p++) big.pools.push(new Array<bigint>(B).fill(0n));
  const otherHi = new Float64Array(ds.currency.values.length), otherLo = new Float64Array(ds.currency.values.length);
  const evenCols = plan.evenDimensions.map((k) => ds.columns[k]);
  const needCombos = ds.sharedSplits.includes('even');
  const combosAll = Array.from({ length: B }, () => new Set<string>());
  const combosPass = Array.from({ length: B }, () => new Map<string, string>());

  const resBig = new Map<number, bigint>();
  const otherBig = new Map<number, bigint>();
  let resHi: Float64Array | null = null;
  let resLo: Float64Array | null = null;

  // Rows per chunk such that no float sum of micro-units can pass 2^53; after each chunk
  // the float accumulators are flushed into BigInt. (No closures over the accumulators:
  // V8 keeps the hot loop's locals in registers only when nothing captures them.)
  const chunk = Math.max(1, Math.floor(2 ** 52 / (maxAbsHi + 1)));
  const F = filters.length;
  const fMasks = filters.map((f) => f.mask);
  const fCodes = filters.map((f) => f.codes);
  const g0 = groupCols[0]?.codes, g1 = groupCols[1]?.codes;
  const card1 = card[1] ?? 1;
  const cur = ds.currency.codes, shared = ds.shared, day = ds.day;
  const uCodes = uCol && uCode >= 0 ? uCol.codes : null;
  const resCodes = resourceCol.codes;
  const startDay = plan.startDay;
  let groupCount = 0;
  for (let start = impossible ? i1 : i0; start < i1; start += chunk) {
    const stop = Math.min(i1, start + chunk);
    for (let i = start; i < stop; i++) {
      const h = hi[i]!, l = lo[i]!;
      const cc = cur[i]!;
      if (cc !== curCode) {
        otherHi[cc] += h;
        otherLo[cc] += l;
        continue;
      }
      const b = bucketOf[day[i]! - startDay]!;
      const s = shared[i]!;
      if (s >= 0) {
        poolHi[s * B + b] += h;
        poolLo[s * B + b] += l;
        continue;
      }
      allHi[b] += h;
      allLo[b] += l;
      let pass = true;
      for (let f = 0; f < F; f++) {
        if (fMasks[f]![fCodes[f]![i]!] === 0) {
          pass = false;
          break;
        }
      }
      if (needCombos) recordCombo(i, b, pass, evenCols, groupCols, combosAll, combosPass);
      if (!pass) continue;
      const ck = g0 === undefined ? 0 : g1 === undefined ? g0[i]! : g0[i]! * card1 + g1[i]!;
      let g = dense !== null ? dense[ck]! : (sparse!.get(ck) ?? -1);
      if (g < 0) {
        g = groupCount++;
        groupCodes.push([g0 ? g0[i]! : 0, g1 ? g1[i]! : 0]);
        big.groups.push(new Array<bigint>(B).fill(0n));
        if (dense !== null) dense[ck] = g;
        else sparse!.set(ck, g);
        if ((g + 1) * B > accHi.length) {
          accHi = grow(accHi);
          accLo = grow(accLo);
        }
      }
      accHi[g * B + b] += h;
      accLo[g * B + b] += l;
      if (uCodes !== null && uCodes[i] === uCode) {
        uHi[b] += h;
        uLo[b] += l;
        if (resHi === null || resLo === null) {
          resHi = new Float64Array(resourceCol.values.length);
          resLo = new Float64Array(resourceCol.values.length);
        }
        resHi[resCodes[i]!] += h;
        resLo[resCodes[i]!] += l;
      }
    }
    flushGroups(big.groups, accHi, accLo, B);
    for (let b = 0; b < B; b++) {
      big.all[b] = big.all[b]! + joinSplit(allHi[b]!, allLo[b]!);
      big.unalloc[b] = big.unalloc[b]! + joinSplit(uHi[b]!, uLo[b]!);
      for (let p = 0; p < P; p++) big.pools[p]![b] = big.pools[p]![b]! + joinSplit(poolHi[p * B + b]!, poolLo[p * B + b]!);
    }
    allHi.fill(0); allLo.fill(0); uHi.fill(0); uLo.fill(0); poolHi.fill(0); poolLo.fill(0);
    if (resHi !== null && resLo !== null) flushSparse(resBig, resHi, resLo);
    flushSparse(otherBig, otherHi, otherLo);
  }

  const spelled = spellingsInRange(ds, plan, groupCols, groupCodes, filters, impossible ? i1 : i0, i1, curCode);
  const groups = new Map<string, GroupSums>();
  const renamed = new Map<string, string>();
  const respelled = spelled.some((m) => m !== undefined);
  for (let g = 0; g < groupCodes.length; g++) {
    const codes = groupCodes[g]!;
    const datasetKey = groupCols.map((c, j) => (c ? c.values[codes[j]!]! : ''));
    const key = respelled ? datasetKey.map((v, j) => spelled[j]?.get(codes[j]!) ?? v) : datasetKey;
    const joined = key.join('\u0000');
    groups.set(joined, { key, direct: big.groups[g]! });
    if (respelled && key.some((v, j) => v !== datasetKey[j])) renamed.set(datasetKey.join('\u0000'), joined);
  }
  if (renamed.size > 0) for (const m of combosPass) for (const [combo, gk] of m) m.set(combo, renamed.get(gk) ?? gk);
  const pools = new Map<string, { split: 'proportional' | 'even' | 'none'; amounts: bigint[] }>();
  ds.sharedNames.forEach((name, p) => pools.set(name, { split: ds.sharedSplits[p]!, amounts: big.pools[p]! }));
  const unallocatedResources = new Map<string, bigint>();
  for (const [c, v] of resBig) unallocatedResources.set(resourceCol.values[c] || '(no resource id)', v);
  const resourceNames = new Map<string, string>();
  if (ds.resourceNames && ds.resourceNames.size > 0) {
    const at = plan.groupBy.indexOf('resource');
    const ids = [...unallocatedResources.keys(), ...(at >= 0 ? [...groups.values()].map((g) => g.key[at]!) : [])];
    for (const id of ids) {
      const name = ds.resourceNames.get(id);
      if (name !== undefined) resourceNames.set(id, name);
    }
  }
  const otherCurrencies = new Map<string, bigint>();
  for (const [c, v] of otherBig) if (v !== 0n) otherCurrencies.set(ds.currency.values[c]!, v);

  let maxEnd = -Infinity;
  for (let d = Math.max(plan.startDay, ds.minDay); d < Math.min(plan.endDay, ds.maxDay + 1); d++) {
    const e = ds.dayMaxEnd[d - ds.minDay]!;
    if (e > maxEnd) maxEnd = e;
  }
  return {
    groups,
    directAll: big.all,
    pools,
    combosAll,
    combosPass,
    unallocated: big.unalloc,
    unallocatedResources,
    otherCurrencies,
    unmatchedFilterValues: unmatched,
    maxEnd,
    rowsScanned: Math.max(0, i1 - i0),
    resourceNames,
  };
}
