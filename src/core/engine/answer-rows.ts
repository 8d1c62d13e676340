/**
 * The rows of an answer: groups ranked largest first, folded beyond `top` into one row whose
 * label cannot be a real value, rounded to the cent by largest remainder so they add up to
 * the total, each with its previous cost and change when the query compares.
 */
import { addExact, allocateCents, centsToNumber, type Exact, ZERO } from '../money.js';
import type { AnswerRow } from '../types.js';
import { NONE_LABEL } from './scan.js';
import type { SpreadBucket } from './spread-shared.js';

const KEY_SEP = '\u0000';

/** A group (or a pool kept as its own row, or the fold of the rest) with its exact cost. */
export interface RankedGroup {
  key: string[];
  value: Exact;
  other: boolean;
  /** Keys of the groups a fold row holds. */
  holds?: Set<string>;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

export const joinKey = (key: string[]): string => key.join(KEY_SEP);

function byCostThenKey(a: { key: string[]; value: Exact }, b: { key: string[]; value: Exact }): number {
  const d = b.value.n * a.value.d - a.value.n * b.value.d;
  if (d !== 0n) return d > 0n ? 1 : -1;
  return joinKey(a.key).localeCompare(joinKey(b.key));
}

/** The groups of a bucket (and the unspread pools `withUnspread` admits), each once, largest first. */
export function groupsOf(bucket: SpreadBucket, withUnspread: (name: string) => boolean, groupBy: string[]): RankedGroup[] {
  const items: RankedGroup[] = [...bucket.groups.values()].map((g) => ({ key: g.key, value: g.value, other: false }));
  for (const u of bucket.unspread) if (withUnspread(u.name)) items.push({ key: groupBy.map(() => u.name), value: u.value, other: false });
  return items.sort(byCostThenKey);
}

/** Orders groups largest first (ties by key) and folds those beyond `top` into one row. */
export function rankGroups(items: RankedGroup[], top: number | null, groupBy: string[]): RankedGroup[] {
  if (top === null || items.length <= top) return items;
  const kept = items.slice(0, top);
  const rest = items.slice(top);
  const fold: RankedGroup = { key: groupBy.map(() => ''), value: rest.reduce((s, i) => addExact(s, i.value), ZERO), other: true, holds: new Set(rest.map((i) => joinKey(i.key))) };
  // Rows are sorted by cost, the fold row included (answer.md).
  return [...kept, fold].sort(byCostThenKey);
}

/**
 * The fold row's label: `(N others)`, which no real value can take in the same answer (a
 * value that happens to read the same gets the label wrapped in one more pair of brackets).
 * The row also carries `other: true`.
 */
export function foldLabel(count: number, values: Iterable<string>): string {
  const taken = new Set([...values].map((v) => v.toLowerCase()));
  let label = `(${count} other${count === 1 ? '' : 's'})`;
  while (taken.has(label.toLowerCase())) label = `(${label})`;
  return label;
}

/** A value as answers show it: an empty one reads `(none)`. */
export function shownValue(value: string): string {
  return value === '' ? NONE_LABEL : value;
}

export function keyObject(groupBy: string[], key: string[], label?: string): Record<string, string> {
  return Object.fromEntries(groupBy.map((k, i) => [k, label ?? shownValue(key[i] ?? '')]));
}

/** (cost − previous) / |previous|, to 4 places; null without a previous cost. */
export function changeOf(costCents: bigint, previousCents: bigint): number | null {
  if (previousCents === 0n) return null;
  return round4(Number(costCents - previousCents) / Number(previousCents < 0n ? -previousCents : previousCents));
}

export interface RowsInput {
  groupBy: string[];
  ranked: RankedGroup[];
  totalCents: bigint;
  /** With a comparison: every group of the comparison range, and its total in cents. */
  previous?: { groups: RankedGroup[]; totalCents: bigint };
  top: number | null;
  resourceNames?: Map<string, string>;
}

/**
 * Rows in cents (largest remainder, adding up to the total), with `previous` and `change`
 * per row when comparing, and the group behind each row (same order). A group found only in the comparison range is a row of its own at
 * zero cost (a team that stopped spending is news), or goes into the fold row under `top`.
 */
export function buildRows(input: RowsInput): { rows: AnswerRow[]; label: string | null; groups: RankedGroup[] } {
  const { groupBy, totalCents, previous } = input;
  const ranked: RankedGroup[] = input.ranked.map((r) => (r.holds ? { ...r, holds: new Set(r.holds) } : { ...r }));
  const prevOf = new Map<RankedGroup, Exact>();
  if (previous) {
    const named = new Map(ranked.filter((r) => !r.other).map((r) => [joinKey(r.key), r]));
    let fold = ranked.find((r) => r.other);
    const extras: RankedGroup[] = [];
    for (const g of previous.groups) {
      const k = joinKey(g.key);
      const target = named.get(k) ?? (fold?.holds?.has(k) ? fold : undefined);
      if (target) prevOf.set(target, addExact(prevOf.get(target) ?? ZERO, g.value));
      else extras.push(g);
    }
    if (extras.length > 0 && !fold && input.top !== null && ranked.length + extras.length > input.top) {
      fold = { key: groupBy.map(() => ''), value: ZERO, other: true, holds: new Set() };
      ranked.push(fold);
    }
    for (const g of extras) {
      if (fold) {
        fold.holds!.add(joinKey(g.key));
        prevOf.set(fold, addExact(prevOf.get(fold) ?? ZERO, g.value));
      } else {
        const row: RankedGroup = { key: g.key, value: ZERO, other: false };
        ranked.push(row);
        prevOf.set(row, g.value);
      }
    }
  }
  const costCents = allocateCents(ranked.map((r) => r.value), totalCents);
  const prevCents = previous ? allocateCents(ranked.map((r) => prevOf.get(r) ?? ZERO), previous.totalCents) : [];
  const fold = ranked.find((r) => r.other);
  const values = [...ranked.filter((r) => !r.other).flatMap((r) => r.key), ...(previous?.groups.flatMap((g) => g.key) ?? [])];
  const label = fold ? foldLabel(fold.holds?.size ?? 0, values) : null;
  const at = groupBy.indexOf('resource');
  const rows = ranked.map((r, i) => {
    const cents = costCents[i]!;
    const row: AnswerRow = {
      key: keyObject(groupBy, r.key, r.other ? label! : undefined),
      cost: centsToNumber(cents),
      share: totalCents === 0n ? 0 : round4(Number(cents) / Number(totalCents)),
    };
    if (r.other) row.other = true;
    if (previous) {
      row.previous = centsToNumber(prevCents[i]!);
      row.change = changeOf(cents, prevCents[i]!);
    }
    const name = at >= 0 && !r.other ? input.resourceNames?.get(r.key[at]!) : undefined;
    if (name !== undefined) row.resourceName = name;
    return { row, cents, prev: prevCents[i] ?? 0n, group: r };
  });
  // Largest first; rows at zero cost (only in the comparison) by their previous cost.
  rows.sort((a, b) => (a.cents === b.cents ? (a.prev === b.prev ? 0 : a.prev > b.prev ? -1 : 1) : a.cents > b.cents ? -1 : 1));
  return { rows: rows.map((r) => r.row), label, groups: rows.map((r) => r.group) };
}
