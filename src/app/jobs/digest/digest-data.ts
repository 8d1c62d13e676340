/**
 * What a digest needs for one `teams:` entry, as exact range answers (so each figure is
 * what `/cost` says for the same range) through the entry's scope view: entries whose
 * scope is one `key=value` share the same grouped questions, and `scope: all` reads their
 * totals, so a run asks the same few questions for twenty teams as for one.
 */
import { addDays, startOfMonth } from '../../../core/dates.js';
import type { Answer } from '../../../core/types.js';
import type { CostReader } from '../cost-reader.js';
import type { TeamEntry } from '../routing.js';
import { scopeView } from '../scope-view.js';

export interface DigestData {
  yesterday: bigint;
  weekBefore: bigint;
  monthToDate: bigint;
  last7: bigint;
  chart: Map<string, bigint>;
  top: Map<string, bigint>;
  moversDimension: string;
  movers: Map<string, { yesterday: bigint; weekBefore: bigint }>;
  /** Yesterday's cost with no value of `unallocatedDimension`. */
  unallocated: bigint;
  unallocatedDimension: string;
  /** The answer behind yesterday's figure (freshness, notes). */
  source: Answer;
}

export async function digestData(costs: CostReader, entry: TeamEntry, today: string): Promise<DigestData> {
  const view = scopeView(costs, entry.scope);
  const y = addDays(today, -1);
  const weekAgo = addDays(y, -7);
  const dayBefore = addDays(y, -1);
  const monthStart = startOfMonth(today);
  const { cents: yesterday, answer: source } = await view.total(y, y);
  const weekBefore = (await view.total(weekAgo, dayBefore)).cents;
  const monthToDate = monthStart <= y ? (await view.total(monthStart, y)).cents : 0n;
  const last7 = (await view.total(addDays(y, -6), y)).cents;
  const chart = await view.daily(addDays(y, -13), y);

  const label = costs.unallocatedLabel.toLowerCase();
  const hasModel = costs.hasKey('model');
  const moversDimension = entry.scope === null && costs.hasKey('team') ? 'team' : 'model';
  const unallocatedDimension = moversDimension;
  const top = hasModel ? await view.by('model', y, y) : new Map<string, bigint>();
  const moverNow = moversDimension === 'model' ? top : await view.by(moversDimension, y, y);
  const moverBefore = hasModel || moversDimension === 'team' ? await view.by(moversDimension, weekAgo, dayBefore) : new Map<string, bigint>();
  const movers = new Map<string, { yesterday: bigint; weekBefore: bigint }>();
  for (const v of new Set([...moverNow.keys(), ...moverBefore.keys()])) movers.set(v, { yesterday: moverNow.get(v) ?? 0n, weekBefore: moverBefore.get(v) ?? 0n });
  let unallocated = 0n;
  for (const [v, c] of moverNow) if (v.toLowerCase() === label) unallocated += c;
  return { yesterday, weekBefore, monthToDate, last7, chart, top, moversDimension, movers, unallocated, unallocatedDimension, source };
}
