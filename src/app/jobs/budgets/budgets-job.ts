/**
 * Budget alerts: a budget crossing a threshold (50/80/100 % by default) of its effective
 * amount (base + approved overrides), and, with `forecast: true`, its run rate reaching
 * 100 % before the period ends, with the day it runs out. Once per budget, period,
 * threshold and effective amount: several thresholds crossed at once make one message
 * naming the highest, and a raised budget alerts again at its new thresholds.
 */
import { formatCents } from '../../../core/money.js';
import { centsText } from '../../budgets/decimal-text.js';
import type { ActionButton, Notice } from '../../conversation/types.js';
import { daysText } from '../cost-reader.js';
import { entryForBudget } from '../routing.js';
import type { Composed, JobContext, JobDefinition, JobMessage } from '../types.js';
import { budgetStatuses, type BudgetStatus } from './budget-status.js';

/** The snooze scope of a budget's alerts. */
export const budgetScopeKey = (name: string) => `budget:${name}`;

export const budgetsJob: JobDefinition = {
  name: 'budgets',
  scheduleKey: 'budgets',
  description: 'budget thresholds crossed (50/80/100 % by default) and forecasts crossing 100 %',
  async compose(ctx): Promise<Composed> {
    const statuses = await budgetStatuses(ctx);
    const messages: JobMessage[] = [];
    for (const s of statuses) {
      if (s.crossed !== null) messages.push(alert(ctx, s, s.crossed));
      if (s.forecastCrosses) messages.push(alert(ctx, s, 'forecast'));
    }
    const notes = statuses.length === 0 ? ['No budgets are configured (budgets: in the file, or /budget set).'] : [];
    return { messages, notes };
  },
};

function alert(ctx: JobContext, s: BudgetStatus, threshold: number | 'forecast'): JobMessage {
  const b = s.budget;
  const currency = ctx.config.currency;
  const money = (c: bigint) => formatCents(c, currency);
  const key = `budget:${b.name}:${s.period.start}:${threshold}:${s.amount}`;
  const runsOut = s.exhaustedOn === null ? '' : s.spent >= s.amountCents ? ` — ran out on ${s.exhaustedOn}` : ` — runs out on ${s.exhaustedOn} at the current rate`;
  const forecastPct = s.amountCents > 0n ? Number((s.forecast * 1000n) / s.amountCents) / 10 : 0;
  const text =
    threshold === 'forecast'
      ? `${b.name} is forecast to reach ${forecastPct}% of ${money(s.amountCents)} by the end of the period (${money(s.forecast)})${runsOut}`
      : `${b.name} has used ${s.percentUsed}% of ${money(s.amountCents)} (${money(s.spent)} spent since ${s.period.start}); forecast ${money(s.forecast)}${runsOut}`;
  const title = threshold === 'forecast' ? `Budget ${b.name}: forecast over 100 %` : `Budget ${b.name}: ${threshold} % reached`;
  const breakdown = ctx.costs.canonical(`${b.scope} by model ${daysText(s.period.start, ctx.today)}`);
  const actions: ActionButton[] = [
    { verb: 'ask', id: breakdown, label: 'Breakdown' },
    { verb: 'override.request', id: b.name, label: 'Request override' },
    { verb: 'snooze', id: budgetScopeKey(b.name), label: 'Snooze 24 h' },
  ];
  const notice: Notice = {
    kind: threshold === 'forecast' ? 'budget-forecast' : 'budget-threshold',
    title,
    text,
    facts: [
      { label: 'Budget', value: `${b.name} (${b.scope}, per ${b.period})` },
      { label: 'Amount', value: money(s.amountCents) + (s.amount !== b.amount ? ` (base ${b.amount} + approved overrides)` : '') },
      { label: 'Spent', value: `${money(s.spent)} (${s.percentUsed}%) since ${s.period.start}` },
      { label: 'Forecast', value: `${money(s.forecast)} by ${s.period.end} (exclusive), at ${money(s.dailyRate)} a day` },
      ...(s.exhaustedOn !== null ? [{ label: 'Runs out', value: s.exhaustedOn }] : []),
    ],
    actions,
    tone: threshold === 'forecast' || threshold < 100 ? 'warning' : 'alert',
    key,
  };
  return {
    key,
    kind: notice.kind as JobMessage['kind'],
    team: entryForBudget(ctx.config, ctx.costs, b),
    text,
    facts: {
      budget: b.name,
      periodStart: s.period.start,
      amount: s.amount,
      spent: centsText(s.spent),
      threshold,
      forecast: centsText(s.forecast),
      exhaustedOn: s.exhaustedOn,
    },
    notice,
    snoozeScope: budgetScopeKey(b.name),
  };
}
