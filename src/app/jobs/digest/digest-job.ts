/**
 * The daily digest, once per `teams:` entry and day: yesterday against the trailing 7-day
 * average, month to date against the budget with the forecast to month end, the top
 * models and the biggest movers up and down, the unallocated share, a 14-day chart, and
 * drill-down buttons. An entry's digest covers its `scope`; `scope: all` the organisation.
 */
import { addDays, startOfMonth, zonedMidnightToInstant } from '../../../core/dates.js';
import { digestFigures, type DigestFigures } from '../../../core/jobs/digest-figures.js';
import { formatCents } from '../../../core/money.js';
import { centsText } from '../../budgets/decimal-text.js';
import type { ActionButton, Notice } from '../../conversation/types.js';
import { budgetStatuses, type BudgetStatus } from '../budgets/budget-status.js';
import { dayComplete, daysText, estimatedDays, filterText } from '../cost-reader.js';
import { entryForBudget, teamEntries, type TeamEntry } from '../routing.js';
import type { Composed, JobContext, JobDefinition, JobMessage } from '../types.js';
import { digestChart } from './digest-chart.js';
import { digestData, type DigestData } from './digest-data.js';
import { digestGpuLines, type DigestGpuLines } from './digest-gpu.js';

export const digestJob: JobDefinition = {
  name: 'digest',
  scheduleKey: 'digest',
  description: "each team's daily digest: yesterday, month to date and forecast, top models, movers, a 14-day chart",
  async compose(ctx): Promise<Composed> {
    const configured = teamEntries(ctx.config);
    const entries = configured.length > 0 ? configured : await implicitEntries(ctx);
    const budgets = await budgetStatuses(ctx);
    const gpuNotes: string[] = [];
    const gpuLines = ctx.gpu
      ? await digestGpuLines(ctx.gpu, entries, ctx.costs, ctx.today, ctx.config.weekStart).catch((err: unknown) => {
          gpuNotes.push(`The idle-GPU line is missing: ${err instanceof Error ? err.message : String(err)}`);
          return new Map<string, DigestGpuLines>();
        })
      : new Map<string, DigestGpuLines>();
    const messages: JobMessage[] = [];
    for (const entry of entries) {
      if (ctx.signal.aborted) break;
      const data = await digestData(ctx.costs, entry, ctx.today);
      const skip = new Set([ctx.costs.unallocatedLabel, ...ctx.costs.sharedNames]);
      const figures = digestFigures({ ...data, today: ctx.today, skip });
      const own = budgets.filter((b) => entryForBudget(ctx.config, ctx.costs, b.budget) === entry.name);
      messages.push(digestMessage(ctx, entry, data, figures, own, gpuLines.get(entry.name)));
    }
    const notes = configured.length > 0 ? [...gpuNotes] : [...gpuNotes, `No teams: entries are configured: each team in the data gets its digest on its console channel (${entries.map((e) => e.name).join(', ') || 'none'}).`];
    return { messages, notes };
  },
};

/** Without `teams:` entries, every team in the last 30 days of data, console only (the console is always on). */
async function implicitEntries(ctx: JobContext): Promise<TeamEntry[]> {
  if (!ctx.costs.hasKey('team')) return [{ name: 'all', scope: null, slackChannel: null, teamsConversation: null, isDefault: false }];
  const skip = new Set([ctx.costs.unallocatedLabel, ...ctx.costs.sharedNames].map((v) => v.toLowerCase()));
  const answer = await ctx.costs.ask(`by team ${daysText(addDays(ctx.today, -30), addDays(ctx.today, -1))}`);
  return answer.rows
    .map((r) => r.key.team ?? '')
    .filter((v) => v !== '' && !skip.has(v.toLowerCase()))
    .sort()
    .map((v) => ({ name: v, scope: filterText('team', v), slackChannel: null, teamsConversation: null, isDefault: false }));
}

function pctChange(now: bigint, before: bigint): string {
  if (before === 0n) return now === 0n ? 'no change' : 'new';
  const tenths = Number(((now - before) * 1000n) / before) / 10;
  return tenths === 0 ? 'no change' : `${tenths > 0 ? '▲' : '▼'} ${Math.abs(tenths).toFixed(1)}%`;
}

function digestMessage(ctx: JobContext, entry: TeamEntry, data: DigestData, f: DigestFigures, budgets: BudgetStatus[], gpu?: DigestGpuLines): JobMessage {
  const currency = ctx.config.currency;
  const money = (c: bigint) => formatCents(c, currency);
  const scopeText = entry.scope ?? 'all';
  const subject = entry.scope === null ? `${entry.name} (all teams)` : entry.name;
  const key = `digest:${entry.name}:${f.day}`;
  const text =
    `${subject}: ${money(f.yesterday)} on ${f.day}, ${pctChange(f.yesterday, f.average7)} vs the 7-day average (${money(f.average7)}); ` +
    `month to date ${money(f.monthToDate)}, forecast ${money(f.forecast)} by month end`;

  const facts: Notice['facts'] = [
    { label: 'Yesterday', value: `${money(f.yesterday)} (${pctChange(f.yesterday, f.average7)} vs the 7-day average ${money(f.average7)})` },
    { label: 'Month to date', value: `${money(f.monthToDate)} (${f.monthStart} → ${addDays(ctx.today, -1)})` },
    { label: 'Forecast to month end', value: money(f.forecast) },
  ];
  for (const b of budgets) {
    facts.push({ label: `Budget ${b.budget.name}`, value: `${money(b.spent)} of ${money(b.amountCents)} (${b.percentUsed}%), forecast ${money(b.forecast)}${b.exhaustedOn ? `, runs out ${b.exhaustedOn}` : ''}` });
  }
  if (f.unallocatedShare !== null) facts.push({ label: `No ${data.unallocatedDimension}`, value: `${(f.unallocatedShare * 100).toFixed(1)}% of yesterday (${money(data.unallocated)})` });

  const body: string[] = [];
  const mover = (m: DigestFigures['moversUp'][number]) => `${m.value} ${m.change > 0n ? '+' : '−'}${money(m.change < 0n ? -m.change : m.change)}`;
  if (f.moversUp.length) body.push(`*Up* (${data.moversDimension}, yesterday vs 7-day average): ${f.moversUp.map(mover).join(' · ')}`);
  if (f.moversDown.length) body.push(`*Down*: ${f.moversDown.map(mover).join(' · ')}`);
  if (gpu?.idle?.text) body.push(gpu.idle.text);
  if (gpu?.advice) body.push(gpu.advice);

  const notes: string[] = [];
  const zonedEnd = zonedMidnightToInstant(ctx.today, ctx.config.timezone);
  if (!dayComplete(data.source, f.day, zonedEnd)) notes.push(`${f.day} is not complete in the data yet (fresh to ${data.source.freshness ?? 'n/a'}): its figures may still rise.`);
  if (estimatedDays(data.source.notes).has(f.day)) notes.push(`${f.day} is marked as estimated by the provider: its figures may still change.`);

  const prefix = entry.scope === null ? '' : `${entry.scope} `;
  const monthFirst = startOfMonth(f.day);
  const actions: ActionButton[] = [
    { verb: 'ask', id: ctx.costs.canonical(`${prefix}by model ${daysText(f.day, f.day)}`), label: 'Yesterday by model' },
    { verb: 'ask', id: ctx.costs.canonical(`${prefix}daily ${daysText(addDays(f.day, -13), f.day)}`), label: 'Last 14 days' },
    { verb: 'ask', id: ctx.costs.canonical(`${prefix}by ${entry.scope === null ? 'team' : 'workload'} ${daysText(monthFirst, f.day)}`), label: entry.scope === null ? 'Month by team' : 'Month by workload' },
  ];
  if (gpu?.idle) actions.push({ verb: 'ask', id: `idle gpu ${entry.scope ?? ''} ${daysText(f.day, f.day)}`.replace(/\s+/g, ' '), label: 'Idle GPUs' });
  const notice: Notice = {
    kind: 'digest',
    title: `Daily cost digest · ${subject} · ${f.day}`,
    text,
    body,
    facts,
    table: {
      columns: ['model', 'yesterday', 'share'],
      numeric: [false, true, true],
      rows: f.top.map((t) => [t.value, money(t.cost), f.yesterday > 0n ? `${(Number((t.cost * 1000n) / f.yesterday) / 10).toFixed(1)}%` : '—']),
    },
    chart: digestChart(f, subject, currency),
    ...(notes.length ? { notes } : {}),
    actions,
    tone: 'info',
    key,
  };
  return {
    key,
    kind: 'digest',
    team: entry.name,
    text,
    facts: {
      scope: scopeText,
      day: f.day,
      yesterday: centsText(f.yesterday),
      average7: centsText(f.average7),
      monthToDate: centsText(f.monthToDate),
      forecast: centsText(f.forecast),
      top: f.top.map((t) => ({ dimension: 'model', value: t.value, cost: centsText(t.cost) })),
      movers: [...f.moversUp, ...f.moversDown].map((m) => ({ dimension: data.moversDimension, value: m.value, cost: centsText(m.cost), average7: centsText(m.average7), change: centsText(m.change) })),
    },
    notice,
  };
}
