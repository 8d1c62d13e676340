import { createHash } from 'node:crypto';
import type { App as BoltApp } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Store } from '../../store/index.js';

/**
 * How long a Slack request is remembered: a signature is accepted from five minutes in
 * the past to five in the future (ten minutes of replays), and Slack retries an event at
 * once, after a minute and after five; five more minutes cover replicas' clock skew.
 */
export const SLACK_REMEMBER_MS = 15 * 60_000;
const PURGE_EVERY_MS = 10 * 60_000;

/** The one thing the deduplication needs from the store. */
export type SightingStore = Pick<Store, 'firstSighting' | 'purgeSightings'>;

/**
 * What identifies a request across retries and replays, or null when nothing does: an
 * Events API delivery by its `event_id` (Slack's retries carry the same one with a new
 * signature), anything else by its signature (a replay is the same signed bytes).
 */
export function requestKey(body: unknown, signature: unknown): string | null {
  const eventId = (body as { event_id?: unknown } | null)?.event_id;
  if (typeof eventId === 'string' && eventId !== '') return `slack:event:${eventId}`;
  if (typeof signature === 'string' && signature !== '') return `slack:signature:${createHash('sha256').update(signature).digest('hex')}`;
  return null;
}

/**
 * A global Bolt middleware that lets each Slack request through once across every
 * replica sharing the store: a retry or a replay is acknowledged and dropped. A store
 * that cannot answer lets the request through (answering twice beats not answering).
 */
export function dedupeRequests(boltApp: BoltApp, store: SightingStore, log: Logger): void {
  let lastPurge = 0;
  boltApp.use(async (args) => {
    const key = requestKey(args.body, (args.context as { slackSignature?: unknown }).slackSignature);
    if (key !== null) {
      const now = new Date();
      let first = true;
      try {
        first = await store.firstSighting(key, SLACK_REMEMBER_MS, now);
        if (now.getTime() - lastPurge > PURGE_EVERY_MS) {
          lastPurge = now.getTime();
          store.purgeSightings(now).catch((err: unknown) => log.warn({ err }, 'could not purge remembered Slack requests'));
        }
      } catch (err) {
        log.warn({ err }, 'the store could not say whether this Slack request was seen before: answering it');
      }
      if (!first) {
        log.info({ key: key.slice(0, 40), retryNum: args.context.retryNum, retryReason: args.context.retryReason }, 'Slack retry or replay ignored: this request was already taken');
        const ack = (args as { ack?: () => Promise<void> }).ack;
        if (ack) await ack();
        return;
      }
    }
    await args.next();
  });
}
