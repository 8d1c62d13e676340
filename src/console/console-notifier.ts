import type { MessageRef, Notice, Notifier } from '../app/conversation/types.js';
import type { Json, Store } from '../store/index.js';
import { CONSOLE_USER, consoleChannelId } from './console-meta.js';

/**
 * Posts notices to the web console's channel feeds, kept in the store
 * (`console_messages`, migration 0002), as a chat platform keeps messages: `post`,
 * `update`, `reply` (a thread), `direct` (the console user's direct messages) and
 * `findPosted` (by ledger key). A channel is `team-<name>` or a bare team name, `ask`,
 * or `dm-<user>`.
 */
export function consoleNotifier(store: Pick<Store, 'postConsoleMessage' | 'updateConsoleMessage' | 'findConsoleMessage'>, clock: () => number): Notifier {
  const post = async (channel: string, notice: Notice, threadOf?: string): Promise<MessageRef> => {
    const id = consoleChannelId(channel);
    const posted = await store.postConsoleMessage({ channel: id, notice: notice as unknown as Json, threadOf: threadOf ?? null, key: notice.key ?? null }, new Date(clock()));
    if (!posted) throw new Error(`No console message ${threadOf} in ${id} to reply to.`);
    return { platform: 'console', channel: id, id: posted.id };
  };
  return {
    platform: 'console',
    post: (channel, notice) => post(channel, notice),
    update: async (ref, notice) => {
      if (!(await store.updateConsoleMessage(ref.id, notice as unknown as Json, new Date(clock())))) throw new Error(`No console message ${ref.id} to update.`);
    },
    reply: (ref, notice) => post(ref.channel, notice, ref.id),
    direct: (userId, notice) => post(`dm-${userId || CONSOLE_USER.id}`, notice),
    findPosted: async (channel, key, since) => {
      const found = await store.findConsoleMessage(consoleChannelId(channel), key, since);
      return found ? { platform: 'console', channel: found.channel, id: found.id } : null;
    },
  };
}
