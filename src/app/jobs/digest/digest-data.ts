/**
 * The daily costs a digest needs for one `teams:` entry, read with as few questions as
 * possible: entries whose scope is one `key=value` share one grouped question per key
 * (`by team daily …`, `by team,model daily …`), `scope: all` reads the same grouped
 * answers' totals, and only an entry with a compound scope asks its own questions.
 */
import { addDays, startOfMonth } from '../../../core/dates.js';
import type { Answer } from '../../../core/types.js';
import { cents, dailyByValue, dailyTotals, daysText, type CostReader } from '../cost-reader.js';
import type { TeamEntry } from '../routing.js';

type Daily = Map<string, bigint>;

export interface DigestData {
  totals: Daily;
  /** By model (the "top" dimension), when the data has a model dimension. */
  top: Map<string, Daily>;
  moversDimension: string;
  movers: Map<string, Daily>;
  /** Yesterday's cost with no value of `unallocatedDimension`. */
  unallocated: bigint;
  unallocatedDimension: string;
  /** The answer behind the totals (freshness, notes). */
  source: Answer;
}

/** Cells of a two-key grouped series: value of `key` → day → cents, where `where` matches. */
function byValueWhere(answer: Answer, key: string, where: { key: string; value: string } | null): Map<string, Daily> {
  const out = new Map<string, Daily>();
  const v = where?.value.toLowerCase();
  for (const p of answer.series ?? []) {
    for (const r of p.rows ?? []) {
      if (where !== null && (r.key[where.key] ?? '').toLowerCase() !== v) continue;
      const value = r.key[key] ?? '';
      let days = out.get(value);
      if (days === undefined) out.set(value, (days = new Map()));
      days.set(p.start, (days.get(p.start) ?? 0n) + cents(r.cost));
    }
  }
  return out;
}

function sumValues(byValue: Map<string, Daily>, match: (value: string) => boolean): Daily {
  const out: Daily = new Map();
  for (const [value, days] of byValue) if (match(value)) for (const [d, c] of days) out.set(d, (out.get(d) ?? 0n) + c);
  return out;
}

/** The range of the totals: back to the month start and 14 days, whichever is earlier. */
export function digestRange(today: string): { from: string; day: string; weekAgo: string } {
  const day = addDays(today, -1);
  return { from: [startOfMonth(today), addDays(day, -13)].sort()[0]!, day, weekAgo: addDays(day, -7) };
}

export async function digestData(costs: CostReader, entry: TeamEntry, today: string): Promise<DigestData> {
  const { from, day, weekAgo } = digestRange(today);
  const long = daysText(from, day);
  const week = daysText(weekAgo, day);
  const hasModel = costs.hasKey('model');
  const label = costs.unallocatedLabel.toLowerCase();
  const isUnallocated = (v: string) => v.toLowerCase() === label;
  const simple = entry.scope === null ? null : costs.simpleScope(entry.scope);

  if (entry.scope !== null && simple === null) {
    // A compound scope (`team=nlp env=prod`): its own questions.
    const source = await costs.ask(`${entry.scope} daily ${long}`);
    const models = hasModel ? dailyByValue(await costs.ask(`${entry.scope} by model daily ${week}`), 'model') : new Map<string, Daily>();
    return { totals: dailyTotals(source), top: models, moversDimension: 'model', movers: models, unallocated: sumValues(models, isUnallocated).get(day) ?? 0n, unallocatedDimension: 'model', source };
  }

  // Grouped by the scope's key; `scope: all` groups by team and reads the totals.
  const key = simple?.key ?? (costs.hasKey('team') ? 'team' : null);
  if (key === null) {
    const source = await costs.ask(`daily ${long}`);
    const models = hasModel ? dailyByValue(await costs.ask(`by model daily ${week}`), 'model') : new Map<string, Daily>();
    return { totals: dailyTotals(source), top: models, moversDimension: 'model', movers: models, unallocated: sumValues(models, isUnallocated).get(day) ?? 0n, unallocatedDimension: 'model', source };
  }
  const source = await costs.ask(`by ${key} daily ${long}`);
  const byKey = dailyByValue(source, key);
  const pair = hasModel && key !== 'model' ? await costs.ask(`by ${key},model daily ${week}`) : null;
  if (simple === null) {
    // The whole organisation: top models over every team, movers by team.
    const models = pair === null ? new Map<string, Daily>() : byValueWhere(pair, 'model', null);
    return { totals: dailyTotals(source), top: models, moversDimension: key, movers: byKey, unallocated: sumValues(byKey, isUnallocated).get(day) ?? 0n, unallocatedDimension: key, source };
  }
  const mine = (v: string) => v.toLowerCase() === simple.value.toLowerCase();
  const models = pair === null ? new Map<string, Daily>() : byValueWhere(pair, 'model', simple);
  return {
    totals: sumValues(byKey, mine),
    top: models,
    moversDimension: 'model',
    movers: models,
    unallocated: sumValues(models, isUnallocated).get(day) ?? 0n,
    unallocatedDimension: 'model',
    source,
  };
}
