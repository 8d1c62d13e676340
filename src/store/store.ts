import { appendAudit, listAudit, listAuditPage } from './audit.js';
import { upsertBudget, listBudgets, type BudgetInput } from './budgets.js';
import { cacheGet, cachePurgeExpired, cachePut } from './cache.js';
import { claimDeliveries, finishDeliveries, getDeliveries, listDeliveries, setDeliveryMessage, takeOverDeliveries, type DeliveryFilter } from './deliveries.js';
import { findConsoleMessage, getConsoleMessage, listConsoleMessages, postConsoleMessage, updateConsoleMessage } from './console-messages.js';
import { claimJob, extendJobLease, finishJob, getJobRun, latestJobRun, listJobRuns, releaseJobLease } from './jobs.js';
import { getConversationRef, getMessage, recordMessage, saveConversationRef, setMessageRef } from './ledger.js';
import {
  addOverrideMessageRef,
  approvedOverrideTotal,
  createOverride,
  decideOverride,
  expirePendingOverrides,
  getOverride,
  listOverrides,
} from './overrides.js';
import { firstSighting, purgeSightings } from './seen-requests.js';
import { activeSnooze, listSnoozes, snooze, unsnooze } from './snoozes.js';
import type {
  AuditEntry,
  AuditInput,
  BudgetRow,
  CacheEntry,
  ConsoleMessage,
  ConsoleMessageInput,
  ConversationRef,
  DecideResult,
  Delivery,
  DeliveryClaim,
  DeliveryOutcome,
  DeliveryTarget,
  DriverKind,
  JobOutcome,
  JobRun,
  Json,
  LedgerEntry,
  LedgerEntryInput,
  OverrideDecision,
  OverrideRequest,
  OverrideRow,
  Snooze,
  SnoozeKind,
  SqlDriver,
  SqlExecutor,
} from './types.js';

/**
 * Everything the bot keeps between requests. The clock is always passed in (`now`): the
 * store never reads it, so tests and `--now` runs are exact.
 */
export interface StoreOps {
  cacheGet(key: string, now: Date): Promise<CacheEntry | null>;
  cachePut(key: string, provider: string, request: Json, response: Json, ttlMs: number, now: Date): Promise<void>;
  cachePurgeExpired(now: Date): Promise<number>;

  claimJob(job: string, scheduledFor: Date, owner: string, leaseMs: number, now: Date): Promise<boolean>;
  extendJobLease(job: string, scheduledFor: Date, owner: string, leaseMs: number, now: Date): Promise<boolean>;
  finishJob(job: string, scheduledFor: Date, owner: string, outcome: JobOutcome, now: Date, notes?: Json | null): Promise<boolean>;
  getJobRun(job: string, scheduledFor: Date): Promise<JobRun | null>;
  latestJobRun(job: string): Promise<JobRun | null>;
  releaseJobLease(job: string, scheduledFor: Date, owner: string, now: Date): Promise<boolean>;
  listJobRuns(job: string, limit?: number): Promise<JobRun[]>;

  claimDeliveries(claims: DeliveryClaim[], owner: string, now: Date): Promise<string[]>;
  setDeliveryMessage(target: DeliveryTarget, ledgerKeys: string[], owner: string, messageKey: string, notice: Json): Promise<number>;
  takeOverDeliveries(messageKey: string, target: DeliveryTarget, owner: string, staleBefore: Date, now: Date): Promise<Delivery[]>;
  finishDeliveries(messageKey: string, target: DeliveryTarget, owner: string, outcome: DeliveryOutcome, now: Date): Promise<number>;
  getDeliveries(ledgerKeys: string[]): Promise<Delivery[]>;
  listDeliveries(filter?: DeliveryFilter): Promise<Delivery[]>;

  recordMessage(entry: LedgerEntryInput, now: Date, messageRef?: Json | null): Promise<boolean>;
  setMessageRef(ledgerKey: string, messageRef: Json): Promise<boolean>;
  getMessage(ledgerKey: string): Promise<LedgerEntry | null>;

  saveConversationRef(ref: Omit<ConversationRef, 'updatedAt'>, now: Date): Promise<void>;
  getConversationRef(platform: string, conversationId: string): Promise<ConversationRef | null>;

  appendAudit(entry: AuditInput, now: Date): Promise<string>;
  listAudit(subject: string, limit?: number): Promise<AuditEntry[]>;
  listAuditPage(options: { since?: Date | null; afterId?: string | null; limit?: number }): Promise<AuditEntry[]>;

  upsertBudget(budget: BudgetInput, by: string, now: Date): Promise<void>;
  listBudgets(): Promise<BudgetRow[]>;

  createOverride(request: OverrideRequest, now: Date): Promise<OverrideRow>;
  getOverride(id: string): Promise<OverrideRow | null>;
  decideOverride(id: string, decision: OverrideDecision, by: string, reason: string | null, now: Date): Promise<DecideResult>;
  addOverrideMessageRef(id: string, ref: Json): Promise<boolean>;
  expirePendingOverrides(createdBefore: Date, now: Date): Promise<OverrideRow[]>;
  approvedOverrideTotal(budget: string, periodStart: string): Promise<string>;
  listOverrides(budget: string, limit?: number): Promise<OverrideRow[]>;

  snooze(input: { resource: string; until: Date; by: string; kind: SnoozeKind }, now: Date): Promise<void>;
  activeSnooze(resource: string, now: Date): Promise<Snooze | null>;
  unsnooze(resource: string): Promise<boolean>;
  listSnoozes(now: Date): Promise<Snooze[]>;

  /** The web console's channel feeds (migration 0004): what its `Notifier` posts, updates and threads. */
  postConsoleMessage(input: ConsoleMessageInput, now: Date): Promise<ConsoleMessage | null>;
  updateConsoleMessage(id: string, notice: Json, now: Date): Promise<boolean>;
  getConsoleMessage(id: string): Promise<ConsoleMessage | null>;
  listConsoleMessages(channel: string, limit?: number): Promise<ConsoleMessage[]>;
  findConsoleMessage(channel: string, key: string, since: Date): Promise<ConsoleMessage | null>;

  /**
   * Inbound requests already taken (migration 0008): true when this is the first sighting
   * of `key` within `ttlMs` — on any replica — false for a retry or a replay.
   */
  firstSighting(key: string, ttlMs: number, now: Date): Promise<boolean>;
  purgeSightings(now: Date): Promise<number>;
}

export interface SendOnceResult {
  /** True when this call posted; false when the ledger already held the key. */
  sent: boolean;
  messageRef: Json | null;
}

export interface Store extends StoreOps {
  /** Which driver serves this store: 'pglite' (embedded) or 'pg' (PostgreSQL). */
  readonly driver: DriverKind;
  /** Runs `fn` in one transaction; use only the `tx` it receives inside. */
  transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T>;
  /**
   * Posts a message at most once per `entry.ledgerKey`, across retries and replicas:
   *  1. in a transaction, insert the ledger row (a concurrent sender with the same key
   *     waits on it);
   *  2. if the key was already there, return `sent: false` without posting;
   *  3. else call `post(tx)` (write any "marked sent" state through `tx`), store the
   *     reference it returns, and commit. If `post` throws, everything rolls back and a
   *     retry posts again. Only a crash between a successful post and the commit can
   *     repost. `post` must not use the store outside `tx`.
   */
  sendOnce(entry: LedgerEntryInput, now: Date, post: (tx: StoreOps) => Promise<Json | null>): Promise<SendOnceResult>;
  close(): Promise<void>;
}

/** A Store over a driver whose schema is already migrated (see `openStore`). */
export function createStore(driver: SqlDriver): Store {
  const ops = bindOps(driver);
  const transaction = <T>(fn: (tx: StoreOps) => Promise<T>): Promise<T> => driver.transaction((tx) => fn(bindOps(tx)));
  return {
    ...ops,
    driver: driver.kind,
    transaction,
    sendOnce: (entry, now, post) =>
      transaction(async (tx) => {
        if (!(await tx.recordMessage(entry, now))) {
          const existing = await tx.getMessage(entry.ledgerKey);
          return { sent: false, messageRef: existing?.messageRef ?? null };
        }
        const messageRef = await post(tx);
        if (messageRef !== null) await tx.setMessageRef(entry.ledgerKey, messageRef);
        return { sent: true, messageRef };
      }),
    close: () => driver.close(),
  };
}

function bindOps(db: SqlExecutor): StoreOps {
  return {
    cacheGet: (...a) => cacheGet(db, ...a),
    cachePut: (...a) => cachePut(db, ...a),
    cachePurgeExpired: (...a) => cachePurgeExpired(db, ...a),
    claimJob: (...a) => claimJob(db, ...a),
    extendJobLease: (...a) => extendJobLease(db, ...a),
    finishJob: (...a) => finishJob(db, ...a),
    getJobRun: (...a) => getJobRun(db, ...a),
    latestJobRun: (...a) => latestJobRun(db, ...a),
    releaseJobLease: (...a) => releaseJobLease(db, ...a),
    listJobRuns: (...a) => listJobRuns(db, ...a),
    claimDeliveries: (...a) => claimDeliveries(db, ...a),
    setDeliveryMessage: (...a) => setDeliveryMessage(db, ...a),
    takeOverDeliveries: (...a) => takeOverDeliveries(db, ...a),
    finishDeliveries: (...a) => finishDeliveries(db, ...a),
    getDeliveries: (...a) => getDeliveries(db, ...a),
    listDeliveries: (...a) => listDeliveries(db, ...a),
    recordMessage: (...a) => recordMessage(db, ...a),
    setMessageRef: (...a) => setMessageRef(db, ...a),
    getMessage: (...a) => getMessage(db, ...a),
    saveConversationRef: (...a) => saveConversationRef(db, ...a),
    getConversationRef: (...a) => getConversationRef(db, ...a),
    appendAudit: (...a) => appendAudit(db, ...a),
    listAudit: (...a) => listAudit(db, ...a),
    listAuditPage: (...a) => listAuditPage(db, ...a),
    upsertBudget: (...a) => upsertBudget(db, ...a),
    listBudgets: () => listBudgets(db),
    createOverride: (...a) => createOverride(db, ...a),
    getOverride: (...a) => getOverride(db, ...a),
    decideOverride: (...a) => decideOverride(db, ...a),
    addOverrideMessageRef: (...a) => addOverrideMessageRef(db, ...a),
    expirePendingOverrides: (...a) => expirePendingOverrides(db, ...a),
    approvedOverrideTotal: (...a) => approvedOverrideTotal(db, ...a),
    listOverrides: (...a) => listOverrides(db, ...a),
    snooze: (...a) => snooze(db, ...a),
    activeSnooze: (...a) => activeSnooze(db, ...a),
    unsnooze: (...a) => unsnooze(db, ...a),
    listSnoozes: (...a) => listSnoozes(db, ...a),
    postConsoleMessage: (...a) => postConsoleMessage(db, ...a),
    updateConsoleMessage: (...a) => updateConsoleMessage(db, ...a),
    getConsoleMessage: (...a) => getConsoleMessage(db, ...a),
    listConsoleMessages: (...a) => listConsoleMessages(db, ...a),
    findConsoleMessage: (...a) => findConsoleMessage(db, ...a),
    firstSighting: (...a) => firstSighting(db, ...a),
    purgeSightings: (...a) => purgeSightings(db, ...a),
  };
}
