/**
 * Series points of an answer, with shared pools spread per bucket the way each row carries
 * them, and each bucket that is not a whole calendar day, week or month marked `partial`.
 */
import { addExact, allocateCents, centsToNumber, exact, type Exact, toCents, ZERO } from '../money.js';
import type { Granularity, SeriesPoint, WeekStart } from '../types.js';
import { addMonthsToMonthStart, monthStartOf, weekdayOf } from './calendar.js';
import { dateOfDayNumber } from './local-day.js';
import { joinKey, keyObject, type RankedGroup } from './answer-rows.js';
import type { ScanPartial, ScanPlan } from './scan.js';
import type { SpreadBucket } from './spread-shared.js';

/**
 * The fraction of each shared pool that a group carries over the whole range (the same
 * split as its row), or null for a pool that could not be spread there.
 */
function poolFractions(collapsed: ScanPartial, groupKey: string): Map<string, { n: bigint; d: bigint } | null> {
  const out = new Map<string, { n: bigint; d: bigint } | null>();
  const D = collapsed.directAll[0] ?? 0n;
  for (const [name, pool] of collapsed.pools) {
    if (pool.split === 'even') {
      const total = BigInt(collapsed.combosAll[0]?.size ?? 0);
      let count = 0n;
      for (const g of collapsed.combosPass[0]?.values() ?? []) if (g === groupKey) count++;
      out.set(name, total === 0n ? null : { n: count, d: total });
    } else {
      out.set(name, D <= 0n ? null : { n: collapsed.groups.get(groupKey)?.direct[0] ?? 0n, d: D });
    }
  }
  return out;
}

const keyText = (key: Record<string, string>) => Object.values(key).join('\u0000');

/** The whole calendar period (day, week, month) that holds `day`, as [start, end) day numbers. */
function periodOf(day: number, granularity: Granularity, weekStart: WeekStart): [number, number] {
  if (granularity === 'day') return [day, day + 1];
  if (granularity === 'week') {
    const start = day - weekdayOf(day, weekStart);
    return [start, start + 7];
  }
  const start = monthStartOf(day);
  return [start, addMonthsToMonthStart(start, 1)];
}

export interface SeriesInput {
  partial: ScanPartial;
  collapsed: ScanPartial;
  whole: SpreadBucket;
  plan: ScanPlan;
  groupBy: string[];
  granularity: Granularity;
  weekStart: WeekStart;
  /** The answer's ranked rows: named groups keep their key, the others go to the fold row. */
  ranked: RankedGroup[];
  foldLabel: string | null;
  keepPool: (name: string) => boolean;
}

/**
 * Series points. Each group carries the same fraction of every shared pool as in its row,
 * taken from the pool as it falls in each bucket: an unfiltered series is the spend of
 * each bucket, every series adds up to its total (filtered or not), and each group's
 * points add up to its row. Bucket costs are rounded by largest remainder to the total,
 * and each bucket's rows to the bucket. A bucket the range or the data's freshness cuts
 * (the current week, a month with one day of data) is `partial: true`, with its `days`.
 */
export function seriesOf(s: SeriesInput): SeriesPoint[] {
  const { partial, plan, groupBy } = s;
  const B = plan.bucketStarts.length;
  const named = new Set(s.ranked.filter((r) => !r.other).map((r) => joinKey(r.key)));
  const hasFold = s.ranked.some((r) => r.other);
  const foldKey = groupBy.map(() => '\u0001fold');
  const cells = Array.from({ length: B }, () => new Map<string, { key: string[]; value: Exact }>());
  const add = (b: number, key: string[], value: Exact) => {
    const k = joinKey(key);
    const cur = cells[b]!.get(k);
    if (cur) cur.value = addExact(cur.value, value);
    else cells[b]!.set(k, { key, value });
  };
  for (const [k, g] of s.whole.groups) {
    const direct = partial.groups.get(k)?.direct ?? [];
    const fractions = poolFractions(s.collapsed, k);
    const key = named.has(k) || !hasFold ? g.key : foldKey;
    for (let b = 0; b < B; b++) {
      let value = exact(direct[b] ?? 0n);
      for (const [name, f] of fractions) {
        const amount = partial.pools.get(name)?.amounts[b] ?? 0n;
        if (f !== null && amount !== 0n && f.n !== 0n) value = addExact(value, { n: amount * f.n, d: f.d });
      }
      add(b, key, value);
    }
  }
  for (const u of s.whole.unspread) {
    if (!s.keepPool(u.name)) continue;
    const amounts = partial.pools.get(u.name)?.amounts ?? [];
    const key = groupBy.map(() => u.name);
    for (let b = 0; b < B; b++) add(b, named.has(joinKey(key)) || !hasFold ? key : foldKey, exact(amounts[b] ?? 0n));
  }
  const totals = cells.map((m) => [...m.values()].reduce((t, c) => addExact(t, c.value), ZERO));
  const bucketCents = allocateCents(totals, toCents(totals.reduce((t, v) => addExact(t, v), ZERO)));
  return plan.bucketStarts.map((startDay, b) => {
    const point: SeriesPoint = { start: dateOfDayNumber(startDay), cost: centsToNumber(bucketCents[b]!) };
    if (groupBy.length > 0) {
      const items = [...cells[b]!.values()];
      const cents = allocateCents(items.map((i) => i.value), bucketCents[b]!);
      point.rows = items
        .map((it, i) => ({ key: keyObject(groupBy, it.key, it.key === foldKey ? (s.foldLabel ?? undefined) : undefined), cost: centsToNumber(cents[i]!) }))
        .filter((r) => r.cost !== 0)
        // Ties by key: the order must not depend on which source listed a group first.
        .sort((a, c) => c.cost - a.cost || keyText(a.key).localeCompare(keyText(c.key)));
    }
    const endDay = plan.bucketStarts[b + 1] ?? plan.endDay;
    const [ps, pe] = periodOf(startDay, s.granularity, s.weekStart);
    if (ps !== startDay || pe !== endDay) {
      point.partial = true;
      point.days = endDay - startDay;
    }
    return point;
  });
}
