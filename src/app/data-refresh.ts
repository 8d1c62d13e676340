import type { Logger } from 'pino';
import type { SnapshotProvider } from '../providers/types.js';
import { redactText } from '../redact.js';
import type { CostEngine } from './cost-engine.js';

/** What `/readyz`, `doctor` and the logs can say about one snapshot provider's data. */
export interface ProviderDataStatus {
  id: string;
  type: string;
  /** `loaded`: serving (maybe with unreadable files); `failed`: no data from it (yet). */
  state: 'loaded' | 'failed';
  rows: number;
  rejectedRows: number;
  files: number;
  /** Files left out because they could not be read, each with what is wrong. */
  unreadableFiles: { file: string; message: string }[];
  /** When the data now served was loaded (ISO), null when none is. */
  loadedAt: string | null;
  /** The last rescan (ISO), null before the first. */
  checkedAt: string | null;
  /** True while a new load runs in the background (questions are answered from the current one). */
  reloading: boolean;
  /** Why the provider has no data, or why the last reload failed (the previous data still serves). */
  error: string | null;
  /** Milliseconds between rescans, null when this provider is not rescanned. */
  rescanMs: number | null;
}

/** The data's health, for `/readyz` (ready: every snapshot provider serves data), `doctor` and answers. */
export interface DataStatus {
  ready: boolean;
  providers: ProviderDataStatus[];
}

export interface DataRefreshOptions {
  /** Rescan interval per provider id; null or absent: not rescanned. */
  intervals: Record<string, number | null>;
  /**
   * A changed file is loaded only once it has not been modified for this long, so an
   * export being written is not read half-way (default 2 s).
   */
  quietMs?: number;
}

interface Tracked {
  provider: SnapshotProvider;
  intervalMs: number | null;
  timer: NodeJS.Timeout | null;
  checkedAt: number | null;
  reloading: Promise<void> | null;
  error: string | null;
  /** The signature a reload last failed on: not tried again until the data changes. */
  failedSignature: string | null;
}

/**
 * Keeps snapshot providers fresh without a restart: each provider with an interval is
 * rescanned (its `signature`: the files' paths, sizes and times); when that changed, it
 * is loaded again in the background and swapped into the engine in one step, so a
 * question never sees half a load. A reload that fails keeps the previous data serving and
 * says why in the status; a provider that failed at start-up is tried again each time.
 */
export class DataRefresher {
  private readonly tracked: Tracked[];
  private stopped = false;

  constructor(
    private readonly engine: CostEngine,
    private readonly logger: Logger,
    private readonly options: DataRefreshOptions,
  ) {
    this.tracked = engine.snapshotProviders.map((provider) => ({
      provider, intervalMs: options.intervals[provider.id] ?? null, timer: null, checkedAt: null, reloading: null, error: null, failedSignature: null,
    }));
  }

  /** Starts the periodic rescans (timers do not keep the process alive). */
  start(): void {
    for (const t of this.tracked) this.schedule(t);
  }

  /** Stops rescanning and waits for a reload in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.tracked) if (t.timer) clearTimeout(t.timer);
    await Promise.allSettled(this.tracked.map((t) => t.reloading));
  }

  /** Rescans every provider now (or the one named) and waits for the reloads this starts. */
  async rescanNow(id?: string): Promise<void> {
    await Promise.all(this.tracked.filter((t) => id === undefined || t.provider.id === id).map((t) => this.rescan(t)));
  }

  status(): DataStatus {
    const providers = this.tracked.map((t): ProviderDataStatus => {
      const snap = this.engine.snapshotOf(t.provider.id);
      const failure = this.engine.failures.find((f) => f.id === t.provider.id);
      const error = t.error ?? failure?.message ?? null;
      return {
        id: t.provider.id,
        type: t.provider.type,
        state: snap ? 'loaded' : 'failed',
        rows: snap?.load.rows ?? 0,
        rejectedRows: snap?.load.rejected ?? 0,
        files: snap ? (snap.load.files?.length ?? 0) - (snap.load.unreadable?.length ?? 0) : 0,
        unreadableFiles: (snap?.load.unreadable ?? []).map((u) => ({ file: u.file, message: redactText(u.message) })),
        loadedAt: snap ? new Date(snap.loadedAt).toISOString() : null,
        checkedAt: t.checkedAt === null ? null : new Date(t.checkedAt).toISOString(),
        reloading: t.reloading !== null,
        error: error === null ? null : redactText(error),
        rescanMs: t.intervalMs,
      };
    });
    return { ready: providers.every((p) => p.state === 'loaded'), providers };
  }

  private schedule(t: Tracked): void {
    if (this.stopped || t.intervalMs === null || !t.provider.signature) return;
    t.timer = setTimeout(() => {
      t.timer = null;
      void this.rescan(t).finally(() => this.schedule(t));
    }, t.intervalMs);
    t.timer.unref();
  }

  private async rescan(t: Tracked): Promise<void> {
    if (this.stopped || !t.provider.signature) return;
    if (t.reloading) return t.reloading;
    t.checkedAt = Date.now();
    let signature: string;
    try {
      signature = await t.provider.signature();
    } catch (err) {
      t.error = `rescan failed: ${(err as Error).message ?? String(err)}`;
      this.logger.warn({ provider: t.provider.id, err }, 'rescan failed; the data loaded before still serves');
      return;
    }
    const current = this.engine.snapshotOf(t.provider.id);
    if ((current && current.load.signature === signature) || t.failedSignature === signature) return;
    t.reloading = this.settleThenReload(t, signature).finally(() => (t.reloading = null));
    return t.reloading;
  }

  /** Loads again once the data has stopped changing (an export being written is not read half-way). */
  private async settleThenReload(t: Tracked, signature: string): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.options.quietMs ?? 2000).unref());
    const again = await t.provider.signature!().catch(() => null);
    if (again !== signature || this.stopped) return; // still changing: the next rescan looks again
    await this.reload(t, signature);
  }

  private async reload(t: Tracked, signature: string): Promise<void> {
    const started = performance.now();
    this.logger.info({ provider: t.provider.id }, 'data changed: loading it again in the background');
    try {
      const next = await this.engine.reloadSnapshot(t.provider);
      if (this.stopped) return;
      this.engine.replaceSnapshot(next);
      t.error = null;
      t.failedSignature = null;
      this.logger.info({ provider: t.provider.id, rows: next.load.rows, unreadableFiles: next.load.unreadable?.length ?? 0, ms: Math.round(performance.now() - started) }, 'new data swapped in');
    } catch (err) {
      t.error = `reload failed: ${(err as Error).message ?? String(err)}`;
      t.failedSignature = signature;
      this.logger.warn({ provider: t.provider.id, err }, 'reload failed; the data loaded before still serves');
    }
  }
}
