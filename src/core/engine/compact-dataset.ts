import type { AmountColumns, CodedColumn, Dataset } from './dataset.js';

const METRICS = ['effective', 'billed', 'list'] as const;
const EXACT_LIMIT = 2 ** 52;

/**
 * Merges rows that no query can tell apart: the same local day and the same code in
 * every column (dimensions, FOCUS keys, tag set, currency, shared rule). A day is the
 * finest grain of every answer, so an hourly export shrinks about 24-fold and every scan
 * with it, and sums stay exact: the split amounts are integers, merged only while the
 * largest possible sum stays below 2^52 (otherwise the dataset is returned as it is).
 * The rows must be sorted by day.
 *
 * Daily exports have nothing to merge (one row per resource and day): when the first days
 * (the first `PROBE_ROWS` rows) would shrink by less than a tenth, the dataset is returned as it
 * is without building a key for every row. Either way every answer is the same.
 */
export function compactByDay(ds: Dataset): Dataset {
  const n = ds.rows;
  if (!worthMerging(ds)) return ds;
  for (const m of METRICS) {
    let sum = 0;
    const hi = ds.amounts[m].hi;
    for (let i = 0; i < n; i++) sum += Math.abs(hi[i]!);
    if (sum >= EXACT_LIMIT) return ds;
  }
  const keyCols = keyColumns(ds);
  const target = new Int32Array(n);
  const firstRow: number[] = [];
  let groups = 0;
  let dayMap = new Map<string, number>();
  let currentDay = n > 0 ? ds.day[0]! : 0;
  for (let i = 0; i < n; i++) {
    if (ds.day[i] !== currentDay) {
      currentDay = ds.day[i]!;
      dayMap = new Map();
    }
    const key = rowKey(ds, keyCols, i);
    let g = dayMap.get(key);
    if (g === undefined) {
      g = groups++;
      dayMap.set(key, g);
      firstRow.push(i);
    }
    target[i] = g;
  }
  if (groups === n) return ds;

  const pick = <T extends Uint32Array | Int32Array | Int16Array>(src: T, make: (len: number) => T): T => {
    const out = make(groups);
    for (let g = 0; g < groups; g++) out[g] = src[firstRow[g]!]!;
    return out;
  };
  const coded = (c: CodedColumn): CodedColumn => {
    const out: CodedColumn = { codes: pick(c.codes, (l) => new Uint32Array(l)), values: c.values };
    if (c.spellings) out.spellings = { codes: pick(c.spellings.codes, (l) => new Uint32Array(l)), values: c.spellings.values };
    return out;
  };
  const amounts = {} as Record<(typeof METRICS)[number], AmountColumns>;
  for (const m of METRICS) {
    const src = ds.amounts[m];
    const hi = new Float64Array(groups);
    const lo = new Float64Array(groups);
    for (let i = 0; i < n; i++) {
      hi[target[i]!] += src.hi[i]!;
      lo[target[i]!] += src.lo[i]!;
    }
    let maxAbsHi = 0;
    for (let g = 0; g < groups; g++) maxAbsHi = Math.max(maxAbsHi, Math.abs(hi[g]!));
    amounts[m] = { hi, lo, maxAbsHi };
  }
  const columns: Record<string, CodedColumn> = {};
  for (const [k, c] of Object.entries(ds.columns)) columns[k] = coded(c);
  return {
    ...ds,
    rows: groups,
    day: pick(ds.day, (l) => new Int32Array(l)),
    amounts,
    currency: coded(ds.currency),
    shared: pick(ds.shared, (l) => new Int16Array(l)),
    columns,
    tagsets: { ...coded(ds.tagsets), tags: ds.tagsets.tags },
  };
}

const PROBE_ROWS = 50_000;

function keyColumns(ds: Dataset): Uint32Array[] {
  return [
    ...Object.values(ds.columns).flatMap((c) => (c.spellings ? [c.codes, c.spellings.codes] : [c.codes])),
    ds.tagsets.codes,
    ds.currency.codes,
  ];
}

/** What makes two rows of one day the same row. */
function rowKey(ds: Dataset, keyCols: Uint32Array[], i: number): string {
  let key = String(ds.shared[i]);
  for (const col of keyCols) key += `,${col[i]}`;
  return key;
}

/** True when the first PROBE_ROWS rows would shrink by a tenth or more. */
function worthMerging(ds: Dataset): boolean {
  const n = ds.rows;
  if (n <= PROBE_ROWS) return true;
  const keyCols = keyColumns(ds);
  let seen = new Set<string>();
  let rows = 0;
  let groups = 0;
  let day = ds.day[0]!;
  for (let i = 0; i < PROBE_ROWS; i++) {
    if (ds.day[i] !== day) {
      day = ds.day[i]!;
      groups += seen.size;
      seen = new Set();
    }
    seen.add(rowKey(ds, keyCols, i));
    rows++;
  }
  groups += seen.size;
  return groups <= rows * 0.9;
}
