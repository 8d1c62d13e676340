import { formatCents } from '../../../core/money.js';
import { centsText } from '../../budgets/decimal-text.js';
import type { ActionButton, Notice } from '../../conversation/types.js';
import { daysText, filterText } from '../cost-reader.js';
import type { JobContext, JobMessage } from '../types.js';
import type { Spike } from './anomalies-job.js';
import type { Cause } from './spike-causes.js';

/** The snooze scope of a spike: `team=nlp`. */
export const spikeScopeKey = (s: Pick<Spike, 'dimension' | 'value'>) => `${s.dimension}=${s.value}`;

function ratio(cost: bigint, baseline: bigint): string {
  if (baseline <= 0n) return 'new spend';
  return `${(Number((cost * 10n) / baseline) / 10).toFixed(1)}× its baseline`;
}

function causeText(c: Cause, currency: string): string {
  return `${c.value} (${c.dimension}, +${formatCents(c.increase, currency)}, ${Math.round(c.share * 100)}% of the jump)`;
}

function baselineText(s: Spike, baselineDays: number): string {
  return s.baseline.sameWeekday ? `median of the same weekday over ${baselineDays} days` : `median of the last ${baselineDays} days`;
}

/** The alert for one spike: what, how far above its baseline, and what caused it. */
export function spikeMessage(ctx: Pick<JobContext, 'config' | 'costs'>, spike: Spike, causes: Cause[], team: string): JobMessage {
  const currency = ctx.config.currency;
  const money = (c: bigint) => formatCents(c, currency);
  const scope = spikeScopeKey(spike);
  const key = `spike:${scope}:${spike.day}`;
  // The most specific cause leads: a resource, else the largest of the others.
  const lead = causes.find((c) => c.dimension === 'resource') ?? causes[0];
  const text =
    `${scope} cost ${money(spike.cost)} on ${spike.day}, ${ratio(spike.cost, spike.baseline.expected)} of ${money(spike.baseline.expected)} (+${money(spike.increase)})` +
    (lead ? `; mostly ${causeText(lead, currency)}` : '');
  const actions: ActionButton[] = [
    { verb: 'why', id: key, label: 'Why?' },
    { verb: 'ask', id: ctx.costs.canonical(`${filterText(spike.dimension, spike.value)} by resource ${daysText(spike.day, spike.day)}`), label: 'By resource' },
    { verb: 'snooze', id: scope, label: 'Snooze 24 h' },
  ];
  const notice: Notice = {
    kind: 'spike',
    title: `Cost spike: ${scope} on ${spike.day}`,
    text,
    facts: [
      { label: 'Cost', value: money(spike.cost) },
      { label: 'Baseline', value: `${money(spike.baseline.expected)} (${baselineText(spike, ctx.config.anomalies.baselineDays)})` },
      { label: 'Increase', value: `+${money(spike.increase)}` },
    ],
    table: {
      columns: ['cause', 'kind', 'increase', 'share of the jump'],
      numeric: [false, false, true, true],
      rows: causes.map((c) => [c.value, c.dimension, `+${money(c.increase)}`, `${Math.round(c.share * 100)}%`]),
    },
    actions,
    tone: 'alert',
    key,
  };
  return {
    key,
    kind: 'spike',
    team,
    text,
    facts: {
      dimension: spike.dimension,
      value: spike.value,
      day: spike.day,
      cost: centsText(spike.cost),
      baseline: centsText(spike.baseline.expected),
      causes: causes.map((c) => ({ dimension: c.dimension, value: c.value, increase: centsText(c.increase), share: c.share })),
    },
    notice,
    snoozeScope: scope,
  };
}

/** The *Why?* answer: the spike judged again, with its full breakdown (posted in the alert's thread). */
export function whyNotice(explained: { spike: Spike; causes: Cause[] }, config: Pick<JobContext['config'], 'currency' | 'anomalies'>): Notice {
  const { spike, causes } = explained;
  const money = (c: bigint) => formatCents(c, config.currency);
  const scope = spikeScopeKey(spike);
  return {
    kind: 'spike-why',
    title: `Why ${scope} cost more on ${spike.day}`,
    text:
      spike.increase > 0n
        ? `${scope} cost ${money(spike.cost)} on ${spike.day} against a baseline of ${money(spike.baseline.expected)} (${baselineText(spike, config.anomalies.baselineDays)}): +${money(spike.increase)}.`
        : `${scope} cost ${money(spike.cost)} on ${spike.day}, not above its baseline of ${money(spike.baseline.expected)} any more (the data may have been revised).`,
    body: [`Judged against ${spike.history.length} days of history; the spread (robust standard deviation) is ${money(spike.baseline.spread)}.`],
    table: {
      columns: ['cause', 'kind', 'increase', 'share of the jump'],
      numeric: [false, false, true, true],
      rows: causes.map((c) => [c.value, c.dimension, `+${money(c.increase)}`, `${Math.round(c.share * 100)}%`]),
    },
    tone: 'info',
  };
}
