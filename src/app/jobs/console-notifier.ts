/**
 * A console Notifier over the store, for `jobs run` and the scheduler until the web
 * console's own channel feed is wired in (the conversation layer's work): each post is an
 * `audit_log` record (`subject` `console:<channel>`, `action` `console.post`, the notice
 * and its ledger key in `detail`), so every replica sees every post and `findPosted`
 * can tell for sure whether a message went out. Swap it for the real console notifier
 * when that lands; nothing else changes.
 */
import type { Json, Store } from '../../store/index.js';
import type { MessageRef, Notice, Notifier } from '../conversation/types.js';

export const CONSOLE_POST_ACTION = 'console.post';
const ACTOR = 'finops-bot';
/** How many of a channel's newest posts `findPosted` reads. */
const HISTORY = 1000;

export const consoleSubject = (channel: string) => `console:${channel}`;

export function storeConsoleNotifier(store: Pick<Store, 'appendAudit' | 'listAudit'>, clock: () => number): Notifier {
  const write = async (subject: string, action: string, notice: Notice, extra: Record<string, Json> = {}) =>
    store.appendAudit({ actor: ACTOR, platform: 'console', action, subject, detail: { key: notice.key ?? null, notice: notice as unknown as Json, ...extra } }, new Date(clock()));
  return {
    platform: 'console',
    async post(channel, notice) {
      return { platform: 'console', channel, id: await write(consoleSubject(channel), CONSOLE_POST_ACTION, notice) };
    },
    async update(ref, notice) {
      await write(consoleSubject(ref.channel), 'console.update', notice, { message: ref.id });
    },
    async reply(ref, notice) {
      return { platform: 'console', channel: ref.channel, id: await write(consoleSubject(ref.channel), 'console.reply', notice, { thread: ref.id }) };
    },
    async direct(userId, notice) {
      return { platform: 'console', channel: `@${userId}`, id: await write(consoleSubject(`@${userId}`), 'console.direct', notice) };
    },
    async findPosted(channel, key, since): Promise<MessageRef | null> {
      const entries = await store.listAudit(consoleSubject(channel), HISTORY);
      const hit = entries.find((e) => e.action === CONSOLE_POST_ACTION && e.at >= since && (e.detail as { key?: unknown } | null)?.key === key);
      return hit === undefined ? null : { platform: 'console', channel, id: hit.id };
    },
  };
}
