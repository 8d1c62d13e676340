import type { ActionHandler, ActionRequest, ActionResult } from '../conversation/types.js';
import type { BudgetDeps } from './budget-deps.js';
import { decideOverride } from './decide-override.js';
import { showBudgets } from './show-budgets.js';
import { USAGE } from './parse-budget-command.js';

async function decide(deps: BudgetDeps, req: ActionRequest, decision: 'approved' | 'denied'): Promise<ActionResult> {
  const outcome = await decideOverride(deps, {
    identity: req.identity,
    requestId: req.id,
    decision,
    reason: req.input ?? null,
    ...(req.message ? { clicked: req.message } : {}),
    now: req.now,
  });
  return outcome.ok ? { kind: 'update', notice: outcome.notice, toClicker: outcome.toClicker } : { kind: 'private', notice: outcome.notice };
}

/**
 * The approval flow's button verbs, for the action table: each adapter verifies the click
 * (signature, token), builds the `ActionRequest` with the verified identity, and renders
 * the result (`update`: the request message for everyone; `private`: a refusal).
 * - `override.request` (id = budget name): the budget's state and how to ask for more;
 * - `override.approve` / `override.deny` (id = request id; Deny's `input` is the reason).
 */
export function overrideActionHandlers(deps: BudgetDeps): Record<'override.request' | 'override.approve' | 'override.deny', ActionHandler> {
  return {
    'override.request': async (req) => {
      const reply = await showBudgets(deps, req.identity, req.conversation, req.id, req.now, `budget show ${req.id}`);
      if (reply.kind !== 'notice') return { kind: 'reply', reply, replace: false };
      const how = `To ask for more, type: budget request ${req.id} +<amount> [until=YYYY-MM-DD] reason="…" (${USAGE.request.replace(/^`[^`]*` — /, '')}).`;
      return { kind: 'reply', reply: { ...reply, notice: { ...reply.notice, actions: [], notes: [...(reply.notice.notes ?? []), how] } }, replace: false };
    },
    'override.approve': (req) => decide(deps, req, 'approved'),
    'override.deny': (req) => decide(deps, req, 'denied'),
  };
}
