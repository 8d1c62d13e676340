/**
 * One scope's costs (a `teams:` entry's, a budget's), read through grouped questions so
 * that scopes of one `key=value` share them: `team=nlp` over a range is the `nlp` row of
 * `by team` over that range (the engine guarantees a filtered figure equals its row), so
 * twenty teams cost the same few questions as one. `scope: all` reads the totals.
 * Range figures are exact range answers; `daily` is for charts and baselines only (a
 * series spreads shared costs over the whole range, so its days may differ by cents from
 * single-day answers).
 */
import type { Answer } from '../../core/types.js';
import { cents, dailyByValue, dailyTotals, daysText, type CostReader } from './cost-reader.js';

type Daily = Map<string, bigint>;

export interface ScopeView {
  /** The cost of [first, last] (both included), and the answer it came from (freshness, notes). */
  total(first: string, last: string): Promise<{ cents: bigint; answer: Answer }>;
  /** The cost of [first, last] by `dim` (values as the data spells them). */
  by(dim: string, first: string, last: string): Promise<Map<string, bigint>>;
  /** Daily cost over [first, last]. */
  daily(first: string, last: string): Promise<Daily>;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Row cents by the value of `dim`, keeping rows whose `where` key matches (case-insensitively, like filters). */
export function rowsBy(answer: Answer, dim: string, where: { key: string; value: string } | null = null): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const r of answer.rows) {
    if (where !== null && !same(r.key[where.key] ?? '', where.value)) continue;
    const v = r.key[dim] ?? '';
    out.set(v, (out.get(v) ?? 0n) + cents(r.cost));
  }
  return out;
}

function pick<T>(map: Map<string, T>, value: string, zero: T, add: (a: T, b: T) => T): T {
  let out = zero;
  for (const [k, v] of map) if (same(k, value)) out = add(out, v);
  return out;
}

const addDaily = (a: Daily, b: Daily): Daily => {
  const out = new Map(a);
  for (const [d, c] of b) out.set(d, (out.get(d) ?? 0n) + c);
  return out;
};

/** A view of `scope` (a filter, or null for everything). */
export function scopeView(costs: CostReader, scope: string | null): ScopeView {
  const ask = (q: string) => costs.ask(q.trim());
  const simple = scope === null ? null : costs.simpleScope(scope);
  if (scope !== null && simple === null) {
    // A compound scope (`team=nlp env=prod`): its own questions.
    return {
      total: async (a, b) => {
        const answer = await ask(`${scope} ${daysText(a, b)}`);
        return { cents: cents(answer.total), answer };
      },
      by: async (dim, a, b) => rowsBy(await ask(`${scope} by ${dim} ${daysText(a, b)}`), dim),
      daily: async (a, b) => dailyTotals(await ask(`${scope} daily ${daysText(a, b)}`)),
    };
  }
  const key = simple?.key ?? (costs.hasKey('team') ? 'team' : null);
  if (key === null) {
    return {
      total: async (a, b) => {
        const answer = await ask(daysText(a, b));
        return { cents: cents(answer.total), answer };
      },
      by: async (dim, a, b) => rowsBy(await ask(`by ${dim} ${daysText(a, b)}`), dim),
      daily: async (a, b) => dailyTotals(await ask(`daily ${daysText(a, b)}`)),
    };
  }
  const where = simple === null ? null : { key, value: simple.value };
  return {
    total: async (a, b) => {
      // Everything: the unfiltered answer itself. One value: its row of the grouped answer
      // (rows are rounded to add up to the total, so a row may differ from the filtered
      // question by a cent: the price of one question for every team).
      const answer = await ask(where === null ? daysText(a, b) : `by ${key} ${daysText(a, b)}`);
      return { cents: where === null ? cents(answer.total) : pick(rowsBy(answer, key), where.value, 0n, (x, y) => x + y), answer };
    },
    by: async (dim, a, b) => {
      if (dim === key) {
        const rows = rowsBy(await ask(`by ${key} ${daysText(a, b)}`), key);
        return where === null ? rows : new Map([...rows].filter(([v]) => same(v, where.value)));
      }
      return rowsBy(await ask(`by ${key},${dim} ${daysText(a, b)}`), dim, where);
    },
    daily: async (a, b) => {
      const answer = await ask(`by ${key} daily ${daysText(a, b)}`);
      return where === null ? dailyTotals(answer) : pick(dailyByValue(answer, key), where.value, new Map(), addDaily);
    },
  };
}
