/**
 * The jobs' text commands for the conversation layer's command table: `snooze <scope>`,
 * `unsnooze <scope>` and `snooze` (the list) — `/cost snooze team=nlp` in Slack.
 */
import type { CommandRequest } from '../conversation/commands.js';
import type { ConversationDeps } from '../conversation/ports.js';
import type { Reply } from '../conversation/types.js';
import { handleSnoozeText } from './snooze.js';

export async function snoozeCommand(deps: ConversationDeps, request: CommandRequest): Promise<Reply> {
  const store = deps.services?.store;
  // The HTTP API has no sign-in: an anonymous caller silences nobody's alerts.
  if (!store || request.identity.platform === 'api') {
    return { kind: 'notice', notice: { kind: 'snooze', title: 'Snooze', text: 'Snoozing alerts is not available here: use Slack, Teams or the web console of the running bot.', tone: 'warning' }, public: false };
  }
  const notice = await handleSnoozeText(request.text, store, request.identity, new Date(request.now));
  return { kind: 'notice', notice: notice ?? { kind: 'snooze', title: 'Snooze', text: 'Say `snooze team=nlp`, `unsnooze team=nlp` or `snooze`.', tone: 'info' }, public: false };
}
