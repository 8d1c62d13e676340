import { MAX_QUERY_LENGTH } from '../../core/query/index.js';
import type { Asking } from './ask-question.js';
import { commandFor } from './commands.js';
import { exampleQuestions, helpContent, isHelpRequest } from './help.js';
import type { ConversationDeps } from './ports.js';
import type { Reply } from './types.js';

/** What a question over the length cap is told (the core's `MAX_QUERY_LENGTH`, the one cap). */
export function tooLongMessage(length: number): string {
  return `The question is too long (${length} characters; at most ${MAX_QUERY_LENGTH}): ask a shorter one.`;
}

/**
 * The reply to one message, whatever the surface: the one flow every adapter calls with
 * the verified identity and where the message was written.
 * 1. A message over the length cap is rejected with how long it may be.
 * 2. A request for help (`help`, `?`, `what can you do?`, an empty message…) gets help.
 * 3. A leading command word (`help`, later `budget`, `snooze`…) goes to its use case.
 * 4. Anything else is a cost question (`askQuestion`): an answer with its buttons and
 *    chart, a rejected question with the fix, or a failure with a reference.
 * Never throws.
 */
export async function reply(deps: ConversationDeps, asking: Asking): Promise<Reply> {
  const now = asking.now ?? deps.clock();
  const text = asking.text.trim();
  if (text.length > MAX_QUERY_LENGTH) {
    return { kind: 'rejected', asked: text.slice(0, 200), message: tooLongMessage(text.length), suggestions: [], examples: exampleQuestions(deps.asker, now) };
  }
  if (isHelpRequest(text)) return { kind: 'help', help: helpContent(deps.asker, now) };
  const { command, rest } = commandFor(text);
  return command(deps, { ...asking, text, rest, now });
}
