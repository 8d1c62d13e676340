import type { Conversation, Identity, Reply } from '../conversation/types.js';
import type { BudgetDeps } from './budget-deps.js';
import { budgetHistory } from './budget-history.js';
import { privateNotice, rejected } from './budget-replies.js';
import { parseBudgetCommand, USAGE } from './parse-budget-command.js';
import { requestOverride } from './request-override.js';
import { setBudget } from './set-budget.js';
import { showBudgets } from './show-budgets.js';

/**
 * One `/budget` sentence from any surface (Slack's `/budget`, a Teams message or console
 * line starting with `budget`), for a verified identity in a conversation. Never throws for
 * bad input: a mistake or a refusal is a `rejected` reply saying how to fix it.
 */
export async function runBudgetCommand(deps: BudgetDeps, identity: Identity, conversation: Pick<Conversation, 'channelId'>, text: string, now: number): Promise<Reply> {
  const parsed = parseBudgetCommand(text);
  if (!parsed.ok) return rejected(text, parsed.message);
  const cmd = parsed.command;
  switch (cmd.kind) {
    case 'help':
      return privateNotice({
        kind: 'budget-help',
        title: 'Budgets',
        text: 'Budget commands: show, set, request, history.',
        body: Object.values(USAGE),
        notes: ['In Teams and the console, the same sentences without the slash: budget request nlp-monthly +5000 reason="…".'],
        tone: 'info',
      });
    case 'show':
      return showBudgets(deps, identity, conversation, cmd.name, now, text);
    case 'set':
      return setBudget(deps, identity, cmd, now, text);
    case 'request':
      return requestOverride(deps, identity, conversation, cmd, now, text);
    case 'history':
      return budgetHistory(deps, identity, cmd.name, text);
  }
}
