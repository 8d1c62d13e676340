import type { Conversation, Identity, Reply } from '../conversation/types.js';
import { todayIn } from '../../core/dates.js';
import { audit, budgetSubject } from './audit-trail.js';
import { budgetPeriod, effectiveAmount, findBudget, listBudgetsInForce } from './budget-catalog.js';
import type { BudgetDeps } from './budget-deps.js';
import { money, people, periodLabel, when } from './budget-format.js';
import { privateNotice, rejected, unknownBudget } from './budget-replies.js';
import { postRequest } from './deliver-notices.js';
import { overrideRequestNotice } from './override-notices.js';
import { OVERRIDE_TTL_MS } from './budget-deps.js';
import type { BudgetCommand } from './parse-budget-command.js';

type RequestCommand = Extract<BudgetCommand, { kind: 'request' }>;

/**
 * Whether this person may ask for more on the team's budget: a member of the team
 * (`teams.<team>.members`, user groups expanded) or one of its approvers; when the team
 * lists no members at all, anyone asking in the team's own channel.
 */
async function mayRequest(deps: BudgetDeps, identity: Identity, conversation: Pick<Conversation, 'channelId'>, team: string): Promise<boolean> {
  if (await deps.policy.isMember(identity, team)) return true;
  if (deps.policy.isApprover(identity, team)) return true;
  const members = deps.config.teams[team]?.members;
  const listsNobody = !members || ((members.slack ?? []).length === 0 && (members.teams ?? []).length === 0);
  return listsNobody && deps.policy.teamOfChannel(identity.platform, conversation.channelId) === team;
}

/**
 * `/budget request <name> +5000 [until=…] reason="…"`:
 * 1. the budget must exist and have a team (whose approvers decide);
 * 2. the asker must be allowed to ask (`mayRequest`), else refused and audited;
 * 3. the request is filed for the current period and audited, in one transaction;
 * 4. it is posted to the team's channels and each approver's direct messages, with
 *    Approve and Deny, every copy remembered on the request;
 * 5. the asker is told where it went and when it expires.
 */
export async function requestOverride(deps: BudgetDeps, identity: Identity, conversation: Pick<Conversation, 'channelId'>, cmd: RequestCommand, now: number, asked = ''): Promise<Reply> {
  const budgets = await listBudgetsInForce(deps.config, deps.store);
  const budget = findBudget(budgets, cmd.name);
  if (!budget) return unknownBudget(asked, cmd.name, budgets);
  const team = budget.team;
  if (team === null || deps.config.teams[team] === undefined) {
    return rejected(asked, `${budget.name} has no team${team ? ` (“${team}” is not in the configuration’s teams)` : ''}, so nobody can approve an override. An administrator can give it one: /budget set ${budget.name} ${budget.scope} ${budget.amount}/${budget.period} owner=<team>.`);
  }
  if (!(await mayRequest(deps, identity, conversation, team))) {
    await audit(deps.store, identity, 'override.request.refused', budgetSubject(budget.name), { reason: 'not-a-member', team, amount: cmd.amount }, now);
    return rejected(asked, `Only members of ${team} can ask for more on ${budget.name}. Ask an approver of ${team} (${people(deps.policy.approvers(team)[identity.platform === 'teams' ? 'teams' : 'slack'])}) or an administrator to add you to teams.${team}.members.`);
  }
  const today = todayIn(now, deps.config.timezone);
  if (cmd.until !== null && cmd.until < today) return rejected(asked, `until=${cmd.until} is in the past (today is ${today}): give a date from today on, or leave until= out for this ${budget.period} only.`);
  const period = budgetPeriod(budget.period, today);

  const request = await deps.store.transaction(async (tx) => {
    const row = await tx.createOverride(
      { budget: budget.name, periodStart: period.start, amount: cmd.amount, until: cmd.until, reason: cmd.reason, requestedBy: identity.userId, requestedPlatform: identity.platform },
      new Date(now),
    );
    await audit(tx, identity, 'override.request', budgetSubject(budget.name), { request: row.id, amount: row.amount, periodStart: row.periodStart, until: row.until, reason: row.reason, team }, now);
    return row;
  });

  const effective = await effectiveAmount(deps.store, budget, period.start);
  const approvers = deps.policy.approvers(team);
  const listed = [...approvers.slack, ...approvers.teams];
  const posted = await postRequest(deps, request, team, overrideRequestNotice(request, budget, effective, listed));
  const where = [...new Set(posted.map((r) => r.platform))];
  const amount = money(request.amount, budget.currency);
  return privateNotice(
    {
      kind: 'override-requested',
      title: `Override request #${request.id} sent`,
      text: `Request #${request.id} (+${amount} on ${budget.name} for ${periodLabel(budget.period, period.start)}${request.until ? `, until ${request.until}` : ''}) went to the approvers of ${team} (${people(listed)})${where.length ? ` on ${where.join(', ')}` : ''}.`,
      body: [
        posted.length
          ? `You will get a direct message when one of them decides. It expires ${when(request.createdAt.getTime() + OVERRIDE_TTL_MS)} if nobody does.`
          : `No chat could carry it to them right now: ask them to look at /budget history ${budget.name}. It expires ${when(request.createdAt.getTime() + OVERRIDE_TTL_MS)} if nobody decides.`,
      ],
      tone: 'info',
    },
    { request: { id: request.id, budget: budget.name, periodStart: request.periodStart, amount: request.amount, until: request.until, status: request.status }, postedTo: posted },
  );
}
