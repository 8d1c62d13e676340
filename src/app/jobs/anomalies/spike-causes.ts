/**
 * What made a scope's day expensive: within the scope, the resources, experiments and
 * services whose cost that day grew the most against their own baseline (the same robust
 * baseline as the scope's), each with its share of the scope's jump.
 */
import { weekdayOf } from '../../../core/dates.js';
import { robustBaseline } from '../../../core/jobs/robust-baseline.js';
import { dailyByValue, daysText, filterText, type CostReader } from '../cost-reader.js';
import { rowsBy } from '../scope-view.js';

export const CAUSE_DIMENSIONS = ['resource', 'experiment', 'service'] as const;
export type CauseDimension = (typeof CAUSE_DIMENSIONS)[number];

export interface Cause {
  dimension: CauseDimension;
  value: string;
  /** Cents above its baseline on the day. */
  increase: bigint;
  /** `increase` over the scope's increase (0–1, may exceed 1 when other parts fell). */
  share: number;
}

/** A day judged for one scope. */
export interface SpikeSubject {
  dimension: string;
  value: string;
  day: string;
  /** The scope's increase over its baseline, in cents (> 0). */
  increase: bigint;
  /** The baseline days the scope was judged against (days with data). */
  history: string[];
}

/**
 * The largest contributors to a spike, largest first: at most `limit` per dimension
 * (resources, experiments, services), leaving out values that name nothing (no resource
 * id, an unallocated experiment).
 */
export async function spikeCauses(costs: CostReader, s: SpikeSubject, limit: Record<CauseDimension, number>): Promise<Cause[]> {
  const out: Cause[] = [];
  const first = s.history[0] ?? s.day;
  const scope = filterText(s.dimension, s.value);
  for (const dim of CAUSE_DIMENSIONS) {
    if (limit[dim] <= 0 || !costs.hasKey(dim) || dim === s.dimension) continue;
    const answer = await costs.ask(`${scope} by ${dim} daily ${daysText(first, s.day)}`);
    const onDay = rowsBy(await costs.ask(`${scope} by ${dim} ${daysText(s.day, s.day)}`), dim);
    const found: Cause[] = [];
    for (const [value, days] of dailyByValue(answer, dim)) {
      if (value === '' || (dim === 'experiment' && value.toLowerCase() === costs.unallocatedLabel.toLowerCase())) continue;
      const baseline = robustBaseline(
        s.history.map((d) => ({ day: d, weekday: weekdayOf(d), cents: days.get(d) ?? 0n })),
        weekdayOf(s.day),
      );
      const increase = (onDay.get(value) ?? 0n) - baseline.expected;
      if (increase <= 0n) continue;
      found.push({ dimension: dim, value, increase, share: Number((increase * 10_000n) / s.increase) / 10_000 });
    }
    found.sort((a, b) => (b.increase > a.increase ? 1 : b.increase < a.increase ? -1 : a.value.localeCompare(b.value)));
    out.push(...found.slice(0, limit[dim]));
  }
  return out.sort((a, b) => (b.increase > a.increase ? 1 : b.increase < a.increase ? -1 : 0));
}
