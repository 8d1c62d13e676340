import { dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { FinopsConfig } from '../config/index.js';
import { createProviders } from '../providers/index.js';
import { openStore, storeOptionsFromEnv, type Store } from '../store/index.js';
import { CostEngine, todayIn, type EngineOptions, type EngineSettings } from './cost-engine.js';
import { DataRefresher, type DataStatus } from './data-refresh.js';
import type { GpuDeps } from './gpu/gpu-analysis.js';
import { createGpuDeps, tapGpuCosts } from './gpu/gpu-wiring.js';
import { effectiveMetricConfigs } from '../metrics/index.js';
import { loadRuntimeConfig } from './runtime-config.js';
import { rescanMs } from '../providers/focus/config.js';
import { storeCache } from './store-cache.js';

export { loadRuntimeConfig, type RuntimeConfig, type RuntimeConfigOptions } from './runtime-config.js';

/** How long start-up waits for push-down providers' known values (bare words) by default. */
export const KNOWN_VALUES_TIMEOUT_MS = 10_000;

export interface RuntimeOptions {
  configPath?: string;
  /** `--data PATH`: one FOCUS provider reading PATH replaces the configured providers. */
  dataPath?: string;
  /** The fixed clock (`--now`), epoch ms; the real clock otherwise. */
  now?: number;
  env?: Record<string, string | undefined>;
  cwd?: string;
  logger: Logger;
  /**
   * The store whose `query_cache` push-down providers cache in: an open store (the caller
   * closes it), or a function that opens one (the runtime then owns and closes it). Only
   * used when a push-down provider is configured. Default: `openStore` on `DATABASE_URL`
   * or PGlite in `FINOPS_DATA_DIR`. `null`: no cache at all (every question asks the providers).
   */
  store?: Store | (() => Promise<Store>) | null;
  /** Hard limit for one push-down provider answering one scan (default: the engine's 60 s). */
  providerTimeoutMs?: number;
  /** How long start-up waits for push-down providers' known values (default 10 s). */
  knownValuesTimeoutMs?: number;
  /** Circuit breakers and the metrics' observer of push-down providers. */
  engine?: Pick<EngineOptions, 'breaker' | 'observer'>;
  /**
   * Rescan FOCUS sources for new or changed files (each provider's `rescan`, default 5m)
   * and swap new loads in (`serve`). Off by default: a one-shot command reads once.
   */
  rescan?: boolean;
  /** How long changed files must stay unchanged before they are loaded (default 2 s). */
  rescanQuietMs?: number;
  /**
   * Where built datasets are kept across restarts. Default: `FINOPS_DATA_DIR/datasets` when
   * FINOPS_DATA_DIR is set and FINOPS_DATASET_SNAPSHOTS is not `off`; null: none.
   */
  snapshotDir?: string | null;
  /**
   * False for a one-shot question (`finops-bot ask`): no GPU cost index is fed, so the loads
   * can come from their on-disk snapshots (a tapped load must read every record). Default true.
   */
  gpu?: boolean;
}

export interface Runtime {
  config: FinopsConfig;
  configSource: string | null;
  engine: CostEngine;
  /** The clock every request uses unless it brings its own `now`. */
  clock: () => number;
  /** True when the bot runs on the bundled sample data. */
  sample: boolean;
  /**
   * The store behind the push-down providers' cache; null with only snapshot providers
   * (the store is then never opened: PGlite costs seconds) or when it could not be opened.
   */
  store: Store | null;
  /** The GPU use cases' dependencies: metric sources and the GPU cost index fed by the same load. */
  gpu: GpuDeps;
  /** Rescans of snapshot providers (`rescan: true`), and the data's status in any case. */
  data: DataRefresher;
  /**
   * The data's health: each snapshot provider's rows, unreadable files, last load and
   * rescan, errors; `ready` when every one serves data. What `/readyz` reports.
   */
  dataStatus(): DataStatus;
  /** Closes what the runtime opened itself (the store, unless it was passed in open). Idempotent. */
  close(): Promise<void>;
}

/** The rescan interval of FOCUS providers that do not set `rescan`. */
export const DEFAULT_RESCAN = '5m';

/**
 * Loads the configuration and the data, and builds the engine:
 * 1. the configuration and its providers (see `loadRuntimeConfig`);
 * 2. with push-down providers (Cost Explorer, BigQuery), the store for their cache;
 * 3. every snapshot provider loaded into memory;
 * 4. the push-down providers' known values (tag values, services…), so bare words match
 *    cloud data too — bounded by a timeout, never fatal.
 */
export async function createRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const env = opts.env ?? process.env;
  const rc = await loadRuntimeConfig({ configPath: opts.configPath, dataPath: opts.dataPath, env, cwd: opts.cwd });
  const cfg = rc.config;
  const clock = opts.now !== undefined ? () => opts.now! : () => Date.now();
  // The sample data always reaches yesterday of whichever is later: the real or the fixed clock.
  const today = [todayIn(Date.now(), 'UTC'), todayIn(clock(), 'UTC')].sort().at(-1)!;
  const providers = await createProviders(rc.providerConfigs, { logger: opts.logger, today, timezone: cfg.timezone });
  const settings: EngineSettings = {
    timezone: cfg.timezone,
    weekStart: cfg.weekStart,
    currency: cfg.currency,
    defaultRange: cfg.defaultRange,
    metric: cfg.metric,
    allocation: rc.allocation,
    fiscalYearStart: cfg.fiscalYearStart,
  };

  const pushDown = providers.some((p) => p.kind === 'query');
  const { store, owned } = pushDown ? await resolveStore(opts, env) : { store: null, owned: false };
  let closed = false;
  let data: DataRefresher | null = null;
  const close = async () => {
    if (closed) return;
    closed = true;
    await data?.stop();
    if (owned && store) await store.close();
  };

  try {
    const engineOptions: EngineOptions = {
      ...opts.engine,
      clock: () => Date.now(),
      ...(opts.providerTimeoutMs !== undefined ? { providerTimeoutMs: opts.providerTimeoutMs } : {}),
      snapshotDir: opts.snapshotDir !== undefined ? opts.snapshotDir : snapshotDirFromEnv(env, opts.cwd),
      ...(store ? { cacheFor: (id: string) => storeCache(store, id, clock, (err) => opts.logger.warn({ provider: id, err }, 'provider cache unavailable')) } : {}),
    };
    const tap = tapGpuCosts(providers, rc.allocation, cfg.currency, opts.gpu !== false && effectiveMetricConfigs(cfg.gpu.metrics, rc.sample).length > 0);
    const engine = await CostEngine.load(tap.providers, settings, opts.logger, engineOptions);
    if (pushDown) await withDeadline(engine.loadRemoteKnownValues(clock()), opts.knownValuesTimeoutMs ?? KNOWN_VALUES_TIMEOUT_MS, opts.logger);
    const baseDir = rc.configSource ? dirname(rc.configSource) : (opts.cwd ?? process.cwd());
    const gpu = await createGpuDeps({ config: cfg, index: tap.index, sample: rc.sample, logger: opts.logger, today, baseDir, clock });
    const intervals: Record<string, number | null> = {};
    rc.providerConfigs.forEach((c, i) => {
      const p = providers[i]!;
      intervals[p.id] = c.type === 'focus' ? rescanMs((c as { rescan?: string | false }).rescan, DEFAULT_RESCAN) : null;
    });
    data = new DataRefresher(engine, opts.logger, { intervals, ...(opts.rescanQuietMs !== undefined ? { quietMs: opts.rescanQuietMs } : {}) });
    const refresher = data;
    if (opts.rescan) refresher.start();
    return { config: cfg, configSource: rc.configSource, engine, clock, sample: rc.sample, store, gpu, data: refresher, dataStatus: () => refresher.status(), close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}

/**
 * `FINOPS_DATA_DIR/datasets`, unless FINOPS_DATA_DIR is unset or not a directory
 * (`memory://`, the in-memory embedded database) or FINOPS_DATASET_SNAPSHOTS is `off`.
 */
export function snapshotDirFromEnv(env: Record<string, string | undefined>, cwd = process.cwd()): string | null {
  const dir = env.FINOPS_DATA_DIR?.trim();
  if (dir && /^[a-z][a-z0-9+.-]*:\/\//i.test(dir)) return null;
  const off = ['off', '0', 'false', 'no'].includes((env.FINOPS_DATASET_SNAPSHOTS ?? '').trim().toLowerCase());
  return dir && !off ? resolve(cwd, dir, 'datasets') : null;
}

/**
 * The store for the cache: the one passed in, else opened here. A store that cannot be
 * opened does not stop the bot: questions are answered without a cache, and the log says why.
 */
async function resolveStore(opts: RuntimeOptions, env: Record<string, string | undefined>): Promise<{ store: Store | null; owned: boolean }> {
  if (opts.store === null) return { store: null, owned: false };
  if (opts.store !== undefined && typeof opts.store !== 'function') return { store: opts.store, owned: false };
  try {
    const store = typeof opts.store === 'function' ? await opts.store() : await openStore({ ...storeOptionsFromEnv(env), logger: opts.logger });
    return { store, owned: true };
  } catch (err) {
    opts.logger.warn({ err }, 'the store could not be opened: push-down providers answer without a cache (every question costs provider calls)');
    return { store: null, owned: false };
  }
}

/** Waits for `work` at most `ms`; past that the start-up goes on and the work finishes (or fails) in the background. */
async function withDeadline(work: Promise<void>, ms: number, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
    timer.unref();
  });
  const settled = work.then(
    () => 'done' as const,
    (err: unknown) => {
      logger.warn({ err }, 'known values of push-down providers could not be loaded');
      return 'done' as const;
    },
  );
  const outcome = await Promise.race([settled, late]);
  clearTimeout(timer);
  if (outcome === 'late') logger.warn({ timeoutMs: ms }, 'known values of push-down providers are still loading: bare words may not match cloud values yet');
}
