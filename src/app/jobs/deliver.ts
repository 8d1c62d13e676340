/**
 * Exactly-once delivery (spec: jobs-and-approvals.md, "Exactly once"). For each message
 * and each channel:
 * 1. claim the ledger entry with the composed message (one transaction; several alerts
 *    for one channel become one message, claimed together);
 * 2. post it;
 * 3. mark it sent (or failed: a later run retries it).
 * A run first takes over what earlier runs left open: entries still claimed by a run that
 * died, and failed ones. Before posting again it asks the platform whether the message
 * went out (`Notifier.findPosted`: Slack reads the channel's history for the key in the
 * message metadata, the console its feed); where the platform cannot tell (Teams), an
 * entry a dead run claimed is marked `uncertain` and never posted twice.
 */
import type { Json } from '../../store/index.js';
import type { MessageRef, Notice, Notifier } from '../conversation/types.js';
import { bundleNotice } from './bundle-notice.js';
import { entryTargets, splitByNotifier } from './routing.js';
import { asItem, itemOf, type LineBook } from './line-book.js';
import type { JobMessage, LineStatus, RunDeps, Target } from './types.js';

export const DEFAULT_LEASE_MS = 60_000;
export const DEFAULT_POST_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRY_WINDOW_MS = 24 * 3_600_000;
/** How far before a claim `findPosted` looks (clock skew between replicas and the platform). */
const LOOK_BACK_MS = 5 * 60_000;

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/** Why a target cannot be posted to right now (checked before claiming the post as sent), or null. */
async function unreachable(deps: RunDeps, target: Target): Promise<string | null> {
  if (target.platform !== 'teams') return null;
  const ref = await deps.store.getConversationRef('teams', target.channel);
  return ref === null ? `the bot has no reference for the Teams conversation ${target.channel}: add it to that team or chat` : null;
}

/** Where the message with ledger key `threadOf` was posted on `target`, to reply in its thread; null when it was not. */
async function threadRef(deps: RunDeps, target: Target, threadOf: string | undefined): Promise<MessageRef | null> {
  if (threadOf === undefined) return null;
  const rows = await deps.store.getDeliveries([threadOf]);
  const parent = rows.find((r) => r.platform === target.platform && r.channel === target.channel && r.status === 'sent' && r.messageRef !== null);
  return parent ? (parent.messageRef as unknown as MessageRef) : null;
}

/** The thread a stored claim replies in (`JobMessage.threadOf`, kept in its item). */
function threadOfItem(item: Json): string | undefined {
  const t = (item as { threadOf?: unknown } | null)?.threadOf;
  return typeof t === 'string' ? t : undefined;
}

/**
 * Posts a claimed message and marks its entries; the status of those entries. A message
 * with `threadOf` is a reply in that message's thread where it was posted on this
 * channel (a new message where it was not).
 */
async function postClaimed(deps: RunDeps, notifier: Notifier, target: Target, messageKey: string, notice: Notice, threadOf?: string): Promise<LineStatus> {
  const blocked = await unreachable(deps, target);
  let outcome: { status: 'sent'; messageRef: Json } | { status: 'failed'; error: string };
  if (blocked !== null) outcome = { status: 'failed', error: blocked };
  else {
    try {
      const parent = await threadRef(deps, target, threadOf);
      const posting = parent ? notifier.reply(parent, notice) : notifier.post(target.channel, notice);
      const ref = await withTimeout(posting, deps.postTimeoutMs ?? DEFAULT_POST_TIMEOUT_MS, `${target.platform} post`);
      outcome = { status: 'sent', messageRef: ref as unknown as Json };
    } catch (err) {
      outcome = { status: 'failed', error: errorText(err) };
      deps.logger.warn({ err, platform: target.platform, channel: target.channel, messageKey }, 'posting a job message failed; a later run retries it');
    }
  }
  const marked = await deps.store.finishDeliveries(messageKey, target, deps.owner, outcome, new Date(deps.clock()));
  if (marked === 0) deps.logger.warn({ messageKey, target }, 'a job message was marked by another replica first (this post outlived its claim)');
  return outcome.status === 'sent' ? 'posted' : 'failed';
}

/**
 * Takes over the entries of `job` that earlier runs left claimed (their run died) or
 * failed, within the retry window, and settles each: found on the platform → sent;
 * surely not posted → posted now (the stored message, verbatim); unknowable → uncertain.
 */
export async function recoverOpenDeliveries(job: string, book: LineBook, deps: RunDeps, signal: AbortSignal): Promise<void> {
  const now = new Date(deps.clock());
  const staleBefore = new Date(now.getTime() - (deps.leaseMs ?? DEFAULT_LEASE_MS));
  const open = await deps.store.listDeliveries({
    job,
    statuses: ['claimed', 'failed'],
    since: new Date(now.getTime() - (deps.retryWindowMs ?? DEFAULT_RETRY_WINDOW_MS)),
    limit: 2000,
  });
  const groups = new Map<string, { messageKey: string; target: Target }>();
  for (const d of open) {
    if (d.status === 'claimed' && d.claimedAt > staleBefore) continue;
    groups.set(`${d.messageKey}\u0000${d.platform}\u0000${d.channel}`, { messageKey: d.messageKey, target: { platform: d.platform as Target['platform'], channel: d.channel } });
  }
  for (const { messageKey, target } of groups.values()) {
    if (signal.aborted) return;
    const notifier = deps.notifiers[target.platform];
    if (notifier === undefined) continue;
    const taken = await deps.store.takeOverDeliveries(messageKey, target, deps.owner, staleBefore, new Date(deps.clock()));
    if (taken.length === 0) continue;
    const status = await settle(deps, notifier, target, messageKey, taken);
    for (const d of taken) book.add(d.ledgerKey, asItem(d.item), target, status);
  }
}

async function settle(
  deps: RunDeps,
  notifier: Notifier,
  target: Target,
  messageKey: string,
  taken: { status: string; createdAt: Date; notice: Json; item: Json }[],
): Promise<LineStatus> {
  const diedClaiming = taken.some((d) => d.status === 'claimed');
  const since = new Date(Math.min(...taken.map((d) => d.createdAt.getTime())) - LOOK_BACK_MS);
  const now = () => new Date(deps.clock());
  let found: Awaited<ReturnType<Notifier['findPosted']>>;
  try {
    found = await withTimeout(notifier.findPosted(target.channel, messageKey, since), deps.postTimeoutMs ?? DEFAULT_POST_TIMEOUT_MS, `${target.platform} history`);
  } catch (err) {
    await deps.store.finishDeliveries(messageKey, target, deps.owner, { status: 'failed', error: `could not check whether it was posted: ${errorText(err)}` }, now());
    return 'failed';
  }
  if (found !== null && found !== 'unknown') {
    await deps.store.finishDeliveries(messageKey, target, deps.owner, { status: 'sent', messageRef: found as unknown as Json }, now());
    return 'duplicate';
  }
  // Slack's channel history does not hold thread replies: a follow-up a dead run claimed cannot be looked up there.
  if (found === null && diedClaiming && target.platform === 'slack' && threadOfItem(taken[0]!.item) !== undefined) found = 'unknown';
  if (found === 'unknown' && diedClaiming) {
    const error = `the run that claimed it stopped before marking it, and ${target.platform} cannot tell whether it was posted: not posted again`;
    await deps.store.finishDeliveries(messageKey, target, deps.owner, { status: 'uncertain', error }, now());
    return 'uncertain';
  }
  return postClaimed(deps, notifier, target, messageKey, taken[0]!.notice as unknown as Notice, threadOfItem(taken[0]!.item));
}

/** What `deliverMessages` found besides the lines: channels not wired, messages nobody owns. */
export interface DeliveryNotes {
  notes: string[];
}

/**
 * Routes, bundles, claims, posts and marks one run's messages. `dryRun` does none of the
 * writing: it reports what would be posted where. Snoozed alerts are reported and left
 * unclaimed, so they can alert once the snooze ends.
 */
export async function deliverMessages(
  messages: JobMessage[],
  book: LineBook,
  deps: RunDeps,
  opts: { dryRun: boolean; job: string; slot: Date },
  signal: AbortSignal,
): Promise<string[]> {
  const notes: string[] = [];
  const byTeam = new Map<string, JobMessage[]>();
  for (const m of messages) {
    if (m.team === null) {
      notes.push(`${m.key}: no teams: entry owns it and none is marked default: true — not posted (add one to get these).`);
      continue;
    }
    byTeam.set(m.team, [...(byTeam.get(m.team) ?? []), m]);
  }
  const now = new Date(deps.clock());
  for (const [team, list] of byTeam) {
    const { ready, notConfigured } = splitByNotifier(entryTargets(deps.config, team), deps.notifiers);
    for (const t of notConfigured) notes.push(`${team}: ${t.platform} ${t.channel} not configured (no ${t.platform} notifier in this process): skipped.`);
    if (ready.length === 0) {
      notes.push(`${team}: no channel to post to: ${list.map((m) => m.key).join(', ')} not posted.`);
      continue;
    }
    const live: JobMessage[] = [];
    for (const m of list) {
      const snoozed = m.snoozeScope !== undefined ? await deps.store.activeSnooze(m.snoozeScope, now) : null;
      if (snoozed !== null) for (const t of ready) book.add(m.key, itemOf(m), t, 'snoozed');
      else live.push(m);
    }
    if (live.length === 0) continue;
    if (opts.dryRun) {
      for (const m of live) for (const t of ready) book.add(m.key, itemOf(m), t, 'dry-run');
      continue;
    }
    // Replies in a thread (follow-ups) go one by one, after the messages they may follow.
    const batches = [live.filter((m) => m.threadOf === undefined), ...live.filter((m) => m.threadOf !== undefined).map((m) => [m])].filter((b) => b.length > 0);
    for (const batch of batches) {
      for (const target of ready) {
        if (signal.aborted) throw new Error('the run was stopped');
        await deliverToTarget(batch, team, target, book, deps, opts);
      }
    }
  }
  return notes;
}

async function deliverToTarget(live: JobMessage[], team: string, target: Target, book: LineBook, deps: RunDeps, opts: { job: string; slot: Date }): Promise<void> {
  const notifier = deps.notifiers[target.platform]!;
  const now = new Date(deps.clock());
  const claim = await deps.store.transaction(async (tx) => {
    const claims = live.map((m) => ({
      ...target,
      ledgerKey: m.key,
      job: opts.job,
      slot: opts.slot,
      messageKey: m.key,
      notice: { ...m.notice, key: m.key } as unknown as Json,
      item: { ...itemOf(m), ...(m.threadOf !== undefined ? { threadOf: m.threadOf } : {}) } as unknown as Json,
    }));
    const won = await tx.claimDeliveries(claims, deps.owner, now);
    if (won.length === 0) return null;
    const bundle = bundleNotice(live.filter((m) => won.includes(m.key)), team);
    if (won.length > 1) await tx.setDeliveryMessage(target, won, deps.owner, bundle.messageKey, bundle.notice as unknown as Json);
    return { won, bundle };
  });
  const won = new Set(claim?.won ?? []);
  const others = live.filter((m) => !won.has(m.key));
  if (others.length > 0) {
    const rows = await deps.store.getDeliveries(others.map((m) => m.key));
    for (const m of others) {
      const row = rows.find((r) => r.ledgerKey === m.key && r.platform === target.platform && r.channel === target.channel);
      const status: LineStatus = row?.status === 'failed' ? 'failed' : row?.status === 'uncertain' ? 'uncertain' : 'duplicate';
      book.add(m.key, itemOf(m), target, status);
    }
  }
  if (claim === null) return;
  const threadOf = claim.won.length === 1 ? live.find((m) => m.key === claim.won[0])?.threadOf : undefined;
  const status = await postClaimed(deps, notifier, target, claim.bundle.messageKey, claim.bundle.notice, threadOf);
  for (const m of live) if (won.has(m.key)) book.add(m.key, itemOf(m), target, status);
}
