import type { OverrideDecision, OverrideRow } from '../../store/index.js';
import type { Identity, MessageRef, Notice } from '../conversation/types.js';
import { audit, budgetSubject, unknownRequestSubject, type RefusalReason } from './audit-trail.js';
import { effectiveAmount, findBudget, listBudgetsInForce, type Budget } from './budget-catalog.js';
import { OVERRIDE_TTL_MS, type BudgetDeps } from './budget-deps.js';
import { money } from './budget-format.js';
import { tellRequester, updateEverywhere } from './deliver-notices.js';
import { expireOverrides } from './expire-overrides.js';
import { overrideOutcomeNotice, refusalNotice, requesterNotice } from './override-notices.js';

export interface DecideInput {
  identity: Identity;
  /** The request id the button carried: client text, never trusted. */
  requestId: string;
  decision: OverrideDecision;
  /** The reason typed into Deny's input (required to deny). */
  reason?: string | null;
  /** The clicked message, updated by its adapter (not again here). */
  clicked?: MessageRef;
  now: number;
}

export type DecideOutcome =
  /** Decided: `notice` replaces the request everywhere; `toClicker` confirms it. */
  | { ok: true; override: OverrideRow; notice: Notice; toClicker: Notice }
  /** Refused (audited), or Deny without a reason (not audited: nothing was attempted). */
  | { ok: false; reason: RefusalReason | 'reason-required'; notice: Notice };

const MAX_REASON = 500;

function sameUser(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Approve or Deny, clicked by `identity` (verified by its adapter):
 * 1. an id that names no request (tampered, malformed, or its budget gone): refused;
 * 2. the requester never decides their own request; only a listed approver of the budget's
 *    team decides, by the verified user id on their platform (`teams.<team>.approvers`);
 * 3. a request that expired (or is past 7 days and not yet expired by the job): refused;
 * 4. Deny needs a reason;
 * 5. the decision is one conditional update (first decision wins) committed with its audit
 *    record; the loser of a race is refused with who decided;
 * 6. the request is updated everywhere it was posted, the requester told directly; the
 *    budget for the period is now base + approved overrides (the budgets job keys its
 *    alerts by that amount, so it re-evaluates the thresholds by itself).
 * Every refusal is audited as `override.refused` with `detail.reason`.
 */
export async function decideOverride(deps: BudgetDeps, input: DecideInput): Promise<DecideOutcome> {
  const { identity, requestId, decision, now } = input;
  const refuse = async (reason: RefusalReason, subject: string, ctx: Parameters<typeof refusalNotice>[2], extra: Record<string, string | null> = {}): Promise<DecideOutcome> => {
    await audit(deps.store, identity, 'override.refused', subject, { reason, request: requestId.slice(0, 64), decision, ...extra }, now);
    return { ok: false, reason, notice: refusalNotice(reason, requestId, ctx) };
  };

  const request = await deps.store.getOverride(requestId);
  const budgets = request ? await listBudgetsInForce(deps.config, deps.store) : [];
  const budget = request ? findBudget(budgets, request.budget) : null;
  if (!request || !budget) return refuse('unknown-request', request ? budgetSubject(request.budget) : unknownRequestSubject(requestId), {});
  const subject = budgetSubject(budget.name);
  const team = budget.team;
  const approvers = team ? deps.policy.approvers(team) : { slack: [], teams: [] };
  const ctx = { team, approvers: identity.platform === 'teams' ? approvers.teams : approvers.slack, budget: budget.name };

  if (sameUser(request.requestedBy, identity.userId)) return refuse('own-request', subject, ctx);
  if (team === null || !deps.policy.isApprover(identity, team)) return refuse('not-an-approver', subject, ctx);
  if (request.status === 'expired') return refuse('expired', subject, ctx);
  if (request.status !== 'pending') return refuse('already-decided', subject, { ...ctx, decided: request }, { decidedBy: request.decidedBy, status: request.status });
  if (request.createdAt.getTime() + OVERRIDE_TTL_MS <= now) {
    await expireOverrides(deps, now);
    return refuse('expired', subject, ctx);
  }

  const reason = input.reason?.trim() || null;
  if (decision === 'denied' && reason === null) {
    return { ok: false, reason: 'reason-required', notice: { kind: 'override-reason-required', title: 'A reason is needed', text: `Say why you deny request #${request.id}: the requester reads it.`, tone: 'warning' } };
  }
  if (reason !== null && reason.length > MAX_REASON) {
    return { ok: false, reason: 'reason-required', notice: { kind: 'override-reason-required', title: 'Reason too long', text: `Keep the reason under ${MAX_REASON} characters (it has ${reason.length}).`, tone: 'warning' } };
  }

  const result = await deps.store.transaction(async (tx) => {
    const r = await tx.decideOverride(request.id, decision, identity.userId, reason, new Date(now));
    if (r.won) {
      await audit(tx, identity, decision === 'approved' ? 'override.approve' : 'override.deny', subject, { request: request.id, amount: request.amount, periodStart: request.periodStart, until: request.until, requestedBy: request.requestedBy, reason }, now);
    }
    return r;
  });
  if (!result.won || !result.override) {
    const current = result.override ?? request;
    if (current.status === 'expired') return refuse('expired', subject, ctx);
    return refuse('already-decided', subject, { ...ctx, decided: current }, { decidedBy: current.decidedBy, status: current.status });
  }
  return announce(deps, result.override, budget, input.clicked);
}

/** After a decision: update every copy, tell the requester, confirm to the clicker. */
async function announce(deps: BudgetDeps, decided: OverrideRow, budget: Budget, clicked?: MessageRef): Promise<DecideOutcome> {
  const effective = await effectiveAmount(deps.store, budget, decided.periodStart);
  const notice = overrideOutcomeNotice(decided, budget, effective);
  await updateEverywhere(deps, decided, notice, clicked);
  await tellRequester(deps, decided, requesterNotice(decided, budget, effective));
  const verb = decided.status === 'approved' ? 'approved' : 'denied';
  const toClicker: Notice = {
    kind: `override-${verb}-confirmation`,
    title: `You ${verb} request #${decided.id}`,
    text: `You ${verb} +${money(decided.amount, budget.currency)} on ${budget.name}${decided.status === 'approved' ? `: it is now ${money(effective, budget.currency)} for this period` : ''}. ${decided.requestedBy} has been told.`,
    tone: decided.status === 'approved' ? 'good' : 'info',
  };
  return { ok: true, override: decided, notice, toClicker };
}
