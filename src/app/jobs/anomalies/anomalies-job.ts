/**
 * Spike alerts, once per scope and day: for each value of each configured dimension
 * (`anomalies.dimensions`, default team and model), the last complete days' cost against
 * the scope's own robust baseline (same-weekday median and MAD over `baselineDays`),
 * alerting only past both `minIncrease` and `minDailyCost` and beyond the scope's own
 * noise. The alert names the cause. Days the data marks as estimated or incomplete are not
 * judged until they settle; the run's notes (and `jobs status`) say so.
 */
import { addDays, weekdayOf, zonedMidnightToInstant } from '../../../core/dates.js';
import { DEFAULT_MIN_DEVIATIONS, judgeDay, robustBaseline, type Baseline } from '../../../core/jobs/robust-baseline.js';
import { centsOf } from '../../budgets/decimal-text.js';
import { dailyByValue, dailyTotals, dayComplete, daysText, estimatedDays, filterText } from '../cost-reader.js';
import { entryForTeamValue } from '../routing.js';
import { rowsBy } from '../scope-view.js';
import type { Composed, JobContext, JobDefinition, JobMessage } from '../types.js';
import { spikeMessage } from './spike-notice.js';
import { spikeCauses, type Cause } from './spike-causes.js';

/** Each run judges the last complete days in this window (a day that settles late is judged then). */
export const JUDGE_WINDOW_DAYS = 3;
/** Fewer days of data than this before a day: not judged (a new data source). */
export const MIN_HISTORY_DAYS = 7;

/** One scope judged a spike. */
export interface Spike {
  dimension: string;
  value: string;
  day: string;
  cost: bigint;
  baseline: Baseline;
  increase: bigint;
  history: string[];
}

export const anomaliesJob: JobDefinition = {
  name: 'anomalies',
  scheduleKey: 'anomalies',
  description: "a scope's daily cost far above its own baseline, with the resources, experiments and services that caused it",
  async compose(ctx): Promise<Composed> {
    const { spikes, notes } = await findSpikes(ctx);
    const messages: JobMessage[] = [];
    for (const spike of spikes) {
      if (ctx.signal.aborted) break;
      const causes = await spikeCauses(ctx.costs, spike, { resource: 3, experiment: 2, service: 2 });
      messages.push(spikeMessage(ctx, spike, causes, await ownerOf(ctx, spike)));
    }
    return { messages, notes };
  },
};

/** The days a run at `today` judges: the window before today, oldest first. */
export function judgedDays(today: string): string[] {
  return Array.from({ length: JUDGE_WINDOW_DAYS }, (_, i) => addDays(today, i - JUDGE_WINDOW_DAYS));
}

/** Every spike in the judged days, and why a day was not judged. */
export async function findSpikes(ctx: Pick<JobContext, 'config' | 'costs' | 'today'>): Promise<{ spikes: Spike[]; notes: string[] }> {
  const cfg = ctx.config.anomalies;
  const days = judgedDays(ctx.today);
  const from = addDays(days[0]!, -cfg.baselineDays);
  const rule = { minIncrease: cfg.minIncrease, minDailyCents: centsOf(cfg.minDailyCost.toFixed(2)), minDeviations: DEFAULT_MIN_DEVIATIONS };
  const skip = new Set(ctx.costs.sharedNames.map((n) => n.toLowerCase()));
  const notes = new Set<string>();
  const spikes: Spike[] = [];
  for (const dimension of cfg.dimensions) {
    if (!ctx.costs.hasKey(dimension)) {
      notes.add(`anomalies.dimensions: “${dimension}” is not a key of this data: not judged.`);
      continue;
    }
    const answer = await ctx.costs.ask(`by ${dimension} daily ${daysText(from, days.at(-1)!)}`);
    const totals = dailyTotals(answer);
    const estimated = estimatedDays(answer.notes);
    const byValue = dailyByValue(answer, dimension);
    for (const day of days) {
      if (!dayComplete(answer, day, zonedMidnightToInstant(addDays(day, 1), ctx.config.timezone))) {
        notes.add(`${day} not judged yet: the data is not complete for it (complete to ${addDays(answer.range.end, -1)}).`);
        continue;
      }
      if (estimated.has(day)) {
        notes.add(`${day} not judged yet: the provider marks it as estimated.`);
        continue;
      }
      const history = [...totals].filter(([d, c]) => d >= addDays(day, -cfg.baselineDays) && d < day && c !== 0n).map(([d]) => d).sort();
      if (history.length < MIN_HISTORY_DAYS) {
        notes.add(`${day} not judged: only ${history.length} days of data before it (at least ${MIN_HISTORY_DAYS} needed).`);
        continue;
      }
      // The day's figure is the exact single-day answer (what `/cost team=nlp <day>` says).
      const onDay = rowsBy(await ctx.costs.ask(`by ${dimension} ${daysText(day, day)}`), dimension);
      for (const [value, series] of byValue) {
        if (value === '' || skip.has(value.toLowerCase())) continue;
        const baseline = robustBaseline(
          history.map((d) => ({ day: d, weekday: weekdayOf(d), cents: series.get(d) ?? 0n })),
          weekdayOf(day),
        );
        const cost = onDay.get(value) ?? 0n;
        const verdict = judgeDay(cost, baseline, rule);
        if (verdict.spike) spikes.push({ dimension, value, day, cost, baseline, increase: verdict.increase, history });
      }
    }
  }
  return { spikes, notes: [...notes] };
}

/** The `teams:` entry that owns a spike: its team, or the team with most of the scope's cost that day. */
async function ownerOf(ctx: Pick<JobContext, 'config' | 'costs'>, spike: Spike): Promise<string> {
  if (spike.dimension === 'team') return entryForTeamValue(ctx.config, ctx.costs, spike.value);
  if (!ctx.costs.hasKey('team')) return entryForTeamValue(ctx.config, ctx.costs, ctx.costs.unallocatedLabel);
  const answer = await ctx.costs.ask(`${filterText(spike.dimension, spike.value)} by team ${daysText(spike.day, spike.day)}`);
  const top = answer.rows.find((r) => !ctx.costs.sharedNames.includes(r.key.team ?? ''));
  return entryForTeamValue(ctx.config, ctx.costs, top?.key.team ?? ctx.costs.unallocatedLabel);
}

/** A spike's ledger key and its parts: `spike:<dimension>=<value>:<day>`. */
export function parseSpikeKey(key: string): { dimension: string; value: string; day: string } | null {
  const m = /^spike:([^=]+)=(.*):(\d{4}-\d{2}-\d{2})$/.exec(key);
  return m ? { dimension: m[1]!, value: m[2]!, day: m[3]! } : null;
}

/**
 * The full breakdown behind a spike (the *Why?* button): the scope judged again on its
 * day, with up to ten causes per dimension. Null when the key names no spike any more.
 */
export async function explainSpike(ctx: Pick<JobContext, 'config' | 'costs' | 'today'>, key: string): Promise<{ spike: Spike; causes: Cause[] } | null> {
  const parsed = parseSpikeKey(key);
  if (parsed === null || !ctx.costs.hasKey(parsed.dimension)) return null;
  const cfg = ctx.config.anomalies;
  const answer = await ctx.costs.ask(`by ${parsed.dimension} daily ${daysText(addDays(parsed.day, -cfg.baselineDays), parsed.day)}`);
  const totals = dailyTotals(answer);
  const series = [...dailyByValue(answer, parsed.dimension)].find(([v]) => v.toLowerCase() === parsed.value.toLowerCase())?.[1] ?? new Map<string, bigint>();
  const history = [...totals].filter(([d, c]) => d < parsed.day && c !== 0n).map(([d]) => d).sort();
  const baseline = robustBaseline(history.map((d) => ({ day: d, weekday: weekdayOf(d), cents: series.get(d) ?? 0n })), weekdayOf(parsed.day));
  const onDay = rowsBy(await ctx.costs.ask(`by ${parsed.dimension} ${daysText(parsed.day, parsed.day)}`), parsed.dimension);
  const cost = [...onDay].find(([v]) => v.toLowerCase() === parsed.value.toLowerCase())?.[1] ?? 0n;
  const spike: Spike = { ...parsed, cost, baseline, increase: cost - baseline.expected, history };
  if (spike.increase <= 0n) return { spike, causes: [] };
  return { spike, causes: await spikeCauses(ctx.costs, spike, { resource: 10, experiment: 10, service: 10 }) };
}
