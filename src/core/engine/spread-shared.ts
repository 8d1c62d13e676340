import { addExact, exact, ZERO, type Exact } from '../money.js';
import { chooseSpelling } from './fold-case.js';
import type { ScanPartial } from './scan.js';

const SEP = '\u0000';

/**
 * The group key every partial's key maps to: values of the `fold` positions (allocation
 * dimensions) that differ only by case are one group across sources, spelt by
 * `chooseSpelling` of their spellings, as within one dataset.
 */
function mergedKeys(parts: ScanPartial[], fold: boolean[]): (key: string) => string {
  if (!fold.some(Boolean)) return (key) => key;
  const canon = (key: string[]) => key.map((v, j) => (fold[j] ? v.toLowerCase() : v)).join(SEP);
  const spellings = new Map<string, Set<string>[]>();
  for (const p of parts) {
    for (const g of p.groups.values()) {
      const c = canon(g.key);
      const sets = spellings.get(c) ?? g.key.map(() => new Set<string>());
      g.key.forEach((v, j) => sets[j]!.add(v));
      spellings.set(c, sets);
    }
  }
  const chosen = new Map([...spellings].map(([c, sets]) => [c, sets.map((set) => chooseSpelling(set)).join(SEP)]));
  return (key) => chosen.get(canon(key.split(SEP))) ?? key;
}

/**
 * Adds partial scans of several datasets (providers) into one. `fold` marks the grouped
 * positions whose values merge case-insensitively (the allocation dimensions).
 */
export function mergePartials(parts: ScanPartial[], buckets: number, fold: boolean[] = []): ScanPartial {
  const zero = () => new Array<bigint>(buckets).fill(0n);
  const add = (a: bigint[], b: bigint[]) => a.forEach((v, i) => (a[i] = v + (b[i] ?? 0n)));
  const out: ScanPartial = {
    groups: new Map(),
    directAll: zero(),
    pools: new Map(),
    combosAll: Array.from({ length: buckets }, () => new Set<string>()),
    combosPass: Array.from({ length: buckets }, () => new Map<string, string>()),
    unallocated: zero(),
    unallocatedResources: new Map(),
    otherCurrencies: new Map(),
    unmatchedFilterValues: new Map(),
    maxEnd: -Infinity,
    rowsScanned: 0,
    resourceNames: new Map(),
  };
  const keyOf = mergedKeys(parts, fold);
  const unmatchedCount = new Map<string, Map<string, number>>();
  for (const p of parts) {
    for (const [k, g] of p.groups) {
      const merged = keyOf(k);
      const cur = out.groups.get(merged);
      if (cur) add(cur.direct, g.direct);
      else out.groups.set(merged, { key: merged === k ? g.key : merged.split(SEP), direct: g.direct.slice() });
    }
    for (const [id, name] of p.resourceNames ?? []) if (!out.resourceNames!.has(id)) out.resourceNames!.set(id, name);
    add(out.directAll, p.directAll);
    for (const [name, pool] of p.pools) {
      const cur = out.pools.get(name);
      if (cur) add(cur.amounts, pool.amounts);
      else out.pools.set(name, { split: pool.split, amounts: pool.amounts.slice() });
    }
    p.combosAll.forEach((s, b) => s.forEach((c) => out.combosAll[b]!.add(c)));
    p.combosPass.forEach((m, b) => m.forEach((g, c) => out.combosPass[b]!.set(c, keyOf(g))));
    add(out.unallocated, p.unallocated);
    for (const [r, v] of p.unallocatedResources) out.unallocatedResources.set(r, (out.unallocatedResources.get(r) ?? 0n) + v);
    for (const [c, v] of p.otherCurrencies) out.otherCurrencies.set(c, (out.otherCurrencies.get(c) ?? 0n) + v);
    for (const [k, vals] of p.unmatchedFilterValues) {
      const m = unmatchedCount.get(k) ?? new Map<string, number>();
      vals.forEach((v) => m.set(v, (m.get(v) ?? 0) + 1));
      unmatchedCount.set(k, m);
    }
    out.maxEnd = Math.max(out.maxEnd, p.maxEnd);
    out.rowsScanned += p.rowsScanned;
  }
  // A filter value is unmatched only if no dataset has it.
  for (const [k, m] of unmatchedCount) {
    const vals = [...m].filter(([, n]) => n === parts.length).map(([v]) => v);
    if (vals.length) out.unmatchedFilterValues.set(k, vals);
  }
  return out;
}

/** Sums a partial's buckets into one bucket (the whole range). */
export function collapseBuckets(p: ScanPartial): ScanPartial {
  const sum = (a: bigint[]) => [a.reduce((s, v) => s + v, 0n)];
  const groups = new Map([...p.groups].map(([k, g]) => [k, { key: g.key, direct: sum(g.direct) }]));
  const pools = new Map([...p.pools].map(([k, v]) => [k, { split: v.split, amounts: sum(v.amounts) }]));
  const combosAll = [new Set<string>(p.combosAll.flatMap((s) => [...s]))];
  const combosPass = [new Map<string, string>(p.combosPass.flatMap((m) => [...m]))];
  return { ...p, groups, directAll: sum(p.directAll), pools, combosAll, combosPass, unallocated: sum(p.unallocated) };
}

/** The cost of each group in one bucket with shared pools spread into it, exactly. */
export interface SpreadBucket {
  groups: Map<string, { key: string[]; value: Exact }>;
  /** Pools that could not be spread (no direct cost to spread over): their own rows. */
  unspread: { name: string; value: Exact }[];
  /** The unallocated cost with its share of the pools. */
  unallocated: Exact;
  /** Each pool's amount spread into `groups` (the part of it the answer's groups carry). */
  spread: Map<string, Exact>;
}

/**
 * Spreads each shared pool of bucket `b` over the groups (`allocation.md`):
 * - proportional: a set S of direct costs carries pool × direct(S) / direct(all);
 * - even: pool × (combinations in S) / (all combinations of the grouping and filter
 *   dimensions that have direct cost in the bucket).
 * When there is nothing to spread over, the pool stays its own row.
 */
export function spreadBucket(p: ScanPartial, b: number): SpreadBucket {
  const D = p.directAll[b] ?? 0n;
  const groups = new Map<string, { key: string[]; value: Exact }>();
  for (const [k, g] of p.groups) groups.set(k, { key: g.key, value: exact(g.direct[b] ?? 0n) });
  let unallocated = exact(p.unallocated[b] ?? 0n);
  const unspread: SpreadBucket['unspread'] = [];
  const spread = new Map<string, Exact>();
  const carry = (name: string, value: Exact) => spread.set(name, addExact(spread.get(name) ?? ZERO, value));
  for (const [name, pool] of p.pools) {
    const amount = pool.amounts[b] ?? 0n;
    if (amount === 0n) continue;
    if (pool.split === 'even') {
      const total = BigInt(p.combosAll[b]!.size);
      if (total === 0n) {
        unspread.push({ name, value: exact(amount) });
        continue;
      }
      const perGroup = new Map<string, bigint>();
      for (const gk of p.combosPass[b]!.values()) perGroup.set(gk, (perGroup.get(gk) ?? 0n) + 1n);
      for (const [k, g] of groups) {
        const n = perGroup.get(k) ?? 0n;
        if (n !== 0n) {
          g.value = addExact(g.value, { n: amount * n, d: total });
          carry(name, { n: amount * n, d: total });
        }
      }
      continue;
    }
    if (D <= 0n) {
      unspread.push({ name, value: exact(amount) });
      continue;
    }
    for (const [k, g] of groups) {
      const d = p.groups.get(k)!.direct[b] ?? 0n;
      if (d !== 0n) {
        g.value = addExact(g.value, { n: amount * d, d: D });
        carry(name, { n: amount * d, d: D });
      }
    }
    const u = p.unallocated[b] ?? 0n;
    if (u !== 0n) unallocated = addExact(unallocated, { n: amount * u, d: D });
  }
  return { groups, unspread, unallocated, spread };
}

/** The sum of a bucket's group values, plus the unspread pools `keepPool` admits. */
export function bucketTotal(s: SpreadBucket, keepPool: (name: string) => boolean): Exact {
  let t = ZERO;
  for (const g of s.groups.values()) t = addExact(t, g.value);
  for (const u of s.unspread) if (keepPool(u.name)) t = addExact(t, u.value);
  return t;
}
