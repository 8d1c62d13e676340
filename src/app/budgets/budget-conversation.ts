/**
 * The budgets' entries in the conversation layer's tables: the `budget` command and the
 * approval flow's three button verbs. Each takes the budget dependencies from the
 * conversation's services; a surface without them (a stub, the CLI) says so.
 */
import type { ActionResult, ActionVerb, Notice, Reply } from '../conversation/types.js';
import type { ActionRequest } from '../conversation/types.js';
import type { ConversationDeps } from '../conversation/ports.js';
import type { BudgetDeps } from './budget-deps.js';
import { overrideActionHandlers } from './override-actions.js';
import { runBudgetCommand } from './run-budget-command.js';

const NOT_HERE = 'Budgets are not available here: ask in Slack, Teams or the web console of a running bot (finops-bot serve).';

function budgetsOf(deps: ConversationDeps): BudgetDeps | null {
  const budgets = deps.services?.budgets;
  if (!budgets) return null;
  return budgets.logger ? budgets : { ...budgets, logger: deps.logger };
}

/** `budget …` (Slack's `/budget`, a Teams message or console line starting with `budget`). */
export async function budgetCommand(deps: ConversationDeps, request: { text: string; identity: ActionRequest['identity']; conversation: ActionRequest['conversation']; now: number }): Promise<Reply> {
  const budgets = budgetsOf(deps);
  if (!budgets) return { kind: 'rejected', asked: request.text, message: NOT_HERE, suggestions: [], examples: [] };
  return runBudgetCommand(budgets, request.identity, request.conversation, request.text, request.now);
}

type OverrideVerb = Extract<ActionVerb, 'override.request' | 'override.approve' | 'override.deny'>;

/**
 * The use case of one approval-flow verb: the click's verified identity and the id it
 * carried go to `decideOverride` (or the budget's state for `override.request`).
 */
export function overrideAction(verb: OverrideVerb): (deps: ConversationDeps, request: ActionRequest) => Promise<ActionResult> {
  return async (deps, request) => {
    const budgets = budgetsOf(deps);
    if (!budgets) {
      const notice: Notice = { kind: 'budgets-unavailable', title: 'Not available here', text: NOT_HERE, tone: 'warning' };
      return { kind: 'private', notice };
    }
    return overrideActionHandlers(budgets)[verb](request);
  };
}
