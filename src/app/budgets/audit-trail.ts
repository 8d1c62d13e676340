/**
 * The audit trail of budgets and overrides (jobs-and-approvals.md): every request,
 * decision, refusal, expiry and budget change, with who, when, which platform and what.
 */
import type { Json } from '../../store/index.js';
import type { Identity } from '../conversation/types.js';
import type { BudgetStoreOps } from './budget-deps.js';

/** The actions written by the budget use cases. The `override.*` ones are the spec's. */
export type AuditAction =
  | 'budget.set'
  | 'budget.set.refused'
  | 'override.request'
  | 'override.request.refused'
  | 'override.approve'
  | 'override.deny'
  | 'override.refused'
  | 'override.expire';

/** Why a click on Approve or Deny was refused (`detail.reason` of `override.refused`). */
export type RefusalReason = 'not-an-approver' | 'own-request' | 'already-decided' | 'expired' | 'unknown-request';

/** The bot itself, acting from a scheduled job (expiry). */
export const SYSTEM_ACTOR = { actor: 'finops-bot', platform: 'scheduler' } as const;

/** The subject of everything about one budget: `/budget history <name>` lists it. */
export function budgetSubject(name: string): string {
  return `budget:${name}`;
}

/** The subject of a refused click on an id that names no request (kept short: it is client text). */
export function unknownRequestSubject(id: string): string {
  return `override:${id.slice(0, 64)}`;
}

/** Appends one record; `who` is the verified identity, or the bot itself. */
export async function audit(
  store: Pick<BudgetStoreOps, 'appendAudit'>,
  who: Identity | typeof SYSTEM_ACTOR,
  action: AuditAction,
  subject: string,
  detail: { [key: string]: Json },
  now: number,
): Promise<void> {
  const actor = 'actor' in who ? who : { actor: who.userId, platform: who.platform };
  await store.appendAudit({ actor: actor.actor, platform: actor.platform, action, subject, detail }, new Date(now));
}
