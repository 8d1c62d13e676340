import { budgetCommand } from '../budgets/budget-conversation.js';
import { adviceCommand, asksUnitCost, idleGpuCommand, unitCostCommand } from '../gpu/gpu-commands.js';
import { snoozeCommand } from '../jobs/job-commands.js';
import { askQuestion, type Asking } from './ask-question.js';
import { helpContent } from './help.js';
import type { ConversationDeps } from './ports.js';
import type { Reply } from './types.js';

/** A message routed to a command: the whole text, and the text after the command word. */
export interface CommandRequest extends Asking {
  now: number;
  /** The text after the leading command word (`set nlp 50000/month` for `budget set nlp 50000/month`). */
  rest: string;
}

/** A command's use case. */
export type Command = (deps: ConversationDeps, request: CommandRequest) => Promise<Reply>;

/**
 * The command table: a message's leading word → its use case. Anything else is a cost
 * question (`ask`). A new command (`budget …`, `snooze …`, `idle gpu …`, `advice`) is one
 * line here plus its use case, and one line in help's command list.
 */
export const COMMANDS: Readonly<Record<string, Command>> = {
  help: async (deps, request) => ({ kind: 'help', help: helpContent(deps.asker, request.now) }),
  budget: budgetCommand,
  budgets: budgetCommand,
  idle: (deps, request) => idleGpuCommand(deps, request, DEFAULT_COMMAND),
  advice: adviceCommand,
  snooze: snoozeCommand,
  unsnooze: snoozeCommand,
};

/** What a message with no command word is: a cost question. */
export const DEFAULT_COMMAND: Command = (deps, request) => askQuestion(deps, request);

/** The command a message asks for, and the text after its word. */
export function commandFor(text: string): { command: Command; rest: string } {
  // Unit costs are asked anywhere in a sentence: `cost per gpu-hour by model`, `llama-70b per 1m tokens`.
  if (asksUnitCost(text)) return { command: unitCostCommand, rest: text };
  const match = /^\/?([a-z][a-z-]*)(?:\s+([\s\S]*))?$/i.exec(text.trim());
  const word = match?.[1]?.toLowerCase();
  if (word !== undefined && Object.hasOwn(COMMANDS, word)) return { command: COMMANDS[word]!, rest: match?.[2]?.trim() ?? '' };
  return { command: DEFAULT_COMMAND, rest: text };
}
