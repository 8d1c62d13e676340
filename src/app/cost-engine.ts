import type { Logger } from 'pino';
import { buildAllocator, withBuiltins } from '../core/allocation/build-allocator.js';
import { fromDayNumber, todayIn } from '../core/dates.js';
import { answerQuery, QueryRefusal } from '../core/engine/answer-query.js';
import { DatasetBuilder, RecordError, type Dataset } from '../core/engine/dataset.js';
import { scanDataset } from '../core/engine/scan.js';
import { FOCUS_KEY_NAMES } from '../core/keys.js';
import { parseQuery } from '../core/query/index.js';
import type { AllocationConfig, Answer, Metric, ParsedQuery, QueryContext, WeekStart } from '../core/types.js';
import type { ScanPartial, ScanPlan } from '../core/engine/scan.js';
import type { FetchRequest, LoadResult, Provider, ProviderCache, QueryProvider, SnapshotProvider } from '../providers/types.js';
import { redactText } from '../redact.js';
import { loadSnapshot, type LoadedSnapshot } from './load-snapshot.js';

/** The settings the engine answers with (from the configuration). */
export interface EngineSettings {
  timezone: string;
  weekStart: WeekStart;
  currency: string;
  defaultRange: string;
  metric: Metric;
  allocation: AllocationConfig;
  /** The month (1–12) fiscal years start in (`this fiscal year`, `FY2026`); default 1. */
  fiscalYearStart?: number;
}

export type AskResult = { ok: true; answer: Answer } | { ok: false; query: ParsedQuery; message: string };

type Loaded = LoadedSnapshot;

const PARSE_CACHE_SIZE = 1000;

/** Keys whose values are too many or too opaque to be matched as bare words. */
const NOT_BARE_WORD_KEYS = new Set(['resource', 'account']);

/** Options of the engine beyond its settings. */
export interface EngineOptions {
  /** Where each push-down provider caches compiled requests (the store); none = no cache. */
  cacheFor?: (providerId: string) => ProviderCache;
  /** Hard limit for one push-down provider answering one scan. */
  providerTimeoutMs?: number;
}

const NO_CACHE: ProviderCache = { get: async () => null, put: async () => undefined };

/** Per-ask accounting of push-down providers. */
interface AskStats {
  calls: Record<string, number>;
  cacheHits: number;
  bytes: Record<string, number>;
  rowsScanned: number;
  notes: Set<string>;
}

/** Thrown when no configured provider could be loaded at all. */
export class NoDataError extends Error {
  override readonly name = 'NoDataError';
}

/**
 * The ask use case over snapshot providers: loads each provider into its own columnar
 * dataset once, then parses and answers questions from memory. Surfaces (CLI, HTTP,
 * chat) call `ask`; nothing here knows about them.
 */
export class CostEngine {
  private knownValuesCache: Record<string, string[]> | null = null;
  private readonly parseCache = new Map<string, ParsedQuery>();

  private readonly allocator;
  private extraKnownValues: Record<string, string[]> = {};

  /**
   * What questions are answered from: replaced whole (never changed in place) when a
   * provider is loaded again, so a question that took it sees one load from start to end.
   */
  private loaded: readonly Loaded[];
  private failed: { id: string; message: string }[];

  private constructor(
    readonly settings: EngineSettings,
    loaded: Loaded[],
    private readonly remote: QueryProvider[],
    failures: { id: string; message: string }[],
    private readonly logger: Logger,
    private readonly options: EngineOptions,
    /** Every snapshot provider, loaded or not, in configuration order. */
    readonly snapshotProviders: readonly SnapshotProvider[] = loaded.map((l) => l.provider),
  ) {
    this.loaded = loaded;
    this.failed = failures;
    this.allocator = buildAllocator(settings.allocation);
  }

  /** Providers that could not be loaded (each answer says so), with why. */
  get failures(): { id: string; message: string }[] {
    return this.failed;
  }

  /**
   * Loads every snapshot provider (in parallel) into memory; push-down providers are
   * asked per query. A provider that fails to load is reported in every answer.
   */
  static async load(providers: Provider[], settings: EngineSettings, logger: Logger, options: EngineOptions = {}): Promise<CostEngine> {
    const allocator = buildAllocator(settings.allocation);
    const failures: { id: string; message: string }[] = [];
    const snapshots = providers.filter((p): p is SnapshotProvider => p.kind === 'snapshot');
    const remote = providers.filter((p): p is QueryProvider => p.kind === 'query');
    const results = await Promise.all(
      snapshots.map(async (provider): Promise<Loaded | null> => {
        try {
          return await loadSnapshot(provider, allocator, settings.timezone, logger);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          logger.error({ provider: provider.id, err }, 'provider failed to load');
          failures.push({ id: provider.id, message });
          return null;
        }
      }),
    );
    const loaded = results.filter((r): r is Loaded => r !== null);
    if (loaded.length === 0 && remote.length === 0 && providers.length > 0) {
      throw new NoDataError(failures.map((f) => `${f.id}: ${f.message}`).join('\n'));
    }
    return new CostEngine(settings, loaded, remote, failures, logger, options, snapshots);
  }

  /** Loads one snapshot provider again, off to the side (questions keep the current data meanwhile). */
  reloadSnapshot(provider: SnapshotProvider): Promise<LoadedSnapshot> {
    return loadSnapshot(provider, this.allocator, this.settings.timezone, this.logger);
  }

  /**
   * Swaps a provider's newly loaded data in, in one assignment: questions already running
   * finish on the data they started with, the next ones see the new load. Clears what was
   * derived from the old data (known values, parsed questions) and any load failure.
   */
  replaceSnapshot(next: LoadedSnapshot): void {
    const order = this.snapshotProviders.map((p) => p.id);
    const rest = this.loaded.filter((l) => l.provider.id !== next.provider.id);
    this.loaded = [...rest, next].sort((a, b) => order.indexOf(a.provider.id) - order.indexOf(b.provider.id));
    this.failed = this.failed.filter((f) => f.id !== next.provider.id);
    this.knownValuesCache = null;
    this.parseCache.clear();
  }

  /** The loaded snapshot of a provider, if it has one (its rows, files, unreadable files, signature). */
  snapshotOf(id: string): LoadedSnapshot | undefined {
    return this.loaded.find((l) => l.provider.id === id);
  }

  /** The push-down providers (Cost Explorer, BigQuery). */
  get remoteProviders(): QueryProvider[] {
    return this.remote;
  }

  /**
   * Asks push-down providers for the values they can list (tag values, services…) so
   * bare words match them too. Failures are logged, never fatal.
   */
  async loadRemoteKnownValues(now: number): Promise<void> {
    const end = todayIn(now, 'UTC');
    const start = new Date(Date.parse(`${end}T00:00:00Z`) - 90 * 86_400_000).toISOString().slice(0, 10);
    const allocation = { ...this.settings.allocation, dimensions: withBuiltins(this.settings.allocation.dimensions) };
    const results = await Promise.all(
      this.remote.map(async (p) => {
        if (!p.knownValues) return {};
        try {
          return await p.knownValues({ start, end }, allocation, this.context(now, AbortSignal.timeout(this.options.providerTimeoutMs ?? 30_000), p.id));
        } catch (err) {
          this.logger.warn({ provider: p.id, err }, 'known values not available');
          return {};
        }
      }),
    );
    const merged: Record<string, Set<string>> = {};
    for (const r of results) for (const [k, vals] of Object.entries(r)) for (const v of vals) (merged[k] ??= new Set()).add(v);
    this.extraKnownValues = Object.fromEntries(Object.entries(merged).map(([k, s]) => [k, [...s]]));
    this.knownValuesCache = null;
    this.parseCache.clear();
  }

  private context(now: number, signal: AbortSignal, providerId: string) {
    return { signal, logger: this.logger.child({ provider: providerId }), cache: this.options.cacheFor?.(providerId) ?? NO_CACHE, now };
  }

  get datasets(): Dataset[] {
    return this.loaded.map((l) => l.dataset);
  }

  get loads(): { id: string; describe: string; load: LoadResult; rows: number }[] {
    return this.loaded.map((l) => ({ id: l.provider.id, describe: l.provider.describe(), load: l.load, rows: l.dataset.sourceRows }));
  }

  /** Known values of every dimension and FOCUS key, for bare-word matching. */
  knownValues(): Record<string, string[]> {
    if (this.knownValuesCache) return this.knownValuesCache;
    const out: Record<string, Set<string>> = {};
    const skip = new Set([this.settings.allocation.unallocated, ...this.settings.allocation.shared.map((s) => s.name), '']);
    for (const ds of this.datasets) {
      for (const [key, col] of Object.entries(ds.columns)) {
        if (NOT_BARE_WORD_KEYS.has(key)) continue;
        const set = (out[key] ??= new Set());
        for (const v of col.values) if (!skip.has(v)) set.add(v);
      }
    }
    for (const [key, vals] of Object.entries(this.extraKnownValues)) {
      if (NOT_BARE_WORD_KEYS.has(key)) continue;
      const set = (out[key] ??= new Set());
      for (const v of vals) if (!skip.has(v)) set.add(v);
    }
    this.knownValuesCache = Object.fromEntries(Object.entries(out).map(([k, s]) => [k, [...s].sort()]));
    return this.knownValuesCache;
  }

  /** Dimension keys in order: configured, built-in derived, then FOCUS keys. */
  dimensionKeys(): string[] {
    const dims = this.allocator.dimensions;
    return [...dims, ...FOCUS_KEY_NAMES.filter((k) => !dims.includes(k))];
  }

  queryContext(now: number): QueryContext {
    const s = this.settings;
    return {
      now,
      timezone: s.timezone,
      weekStart: s.weekStart,
      defaultRange: s.defaultRange,
      defaultMetric: s.metric,
      dimensionKeys: this.dimensionKeys(),
      knownValues: this.knownValues(),
      fiscalYearStart: s.fiscalYearStart ?? 1,
      unallocatedLabel: s.allocation.unallocated,
    };
  }

  /** The latest charge-period end (epoch ms) in the in-memory data, or null when it holds none. */
  private dataEndOfSnapshots(loaded: readonly Loaded[] = this.loaded): number | null {
    let latest = -Infinity;
    for (const { dataset: ds } of loaded) for (const end of ds.dayMaxEnd) if (end > latest) latest = end;
    return Number.isFinite(latest) ? latest : null;
  }

  /**
   * Parses a question. The result depends on `now` only through today's date, so it is
   * cached per (date, text): chrono-node is the slowest part of a warm answer.
   */
  parse(text: string, now: number): ParsedQuery {
    const key = `${todayIn(now, this.settings.timezone)}\u0000${text}`;
    const hit = this.parseCache.get(key);
    if (hit) {
      this.parseCache.delete(key);
      this.parseCache.set(key, hit);
      return structuredClone(hit);
    }
    const q = parseQuery(text, this.queryContext(now));
    this.parseCache.set(key, q);
    if (this.parseCache.size > PARSE_CACHE_SIZE) this.parseCache.delete(this.parseCache.keys().next().value!);
    return structuredClone(q);
  }

  /** Parses and answers one question. Never throws for bad input: a rejected query is a result. */
  async ask(text: string, now: number): Promise<AskResult> {
    const started = performance.now();
    const query = this.parse(text, now);
    if (query.error !== null) return { ok: false, query, message: query.error };
    const today = todayIn(now, this.settings.timezone);
    const stats: AskStats = { calls: {}, cacheHits: 0, bytes: {}, rowsScanned: 0, notes: new Set() };
    // One question, one load: a rescan swapping new data in meanwhile is seen by the next question.
    const loaded = this.loaded;
    for (const l of loaded) stats.calls[l.provider.id] = 0;
    for (const p of this.remote) stats.calls[p.id] = 0;
    let answer: Awaited<ReturnType<typeof answerQuery>>;
    try {
      answer = await answerQuery((plan) => this.scanAll(plan, now, stats, loaded), this.withAliases(query), {
        today,
        weekStart: this.settings.weekStart,
        currency: this.settings.currency,
        unallocatedLabel: this.settings.allocation.unallocated,
        dimensions: this.allocator.dimensions,
        timezone: this.settings.timezone,
        // With only in-memory data its freshness is known before scanning; push-down
        // providers report theirs with what they return.
        knownDataEnd: this.dataEndOfSnapshots(loaded),
        dataEndFinal: this.remote.length === 0,
        knownValues: this.knownValues(),
      });
    } catch (err) {
      if (!(err instanceof QueryRefusal)) throw err;
      return { ok: false, query: { ...query, error: err.message, suggestions: err.suggestions }, message: err.message };
    }
    answer.query = query;
    if (answer.forecast && Object.keys(query.filters).length === 0) await this.cloudForecasts(answer.forecast.range, query.metric, now, stats);
    answer.notes.push(...stats.notes, ...this.dataNotes(loaded));
    const full: Answer = {
      ...answer,
      stats: {
        providerCalls: stats.calls,
        cacheHits: stats.cacheHits,
        ms: Math.round(performance.now() - started),
        rowsScanned: stats.rowsScanned,
        ...(Object.keys(stats.bytes).length ? { bytesScanned: stats.bytes } : {}),
      },
    };
    this.logger.debug({ query: query.text, ms: full.stats.ms, rowsScanned: stats.rowsScanned }, 'answered');
    return { ok: true, answer: full };
  }

  /**
   * One scan over every source: the in-memory datasets, and each push-down provider in
   * parallel (its records allocated here, so allocation semantics are the same whichever
   * source answers). A provider that fails or times out is left out with a note.
   */
  private async scanAll(plan: ScanPlan, now: number, stats: AskStats, loaded: readonly Loaded[] = this.loaded): Promise<ScanPartial[]> {
    const partials = loaded.map((l) => scanDataset(l.dataset, plan));
    const request = this.fetchRequest(plan);
    const remote = await Promise.all(
      this.remote.map(async (p) => {
        const signal = AbortSignal.timeout(this.options.providerTimeoutMs ?? 60_000);
        try {
          const result = await p.fetch(request, this.context(now, signal, p.id));
          stats.calls[p.id] = (stats.calls[p.id] ?? 0) + result.calls;
          stats.cacheHits += result.cacheHits;
          if (result.bytesScanned !== undefined) stats.bytes[p.id] = (stats.bytes[p.id] ?? 0) + result.bytesScanned;
          result.notes.forEach((n) => stats.notes.add(n));
          const builder = new DatasetBuilder(this.allocator, this.settings.timezone, p.id);
          for (const rec of result.records) {
            try {
              builder.add(rec);
            } catch (err) {
              if (!(err instanceof RecordError)) throw err;
              stats.notes.add(`${p.id} returned a record that could not be read: ${err.message}`);
            }
          }
          return withDataEnd(scanDataset(builder.build(), plan), result.dataEnd);
        } catch (err) {
          let message = err instanceof Error ? err.message : String(err);
          if (signal.aborted) message = `did not answer within ${this.options.providerTimeoutMs ?? 60_000} ms`;
          if (message.startsWith(`${p.id}: `)) message = message.slice(p.id.length + 2);
          this.logger.warn({ provider: p.id, err }, 'provider failed; answering without it');
          stats.notes.add(`Partial answer: ${p.id} is missing — ${redactText(message)}`);
          return null;
        }
      }),
    );
    const all = [...partials, ...remote.filter((r): r is ScanPartial => r !== null)];
    for (const part of all) stats.rowsScanned += part.rowsScanned;
    return all;
  }

  private fetchRequest(plan: ScanPlan): FetchRequest {
    const keys = new Set<string>([...plan.groupBy, ...Object.keys(plan.filters)]);
    if (plan.unallocatedDimension) keys.add(plan.unallocatedDimension);
    // Shared rules need the unfiltered totals of the range, so filters stay with the engine.
    const pushFilters = this.settings.allocation.shared.length === 0;
    return {
      range: { start: fromDayNumber(plan.startDay), end: fromDayNumber(plan.endDay) },
      keys: [...keys],
      filters: plan.filters,
      pushFilters,
      metric: plan.metric,
      allocation: { ...this.settings.allocation, dimensions: withBuiltins(this.settings.allocation.dimensions) },
    };
  }

  /**
   * Next to the run-rate forecast, each cloud's own forecast of its part (Cost Explorer's
   * model knows about commitments and seasonality), as a note. Unfiltered queries only:
   * a cloud forecast cannot be filtered the way our allocation filters.
   */
  private async cloudForecasts(range: { start: string; end: string }, metric: Metric, now: number, stats: AskStats): Promise<void> {
    await Promise.all(
      this.remote.map(async (p) => {
        if (!p.forecast) return;
        try {
          const f = await p.forecast(range, metric, this.context(now, AbortSignal.timeout(this.options.providerTimeoutMs ?? 60_000), p.id));
          if (!f) return;
          stats.calls[p.id] = (stats.calls[p.id] ?? 0) + f.calls;
          const band = f.lower && f.upper ? ` (interval ${formatAmount(f.lower)}–${formatAmount(f.upper)})` : '';
          stats.notes.add(`${p.id}'s own forecast for ${f.range.start} .. ${f.range.end}: ${formatAmount(f.mean)} ${f.currency}${band}, for all of its cost.`);
        } catch (err) {
          this.logger.warn({ provider: p.id, err }, 'cloud forecast not available');
        }
      }),
    );
  }

  /**
   * Filter values go through the dimension's aliases like the data does, so
   * `env=production` finds what allocation normalised to `prod`.
   */
  private withAliases(q: ParsedQuery): ParsedQuery {
    const dims = this.settings.allocation.dimensions;
    let changed = false;
    const filters: ParsedQuery['filters'] = {};
    for (const [key, f] of Object.entries(q.filters)) {
      const aliases = dims[key]?.aliases;
      if (!aliases || Object.keys(aliases).length === 0) {
        filters[key] = f;
        continue;
      }
      const lookup = new Map(Object.entries(aliases).map(([from, to]) => [from.trim().toLowerCase(), to]));
      const map = (vs?: string[]) => vs?.map((v) => lookup.get(v.trim().toLowerCase()) ?? v);
      filters[key] = { ...(f.in ? { in: map(f.in) } : {}), ...(f.notIn ? { notIn: map(f.notIn) } : {}) };
      changed = true;
    }
    return changed ? { ...q, filters } : q;
  }

  /** Notes every answer carries about the data itself: unreadable rows and files, failed providers. */
  private dataNotes(loaded: readonly Loaded[] = this.loaded): string[] {
    const notes: string[] = [];
    for (const l of loaded) {
      if (l.load.rejected > 0) {
        const first = l.load.rejectedSamples[0];
        const where = first ? ` (first: ${first.source}${first.line ? `:${first.line}` : ''} — ${first.reason})` : '';
        const one = l.load.rejected === 1;
        notes.push(`${l.load.rejected} row${one ? '' : 's'} of ${l.provider.id} could not be read and ${one ? 'is' : 'are'} not in any figure${where}.`);
      }
      for (const u of l.load.unreadable ?? []) notes.push(`Partial answer: ${l.provider.id} left out a file it could not read — ${redactText(u.message)}`);
    }
    for (const l of loaded) for (const w of l.load.warnings.slice(0, 3)) notes.push(`${l.provider.id}: ${w}`);
    for (const f of this.failed) notes.push(`Partial answer: provider ${f.id} is missing — ${redactText(f.message)}`);
    return notes;
  }
}

export { todayIn };

function formatAmount(text: string): string {
  const n = Number(text);
  return Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : text;
}

/** A push-down scan's freshness is the source's (`FetchResult.dataEnd`) when it says, not only its filtered records'. */
export function withDataEnd(partial: ScanPartial, dataEnd: number | undefined): ScanPartial {
  return dataEnd !== undefined && dataEnd > partial.maxEnd ? { ...partial, maxEnd: dataEnd } : partial;
}
