import type { OverrideRow } from '../../store/index.js';
import { audit, budgetSubject, SYSTEM_ACTOR } from './audit-trail.js';
import { findBudget, listBudgetsInForce, type Budget } from './budget-catalog.js';
import { OVERRIDE_TTL_MS, type BudgetDeps } from './budget-deps.js';
import { tellRequester, updateEverywhere } from './deliver-notices.js';
import { overrideOutcomeNotice, requesterNotice } from './override-notices.js';

/**
 * Expires the override requests still pending 7 days after they were filed (a scheduled
 * job runs this; a click on a stale request runs it too):
 * 1. one conditional update moves them to `expired`, each audited as `override.expire`,
 *    in one transaction (a request decided a moment before is not touched);
 * 2. every posted copy is updated (no more buttons) and each requester told.
 * Returns the requests it expired.
 */
export async function expireOverrides(deps: BudgetDeps, now: number): Promise<OverrideRow[]> {
  const expired = await deps.store.transaction(async (tx) => {
    // Filed at or before now − 7 days: the same instant a click is refused as expired.
    const rows = await tx.expirePendingOverrides(new Date(now - OVERRIDE_TTL_MS + 1), new Date(now));
    for (const o of rows) {
      await audit(tx, SYSTEM_ACTOR, 'override.expire', budgetSubject(o.budget), { request: o.id, amount: o.amount, periodStart: o.periodStart, requestedBy: o.requestedBy, filedAt: o.createdAt.toISOString() }, now);
    }
    return rows;
  });
  if (expired.length === 0) return expired;
  const budgets = await listBudgetsInForce(deps.config, deps.store);
  for (const o of expired) {
    const budget: Pick<Budget, 'name' | 'currency' | 'period' | 'team'> = findBudget(budgets, o.budget) ?? { name: o.budget, currency: deps.config.currency, period: 'month', team: null };
    await updateEverywhere(deps, o, overrideOutcomeNotice(o, budget, null));
    await tellRequester(deps, o, requesterNotice(o, budget, null));
  }
  deps.logger?.info({ expired: expired.map((o) => o.id) }, 'override requests expired');
  return expired;
}
