/**
 * The approval flow's messages, worded once for every surface: the request to the
 * approvers (with Approve and Deny), the request after a decision or expiry, what the
 * requester is told, and the refusals.
 */
import type { OverrideRow } from '../../store/index.js';
import type { ActionButton, Notice } from '../conversation/types.js';
import type { Budget } from './budget-catalog.js';
import { money, people, periodLabel, when } from './budget-format.js';
import type { RefusalReason } from './audit-trail.js';
import { OVERRIDE_TTL_MS } from './budget-deps.js';

type BudgetView = Pick<Budget, 'name' | 'currency' | 'period' | 'team'>;

function requestFacts(o: OverrideRow, budget: BudgetView, effective?: string): Notice['facts'] {
  return [
    { label: 'Budget', value: budget.name },
    { label: 'Period', value: periodLabel(budget.period, o.periodStart) + (o.until ? ` (and each later one until ${o.until})` : '') },
    ...(effective ? [{ label: 'Budget now', value: money(effective, budget.currency) }] : []),
    { label: 'Requested', value: `+${money(o.amount, budget.currency)}` },
    { label: 'Requested by', value: `${o.requestedBy} (${o.requestedPlatform})` },
    { label: 'Reason', value: o.reason },
  ];
}

/** The request as the approvers see it, with Approve and Deny (Deny asks for a reason). */
export function overrideRequestNotice(o: OverrideRow, budget: BudgetView, effective: string, approvers: string[]): Notice {
  const amount = money(o.amount, budget.currency);
  const expires = when(o.createdAt.getTime() + OVERRIDE_TTL_MS);
  const actions: ActionButton[] = [
    { verb: 'override.approve', id: o.id, label: 'Approve', style: 'primary' },
    { verb: 'override.deny', id: o.id, label: 'Deny', style: 'danger', input: { label: 'Why deny this request?', placeholder: 'The requester reads this', required: true } },
  ];
  return {
    kind: 'override-request',
    title: `Override request #${o.id}: ${budget.name} +${amount}`,
    text: `${o.requestedBy} asks to raise ${budget.name} by ${amount} for ${periodLabel(budget.period, o.periodStart)}: ${o.reason}`,
    facts: requestFacts(o, budget, effective),
    notes: [`Only the approvers of ${budget.team ?? 'the budget’s team'} (${people(approvers)}) can decide; the first decision counts. Expires ${expires} if nobody decides.`],
    actions,
    tone: 'warning',
  };
}

/** The request once decided or expired: the same facts, no buttons, the outcome. */
export function overrideOutcomeNotice(o: OverrideRow, budget: BudgetView, effective: string | null): Notice {
  const amount = money(o.amount, budget.currency);
  const head = o.status === 'approved' ? 'Approved' : o.status === 'denied' ? 'Denied' : 'Expired';
  const by =
    o.status === 'expired'
      ? `nobody decided within 7 days (expired ${when(o.decidedAt ?? o.createdAt)})`
      : `by ${o.decidedBy} at ${when(o.decidedAt ?? o.createdAt)}${o.decisionReason ? `: ${o.decisionReason}` : ''}`;
  const body = o.status === 'approved' && effective ? [`${budget.name} is now *${money(effective, budget.currency)}* for ${periodLabel(budget.period, o.periodStart)}.`] : undefined;
  return {
    kind: `override-${o.status}`,
    title: `${head}: ${budget.name} +${amount} (#${o.id})`,
    text: `${head} ${by} — ${budget.name} +${amount} for ${periodLabel(budget.period, o.periodStart)}, asked by ${o.requestedBy}.`,
    ...(body ? { body } : {}),
    facts: [...requestFacts(o, budget)!, { label: head === 'Expired' ? 'Expired' : `${head} by`, value: by.replace(/^by /, '') }],
    tone: o.status === 'approved' ? 'good' : o.status === 'denied' ? 'alert' : 'info',
  };
}

/** What the requester is told in a direct message. */
export function requesterNotice(o: OverrideRow, budget: BudgetView, effective: string | null): Notice {
  const outcome = overrideOutcomeNotice(o, budget, effective);
  const verb = o.status === 'approved' ? 'was approved' : o.status === 'denied' ? 'was denied' : 'expired';
  return { ...outcome, kind: `override-${o.status}-requester`, title: `Your override request #${o.id} ${verb}`, text: `Your request to raise ${budget.name} by ${money(o.amount, budget.currency)} ${verb}. ${outcome.text}` };
}

/** Why a click was refused, for the clicker only. */
export function refusalNotice(reason: RefusalReason, id: string, ctx: { team?: string | null; approvers?: string[]; decided?: OverrideRow | null; budget?: string }): Notice {
  const approvers = `the approvers of ${ctx.team ?? 'the budget’s team'} (${people(ctx.approvers ?? [])})`;
  const d = ctx.decided;
  const text: Record<RefusalReason, string> = {
    'not-an-approver': `Only ${approvers} can approve or deny request #${id}.`,
    'own-request': `You asked for override #${id} yourself, so someone else decides it: ${approvers}.`,
    'already-decided': d ? `Request #${id} was already ${d.status} by ${d.decidedBy} at ${when(d.decidedAt ?? d.createdAt)}: the first decision counts.` : `Request #${id} was already decided.`,
    expired: `Request #${id} expired: nobody decided within 7 days. The requester can file a new one with /budget request ${ctx.budget ?? '<name>'} +<amount> reason="…".`,
    'unknown-request': `There is no override request #${id.slice(0, 64)}. Use the buttons on a request message, or see /budget history <name>.`,
  };
  return { kind: 'override-refused', title: 'Not done', text: text[reason], tone: 'warning' };
}
