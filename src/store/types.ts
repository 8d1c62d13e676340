/**
 * The store's vocabulary: the SQL driver port both database drivers implement, the rows
 * the store hands out, and its one coded error class.
 *
 * Both drivers speak the same PostgreSQL dialect. Values cross the port in the few shapes
 * both drivers agree on: parameters are strings, numbers, booleans or null (JSON goes in
 * as text with a `::jsonb` cast, instants as ISO text with `::timestamptz`), and queries
 * cast numeric/bigint/date results to text so PGlite and `pg` return identical rows.
 */

/** A bound query parameter. JSON and instants are passed as text and cast in SQL. */
export type SqlParam = string | number | boolean | null;

export interface QueryResult<T> {
  rows: T[];
  /** Rows changed by INSERT/UPDATE/DELETE, or rows returned by SELECT. */
  rowCount: number;
}

/** Runs statements. Parameters are always bound (`$1`, `$2`…), never interpolated. */
export interface SqlExecutor {
  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<QueryResult<T>>;
  /** Runs a multi-statement script without parameters (migrations only). */
  execScript(sql: string): Promise<void>;
}

export const DRIVER_KINDS = ['pglite', 'pg'] as const;
export type DriverKind = (typeof DRIVER_KINDS)[number];

/**
 * The port over a PostgreSQL-dialect database. `transaction` runs `fn` in one transaction
 * on one connection and commits when it resolves, rolls back when it throws. Inside `fn`,
 * use only the executor it receives: calling the driver itself there throws a
 * `StoreError` ('nested-query') instead of deadlocking (PGlite) or silently escaping the
 * transaction (`pg`).
 */
export interface SqlDriver extends SqlExecutor {
  readonly kind: DriverKind;
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const STORE_ERROR_CODES = [
  'connection',
  'migration-checksum',
  'migration-invalid',
  'nested-query',
  'closed',
  'invalid-argument',
  'locked',
] as const;
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

/** The store's coded error; the message says how to fix the problem. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

/** The subset of a pino logger the store uses. */
export interface StoreLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Any JSON value (what jsonb columns hold). */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface CacheEntry {
  key: string;
  provider: string;
  request: Json;
  response: Json;
  createdAt: Date;
  expiresAt: Date;
}

export const JOB_STATUSES = ['running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobRun {
  job: string;
  scheduledFor: Date;
  claimedBy: string;
  leaseUntil: Date;
  status: JobStatus;
  attempts: number;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
  /** What the run left for `jobs status` (migration 0003); null before it finished. */
  notes: Json | null;
}

export type JobOutcome = { status: 'done' } | { status: 'failed'; error: string };

export interface LedgerEntryInput {
  /** What makes the message unique, prefixed by its job: `budgets:nlp-monthly:2026-05:80`. */
  ledgerKey: string;
  job: string;
  channel: string;
  platform: string;
}

export interface LedgerEntry extends LedgerEntryInput {
  postedAt: Date;
  messageRef: Json | null;
}

export interface ConversationRef {
  platform: string;
  conversationId: string;
  /** The platform's own reference (a Bot Framework ConversationReference, a Slack channel…). */
  reference: Json;
  team: string | null;
  updatedAt: Date;
}

export interface AuditInput {
  actor: string;
  platform: string;
  action: string;
  subject: string;
  detail?: Json;
}

export interface AuditEntry extends Required<AuditInput> {
  id: string;
  at: Date;
}

export const BUDGET_PERIODS = ['month', 'quarter', 'year'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export interface BudgetRow {
  name: string;
  scope: string;
  /** Exact decimal text, never a float. */
  amount: string;
  currency: string;
  period: BudgetPeriod;
  thresholds: number[];
  team: string | null;
  forecast: boolean;
  updatedAt: Date;
  updatedBy: string;
}

export const OVERRIDE_STATUSES = ['pending', 'approved', 'denied', 'expired'] as const;
export type OverrideStatus = (typeof OVERRIDE_STATUSES)[number];
export type OverrideDecision = 'approved' | 'denied';

export interface OverrideRequest {
  budget: string;
  /** First day of the budget period the override applies to, `YYYY-MM-DD`. */
  periodStart: string;
  /** Exact positive decimal text, e.g. `"5000"` or `"1250.50"`. */
  amount: string;
  until: string | null;
  reason: string;
  requestedBy: string;
  requestedPlatform: string;
}

export interface OverrideRow extends OverrideRequest {
  /** A decimal integer as text (bigint identity). */
  id: string;
  status: OverrideStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  messageRefs: Json[];
  createdAt: Date;
}

export interface DecideResult {
  /** True only for the one decision that moved the request out of `pending`. */
  won: boolean;
  /** Who decided (this caller when `won`, else the earlier decider); null if undecided/unknown. */
  decidedBy: string | null;
  /** The request as it stands after the attempt; null when no such request exists. */
  override: OverrideRow | null;
}

export const SNOOZE_KINDS = ['snooze', 'expected'] as const;
export type SnoozeKind = (typeof SNOOZE_KINDS)[number];

export interface Snooze {
  resource: string;
  until: Date;
  by: string;
  kind: SnoozeKind;
  createdAt: Date;
}

export const DELIVERY_STATUSES = ['claimed', 'sent', 'failed', 'uncertain'] as const;
/**
 * Where one message stands on one channel: `claimed` (being posted, or left so by a run
 * that died), `sent`, `failed` (a later run retries it), `uncertain` (a run died after
 * claiming it and the platform cannot tell whether it went out: never re-posted).
 */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One channel on one platform. */
export interface DeliveryTarget {
  platform: string;
  channel: string;
}

/** A ledger entry to claim: one message key on one channel, with the message to post. */
export interface DeliveryClaim extends DeliveryTarget {
  /** The spec's ledger key (`digest:nlp:2026-11-25`, `budget:…`, `spike:…`). */
  ledgerKey: string;
  job: string;
  /** The slot of the run that composed it. */
  slot: Date;
  /** The key the posted message carries: the ledger key, or the key of a message bundling several. */
  messageKey: string;
  /** The composed message (a Notice), posted again verbatim on retry. */
  notice: Json;
  /** What a run reports about this message (kind, team, text, facts). */
  item: Json;
}

export interface Delivery extends DeliveryClaim {
  status: DeliveryStatus;
  claimedBy: string;
  claimedAt: Date;
  createdAt: Date;
  sentAt: Date | null;
  messageRef: Json | null;
  attempts: number;
  error: string | null;
}

/** How posting a claimed message ended. */
export type DeliveryOutcome =
  | { status: 'sent'; messageRef: Json | null }
  | { status: 'failed'; error: string }
  | { status: 'uncertain'; error: string };
export interface ConsoleMessageInput {
  /** The console channel: `team-<name>`, `ask`, `dm-<user>`. */
  channel: string;
  /** The notice as JSON (src/app/conversation `Notice`). */
  notice: Json;
  /** The message this one replies to (its thread). */
  threadOf?: string | null;
  /** The ledger key of a proactive message. */
  key?: string | null;
}

export interface ConsoleMessage {
  /** A decimal integer as text (bigint identity). */
  id: string;
  channel: string;
  /** The top-level message of the thread this one is in; null for a top-level message. */
  threadOf: string | null;
  notice: Json;
  key: string | null;
  postedAt: Date;
  updatedAt: Date;
}
