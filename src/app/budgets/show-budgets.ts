import { todayIn } from '../../core/dates.js';
import type { Conversation, Identity, Notice, Reply } from '../conversation/types.js';
import { budgetPeriod, effectiveAmount, findBudget, listBudgetsInForce, type Budget } from './budget-catalog.js';
import type { BudgetDeps, Spend } from './budget-deps.js';
import { money, percentOf, periodLabel, when } from './budget-format.js';
import { privateNotice, rejected, unknownBudget } from './budget-replies.js';
import { mayViewBudget, notVisibleMessage } from './budget-visibility.js';
import { addDecimalText } from './decimal-text.js';

/** One budget's state in its current period, as `/budget` shows it and the API returns it. */
export interface BudgetStatus {
  name: string;
  scope: string;
  team: string | null;
  period: { unit: Budget['period']; start: string; end: string };
  currency: string;
  /** The base amount, before overrides. */
  amount: string;
  /** Base + approved overrides in force this period. */
  effectiveAmount: string;
  approvedOverrides: string;
  pendingOverrides: number;
  spent: string | null;
  forecast: string | null;
  /** Spent as a whole percentage of the effective amount. */
  used: number | null;
  thresholds: number[];
  forecastAlerts: boolean;
  source: Budget['source'];
  overridesConfig: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

async function statusOf(deps: BudgetDeps, b: Budget, now: number): Promise<BudgetStatus> {
  const period = budgetPeriod(b.period, todayIn(now, deps.config.timezone));
  const [effective, overrides, spend] = await Promise.all([
    effectiveAmount(deps.store, b, period.start),
    deps.store.listOverrides(b.name, 100),
    deps.spend ? deps.spend.spend(b, now) : Promise.resolve<Spend>({ error: 'no cost data connected' }),
  ]);
  const spent = 'error' in spend ? null : spend.spent;
  return {
    name: b.name,
    scope: b.scope,
    team: b.team,
    period: { unit: b.period, ...period },
    currency: b.currency,
    amount: b.amount,
    effectiveAmount: effective,
    approvedOverrides: addDecimalText(effective, `-${b.amount}`),
    pendingOverrides: overrides.filter((o) => o.status === 'pending').length,
    spent,
    forecast: 'error' in spend ? null : spend.forecast,
    used: spent === null ? null : percentOf(spent, effective),
    thresholds: b.thresholds,
    forecastAlerts: b.forecast,
    source: b.source,
    overridesConfig: b.overridesConfig,
    updatedBy: b.updatedBy ?? null,
    updatedAt: b.updatedAt ? b.updatedAt.toISOString() : null,
  };
}

function statusNotice(title: string, statuses: BudgetStatus[], notes: string[]): Notice {
  const m = (s: BudgetStatus, v: string | null) => (v === null ? 'unknown' : money(v, s.currency));
  const table = {
    columns: ['Budget', 'Period', 'Amount', 'Spent', 'Used', 'Forecast', 'Thresholds', 'Overrides', 'Set in'],
    numeric: [false, false, true, true, true, true, false, false, false],
    rows: statuses.map((s) => [
      s.name,
      periodLabel(s.period.unit, s.period.start),
      m(s, s.effectiveAmount),
      m(s, s.spent),
      s.used === null ? '–' : `${s.used}%`,
      m(s, s.forecast),
      `${s.thresholds.join(', ')} %${s.forecastAlerts ? ' + forecast' : ''}`,
      `${s.approvedOverrides === '0.00' ? 'none approved' : `+${money(s.approvedOverrides, s.currency)} approved`}${s.pendingOverrides ? `, ${s.pendingOverrides} pending` : ''}`,
      s.source === 'store' ? (s.overridesConfig ? 'chat (replaces file)' : 'chat') : 'file',
    ]),
  };
  const replaced = statuses
    .filter((s) => s.overridesConfig)
    .map((s) => `${s.name} was set from chat${s.updatedBy ? ` by ${s.updatedBy}` : ''}${s.updatedAt ? ` on ${when(Date.parse(s.updatedAt))}` : ''} and replaces the configuration file’s budget of the same name.`);
  const first = statuses[0];
  const text = first
    ? statuses.map((s) => `${s.name}: ${m(s, s.spent)} of ${m(s, s.effectiveAmount)}${s.used === null ? '' : ` (${s.used}%)`}`).join('; ')
    : 'No budgets.';
  return {
    kind: 'budget-status',
    title,
    text,
    table,
    notes: [...replaced, ...notes],
    actions: statuses.slice(0, 5).map((s) => ({ verb: 'override.request' as const, id: s.name, label: `Request override: ${s.name}` })),
    tone: statuses.some((s) => s.used !== null && s.used >= 100) ? 'alert' : statuses.some((s) => s.used !== null && s.used >= 80) ? 'warning' : 'info',
  };
}

/**
 * `/budget` and `/budget show <name>`: the budgets in force with spent, forecast,
 * thresholds and overrides, and whether a chat budget replaces the file's.
 * 1. a named budget, or this channel's team's budgets, or (elsewhere) the asker's teams',
 *    or every budget;
 * 2. only those the asker may see (access control), a named one refused with whom to ask;
 * 3. each with its current period's effective amount (base + approved overrides).
 */
export async function showBudgets(deps: BudgetDeps, identity: Identity, conversation: Pick<Conversation, 'channelId'>, name: string | null, now: number, asked = ''): Promise<Reply> {
  const all = await listBudgetsInForce(deps.config, deps.store);
  const viewer = await deps.policy.viewer(identity);
  const visible = (b: Budget) => mayViewBudget(viewer, b, deps.parseScope, deps.policy);
  if (name !== null) {
    const b = findBudget(all, name);
    if (!b) return unknownBudget(asked, name, all.filter(visible));
    if (!visible(b)) return rejected(asked, notVisibleMessage(deps.policy, identity, b));
    const status = await statusOf(deps, b, now);
    return privateNotice(statusNotice(`Budget ${b.name}`, [status], []), { budgets: [status] });
  }
  const channelTeam = deps.policy.teamOfChannel(identity.platform, conversation.channelId);
  const myTeams = channelTeam === null ? await deps.policy.teamsOf(identity) : [];
  const forTeams = channelTeam !== null ? [channelTeam] : myTeams;
  const chosen = (forTeams.length ? all.filter((b) => b.team !== null && forTeams.includes(b.team)) : all).filter(visible);
  const statuses = await Promise.all(chosen.map((b) => statusOf(deps, b, now)));
  const whose = forTeams.length ? forTeams.join(', ') : null;
  const notes = statuses.length
    ? []
    : [`No budgets${whose ? ` for ${whose}` : ''} yet. An administrator sets one with /budget set <name> ${whose ? `team=${forTeams[0]}` : 'team=nlp'} 50000/month.`];
  return privateNotice(statusNotice(whose ? `Budgets — ${whose}` : 'Budgets', statuses, notes), { budgets: statuses });
}
