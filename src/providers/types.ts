import type { Logger } from 'pino';
import type { AllocationConfig, CostRecord, DateRange, FilterSpec, Metric, RejectedRow } from '../core/types.js';

/** What every provider factory receives besides its own configuration. */
export interface ProviderDeps {
  logger: Logger;
  /** Today's date (UTC) of the clock the bot runs on, `YYYY-MM-DD`. */
  today: string;
  /** The configured time zone (calendar days of answers). */
  timezone?: string;
}

/** What loading a snapshot provider found. */
export interface LoadResult {
  rows: number;
  rejected: number;
  /** The first rejected rows, with file and line, for the answer's notes. */
  rejectedSamples: RejectedRow[];
  warnings: string[];
  files?: string[];
  ms: number;
  /**
   * Files that could not be read and are left out (the other files loaded). `partial`:
   * rows of the file reached the sink before it failed — the load must be redone without it.
   */
  unreadable?: { file: string; message: string; partial: boolean }[];
  /** The provider's fingerprint of what it loaded (see `SnapshotProvider.signature`). */
  signature?: string;
}

/** Receives one record; `tagsKey` is the source's own text of the tags, when it has one. */
export type RecordSink = (rec: CostRecord, tagsKey?: string) => void;

/**
 * A provider whose data the engine keeps in memory and aggregates itself (FOCUS files,
 * the bundled sample). Push-down providers (Cost Explorer, BigQuery) add a second kind.
 */
export interface SnapshotProvider {
  readonly kind: 'snapshot';
  /** Unique among the configured providers: the `name`, else the type. */
  readonly id: string;
  readonly type: string;
  /** A short human description (`focus: ./exports (3 files)`). */
  describe(): string;
  load(sink: RecordSink, opts?: { signal?: AbortSignal; onProgress?: (p: { rows: number; file?: string }) => void; skipFiles?: ReadonlySet<string> }): Promise<LoadResult>;
  /**
   * A fingerprint of the data as it is now (FOCUS: the files' paths, sizes and times):
   * when it differs from the last load's `signature`, a rescan loads again. Absent: the
   * data never changes (the bundled sample).
   */
  signature?(): Promise<string>;
}

/** A compiled request's cached response (the store's `query_cache`, behind a port). */
export interface ProviderCache {
  get(key: string): Promise<unknown | null>;
  put(key: string, request: unknown, response: unknown, ttlMs: number): Promise<void>;
}

/** What the engine asks a push-down provider for one scan of one query. */
export interface FetchRequest {
  /** Half-open range of dates (`end` exclusive). */
  range: DateRange;
  /**
   * The query keys the answer needs allocated (grouping, filters, the unallocated
   * dimension): configured or built-in dimensions and FOCUS keys (`service`, `account`…).
   */
  keys: string[];
  /** The query's filters (exact matching is re-applied by the engine on what comes back). */
  filters: Record<string, FilterSpec>;
  /**
   * True when the filters may be pushed down to the provider. False when shared-cost
   * rules need the unfiltered totals of the range: the provider must then return every
   * cost in range, grouped, and leave filtering to the engine.
   */
  pushFilters: boolean;
  metric: Metric;
  /** The allocation layer's configuration, built-in dimensions included. */
  allocation: AllocationConfig;
}

/** What a push-down provider hands back: records at a grain the allocation layer can finish. */
export interface FetchResult {
  /**
   * Aggregated cost records, one per day (or month) and distinct combination of the
   * fields the allocation of `keys` reads (tags, SubAccountId, ServiceName…), with
   * exact decimal text amounts in the metric's three fields.
   */
  records: CostRecord[];
  /** Requests actually sent (each page counts), and requests answered from the cache. */
  calls: number;
  cacheHits: number;
  /** Bytes the provider scanned (BigQuery), when it says. */
  bytesScanned?: number;
  /** Notes for the answer ("Cost Explorer marks 2026-11-25 as estimated"). */
  notes: string[];
  /**
   * The latest charge-period end (epoch ms) among all the source's rows of the range,
   * whatever the pushed filters: the data's freshness. Without it, the records' own ends.
   */
  dataEnd?: number;
}

export interface ProviderContext {
  signal: AbortSignal;
  logger: Logger;
  cache: ProviderCache;
  /** The clock (epoch ms), for cache TTLs: a range that includes today caches for less time. */
  now: number;
}

/** One line of `finops-bot doctor`. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** What to do about it, when not ok. */
  fix?: string;
}

/**
 * A provider that answers each query in the cloud (push-down): filters and groupings
 * run in Cost Explorer or BigQuery; the allocation layer finishes the records.
 */
export interface QueryProvider {
  readonly kind: 'query';
  readonly id: string;
  readonly type: string;
  describe(): string;
  fetch(request: FetchRequest, ctx: ProviderContext): Promise<FetchResult>;
  /** Known values of the keys it can list cheaply (tag values, services, accounts), for bare words. */
  knownValues?(range: DateRange, allocation: AllocationConfig, ctx: ProviderContext): Promise<Record<string, string[]>>;
  /** Checks credentials, permissions and a tiny query; never throws. */
  doctor(ctx: ProviderContext): Promise<DoctorCheck[]>;
  /**
   * The cloud's own forecast of its unfiltered cost from today to the end of `range`
   * (Cost Explorer's GetCostForecast), amounts as decimal text; null when it has none.
   */
  forecast?(range: DateRange, metric: Metric, ctx: ProviderContext): Promise<{ range: DateRange; mean: string; lower?: string; upper?: string; currency: string; calls: number } | null>;
}

export type Provider = SnapshotProvider | QueryProvider;

/** Builds a provider from its configuration entry. */
export type ProviderFactory<C = Record<string, unknown>> = (config: C, deps: ProviderDeps) => Provider;
