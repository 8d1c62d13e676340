/** Helpers shared by this folder's tests (not part of the public API). */
import type { CostRecord } from '../../../src/core/types.js';

/** The value of the first of `keys` present in `tags` (keys trimmed, case-insensitive), as the allocation layer reads tags. */
export function tagValue(tags: Record<string, string>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    for (const [k, v] of Object.entries(tags)) if (k.trim().toLowerCase() === key) return v;
  }
  return undefined;
}

/** Exact sum of decimal texts (≤ 6 decimals) in micros, as a bigint. */
export function sumMicros(values: Iterable<string>): bigint {
  let total = 0n;
  for (const v of values) {
    const negative = v.startsWith('-');
    const [whole, frac = ''] = (negative ? v.slice(1) : v).split('.');
    const micros = BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
    total += negative ? -micros : micros;
  }
  return total;
}

/** `YYYY-MM-DD` of a record's charge period start. */
export const dayOf = (r: CostRecord): string => new Date(r.chargePeriodStart).toISOString().slice(0, 10);

/** Groups in first-seen order (Map.groupBy needs Node 21). */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
