import type { Json } from '../../store/index.js';
import type { Identity, Reply } from '../conversation/types.js';
import { closest } from '../../config/did-you-mean.js';
import { audit, budgetSubject } from './audit-trail.js';
import { amountText, listBudgetsInForce, type Budget } from './budget-catalog.js';
import type { BudgetDeps } from './budget-deps.js';
import { money, people, perPeriod } from './budget-format.js';
import { privateNotice, rejected } from './budget-replies.js';
import type { BudgetCommand } from './parse-budget-command.js';

type SetCommand = Extract<BudgetCommand, { kind: 'set' }>;

const DEFAULT_THRESHOLDS = [50, 80, 100];

/**
 * The team whose approvers decide on the budget's overrides: `owner=`, else the one team
 * the scope names (`team=nlp`), else the team whose own scope is this scope, else the
 * budget's current team.
 */
function ownerOf(deps: BudgetDeps, cmd: SetCommand, filters: Record<string, { in?: string[] }>, previous: Budget | undefined): string | null {
  const teams = Object.keys(deps.config.teams);
  const named = filters.team?.in?.length === 1 ? teams.find((t) => t.toLowerCase() === filters.team!.in![0]!.toLowerCase()) : undefined;
  if (named) return named;
  const byScope = teams.find((t) => (deps.config.teams[t]!.scope ?? `team=${t}`).trim().toLowerCase() === cmd.scope.trim().toLowerCase());
  return byScope ?? previous?.team ?? null;
}

function describeBudget(b: Pick<Budget, 'amount' | 'currency' | 'period' | 'scope'>): string {
  return `${money(b.amount, b.currency)} ${perPeriod(b.period)} for ${b.scope}`;
}

/**
 * `/budget set <name> <filters> <amount>/<period> [thresholds=…] [forecast=…] [owner=…]`:
 * 1. administrators only (refusals audited as `budget.set.refused`);
 * 2. the scope must be filters of the query language; the owner a configured team;
 * 3. a name differing only in case from an existing budget is a clash (say which);
 * 4. the budget is stored (it now replaces a file budget of the same name) and audited
 *    with what it replaced, in one transaction.
 */
export async function setBudget(deps: BudgetDeps, identity: Identity, cmd: SetCommand, now: number, asked = ''): Promise<Reply> {
  if (!deps.policy.isAdmin(identity)) {
    await audit(deps.store, identity, 'budget.set.refused', budgetSubject(cmd.name), { reason: 'not-an-admin', scope: cmd.scope, amount: cmd.amount, period: cmd.period }, now);
    const admins = deps.policy.admins();
    const listed = identity.platform === 'teams' ? admins.teams : admins.slack;
    return rejected(
      asked,
      admins.slack.length + admins.teams.length === 0
        ? 'Only administrators can set budgets, and none is configured: add your user id to access.admins in the configuration file.'
        : `Only administrators can set budgets: ask ${people(listed.length ? listed : [...admins.slack, ...admins.teams])}.`,
    );
  }
  const scope = deps.parseScope(cmd.scope);
  if (!scope.ok) return rejected(asked, `The scope ${cmd.scope} is not a filter the bot understands: ${scope.message}.`);
  const teams = Object.keys(deps.config.teams);
  if (cmd.owner !== null && !teams.includes(cmd.owner)) {
    const near = closest(cmd.owner, teams);
    return rejected(asked, `owner=${cmd.owner} is not a team of the configuration${near ? ` — did you mean ${near}?` : '.'} Teams: ${teams.join(', ') || 'none (add them under teams:)'}.`);
  }

  const budgets = await listBudgetsInForce(deps.config, deps.store);
  const clash = budgets.find((b) => b.name !== cmd.name && b.name.toLowerCase() === cmd.name.toLowerCase());
  if (clash) return rejected(asked, `A budget named ${clash.name} already exists and “${cmd.name}” differs from it only in case: use /budget set ${clash.name} … to change it, or pick another name.`);
  const previous = budgets.find((b) => b.name === cmd.name);
  const owner = cmd.owner ?? ownerOf(deps, cmd, scope.filters, previous);
  if (owner === null) {
    return rejected(asked, `Which team’s approvers decide on overrides of ${cmd.name}? Add owner=<team> (${teams.join(', ') || 'configure teams first'}).`);
  }

  const next = {
    name: cmd.name,
    scope: cmd.scope,
    amount: cmd.amount,
    currency: deps.config.currency,
    period: cmd.period,
    thresholds: cmd.thresholds ?? previous?.thresholds ?? DEFAULT_THRESHOLDS,
    team: owner,
    forecast: cmd.forecast ?? previous?.forecast ?? false,
  };
  const fileBudget = deps.config.budgets.find((b) => b.name === cmd.name);
  const before: Json = previous ? { scope: previous.scope, amount: previous.amount, period: previous.period, thresholds: previous.thresholds, team: previous.team, forecast: previous.forecast, source: previous.source } : null;
  await deps.store.transaction(async (tx) => {
    await tx.upsertBudget(next, identity.userId, new Date(now));
    await audit(tx, identity, 'budget.set', budgetSubject(cmd.name), { ...next, thresholds: next.thresholds, replacesConfig: fileBudget !== undefined, previous: before }, now);
  });

  const replaces = fileBudget
    ? ` It replaces the configuration file’s budget of the same name (${describeBudget({ amount: amountText(fileBudget.amount), currency: deps.config.currency, period: fileBudget.period, scope: fileBudget.scope })}) until it is changed here again.`
    : '';
  return privateNotice(
    {
      kind: 'budget-set',
      title: `Budget ${cmd.name} set`,
      text: `${cmd.name} is now ${describeBudget(next)}, thresholds ${next.thresholds.join(', ')} %${next.forecast ? ' and the forecast' : ''}; overrides are decided by the approvers of ${owner}.${replaces}`,
      tone: 'good',
    },
    { budget: { ...next, source: 'store', overridesConfig: fileBudget !== undefined } },
  );
}
