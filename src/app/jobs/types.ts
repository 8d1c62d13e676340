/**
 * The scheduled jobs' vocabulary: what a job is, what it composes, what a run reports
 * (the JSON lines of `finops-bot jobs run`, spec: jobs-and-approvals.md), and the ports a
 * run needs (the cost data, the store, one Notifier per platform).
 */
import type { Logger } from 'pino';
import type { FinopsConfig } from '../../config/index.js';
import type { Json, Store } from '../../store/index.js';
import type { Notice, NoticePlatform, Notifier } from '../conversation/types.js';
import type { GpuDeps } from '../gpu/gpu-analysis.js';
import type { CostReader } from './cost-reader.js';

/** The `kind` of a message in the JSON lines. */
export type MessageKind = 'digest' | 'budget-threshold' | 'budget-forecast' | 'spike' | 'idle-gpu';

/** One message a job wants posted, before routing and bundling. */
export interface JobMessage {
  /** The spec's ledger key: `digest:<team entry>:<day>`, `budget:…`, `spike:…`. */
  key: string;
  kind: MessageKind;
  /** The `teams:` entry whose channels get it; null when no entry owns it and none is the default. */
  team: string | null;
  /** One line: the fallback text, and what the CLI prints. */
  text: string;
  /** The spec's facts for this kind (amounts as decimal text). */
  facts: Record<string, Json>;
  /** The message on its own (a bundle of several alerts is composed from these). */
  notice: Notice;
  /** Alerts only: the scope a *Snooze 24 h* silences (`team=nlp`, `budget:nlp-monthly`). */
  snoozeScope?: string;
  /**
   * A reply in the thread of the message with this ledger key (the idle-GPU follow-up):
   * posted with `Notifier.reply` where that message was posted, never bundled.
   */
  threadOf?: string;
}

/** What a job composed for one slot. */
export interface Composed {
  messages: JobMessage[];
  /** For `jobs status` and the CLI: days not judged yet, scopes skipped, and why. */
  notes: string[];
}

/** Everything a job reads while composing. The clock is the slot: a run is reproducible. */
export interface JobContext {
  job: string;
  /** The scheduled time this run is for. */
  slot: Date;
  /** Today in the configured zone, at the slot. */
  today: string;
  config: FinopsConfig;
  costs: CostReader;
  /** Budgets for every job; the ledger and the snoozes for the idle-gpu job (follow-ups, *Expected*). */
  store: Pick<Store, 'listBudgets' | 'approvedOverrideTotal'> & Partial<Pick<Store, 'getDeliveries' | 'activeSnooze'>>;
  /** The GPU use cases' dependencies (metric sources, GPU costs); absent where the process has none. */
  gpu?: GpuDeps | null;
  logger: Logger;
  signal: AbortSignal;
}

/** A job: one module, one line in the registry. */
export interface JobDefinition {
  /** The name in the CLI, the ledger and `job_runs` (`digest`, `idle-gpu`). */
  name: string;
  /** Its key under `schedules:` in the configuration (`digest`, `idleGpu`). */
  scheduleKey: keyof FinopsConfig['schedules'];
  /** One line for `jobs status` and the README. */
  description: string;
  compose(ctx: JobContext): Promise<Composed>;
}

/** One platform's notifier for each platform that is wired; a missing one is "not configured". */
export type NotifierSet = Partial<Record<NoticePlatform, Notifier>>;

/** What a run needs besides the job. */
export interface RunDeps {
  config: FinopsConfig;
  /** The cost data as of a slot (one reader per run: its questions are memoised for the run). */
  costsFor: (slot: Date) => CostReader;
  store: Store;
  notifiers: NotifierSet;
  /** The GPU use cases' dependencies, for the idle-gpu job and the digest's idle-GPU line. */
  gpu?: GpuDeps | null;
  logger: Logger;
  /** The real clock (leases, claims); the slot is the data's clock. */
  clock: () => number;
  /** This process, in `job_runs.claimed_by` and `message_deliveries.claimed_by`. */
  owner: string;
  /** How long a claimed slot or message stays ours without a heartbeat (default 60 s). */
  leaseMs?: number;
  /** A platform call that takes longer than this counts as failed (default 30 s; below `leaseMs`). */
  postTimeoutMs?: number;
  /** Failed messages are retried by later runs for this long (default 24 h). */
  retryWindowMs?: number;
}

export type LineStatus = 'posted' | 'dry-run' | 'duplicate' | 'snoozed' | 'failed' | 'uncertain';

/** A channel a message goes to. */
export interface Target {
  platform: NoticePlatform;
  channel: string;
}

/** One JSON line of `jobs run --json`: a message considered (spec's key order). */
export interface MessageLine {
  job: string;
  slot: string;
  key: string;
  kind: string;
  team: string | null;
  status: LineStatus;
  targets: Target[];
  text: string;
  facts: Record<string, Json>;
}

/** The closing line of a run. */
export interface RunSummary {
  job: string;
  slot: string;
  claimed: boolean;
  posted: number;
  duplicate: number;
  snoozed: number;
  failed: number;
  uncertain: number;
  /** Why the slot was not claimed (already done, running elsewhere, a dry run). */
  reason?: string;
}

/** What one run did: its lines, its summary, and notes for people (stderr / `jobs status`). */
export interface RunReport {
  lines: MessageLine[];
  summary: RunSummary;
  notes: string[];
  /** Set when the job itself failed (the data could not be read…); the slot is retried. */
  error?: string;
  /** Provider calls the run made (for the benchmark), summed over its questions. */
  providerCalls: number;
}
