import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ConversationServices } from '../app/conversation/ports.js';
import type { Notifiers } from '../app/conversation/types.js';
import { startJobs, type JobsOptions } from './start-jobs.js';
import type { SchedulerHandle } from '../app/jobs/scheduler.js';
import { createRuntime, type Runtime } from '../app/runtime.js';
import { AnswerPool, pooledCharts } from '../app/pool/answer-pool.js';
import { poolSettings } from '../app/pool/pool-size.js';
import { PooledAsker } from '../app/pool/pooled-asker.js';
import { JOBS } from '../app/jobs/registry.js';
import { breakerSettings } from '../providers/shared/circuit-breaker.js';
import { BotMetrics } from '../server/bot-metrics.js';
import { ChartHost, mountChartHost } from '../charts/chart-host.js';
import { defaultCharts } from '../chat/default-charts.js';
import { mountSlack, type SlackMount } from '../chat/slack/index.js';
import { mountTeams, type TeamsMount } from '../chat/teams/index.js';
import type { ChatDeps } from '../chat/types.js';
import { readEnvironment } from '../config/index.js';
import { consoleNotifier } from '../console/console-notifier.js';
import { mountConsole } from '../console/mount-console.js';
import { createServer } from '../server/create-server.js';
import { openStore, storeOptionsFromEnv, type Store } from '../store/index.js';
import { isLoopback, listenHost } from './listen-host.js';
import { askIdentity, consoleGate, type ConsoleGate } from './console-gate.js';
import { conversationServices } from './conversation-services.js';
import { startOverrideExpiry } from './expire-overrides-timer.js';

/** How long a stop waits for work in flight by default (`FINOPS_STOP_GRACE_MS`). */
const STOP_GRACE_MS = 10_000;

/** How long `/readyz` waits for the store. */
const READY_STORE_TIMEOUT_MS = 2_000;

export interface BotOptions {
  configPath?: string;
  /** `--data PATH`: one FOCUS provider reading PATH replaces the configured providers. */
  dataPath?: string;
  /** The fixed clock (`--now`), epoch ms. */
  now?: number;
  /** `--port`; `PORT` otherwise (default 3000). 0 picks a free port. */
  port?: number;
  env: Record<string, string | undefined>;
  logger: Logger;
  /**
   * The scheduled jobs: every replica runs the scheduler (claims make each slot run once).
   * Off with `false`, with `FINOPS_JOBS=off`, and with a fixed clock (`now`): the
   * console's *Run now* and `finops-bot jobs run` still run them by hand.
   */
  jobs?: false | JobsOptions;
}

/** A running bot. */
export interface Bot {
  /** `http://<host>:<port>/` as a browser on this machine reaches it. */
  url: string;
  host: string;
  port: number;
  runtime: Runtime;
  store: Store;
  /** Post notices to each connected platform: what the scheduler and the approvals use. */
  notifiers: Notifiers;
  /** The scheduler of this replica, or null when it is off. */
  jobs: SchedulerHandle | null;
  /** What is on: `console`, `Slack (http)`, `Teams`… */
  surfaces: string[];
  /** The answer pool (worker threads) and the metrics (`GET /metrics`). */
  pool: AnswerPool;
  metrics: BotMetrics;
  /**
   * Registers work to finish when the bot stops, after requests in flight and before the
   * store closes: the scheduler's `stop()` (which hands job leases back) goes here.
   */
  onStop(fn: () => Promise<void>): void;
  /**
   * Stops: new requests get 503 and `/readyz` fails, the listener closes, answers and chat
   * replies in flight finish (at most `FINOPS_STOP_GRACE_MS`, 10 s), the stop hooks run
   * (job leases handed back), then the pool, the runtime and the store close. Idempotent.
   */
  stop(): Promise<void>;
}

/**
 * Builds and starts the whole bot on one HTTP server:
 * 1. the environment (a bad one stops here, saying what to fix) and the store;
 * 2. the runtime: configuration, providers, the engine;
 * 3. the chart port and the chart host (`GET /charts/<id>.png`);
 * 4. the surfaces: Slack (`/slack/events` or Socket Mode) and Teams (`/api/messages`)
 *    when their credentials are set, the web console, the ask API and health;
 * 5. the notifiers of every connected platform;
 * 6. listening on `listenHost` (loopback without chat credentials, `HOST` to change it).
 */
export async function startBot(opts: BotOptions): Promise<Bot> {
  const { logger } = opts;
  const env = readEnvironment(opts.env);
  const port = opts.port ?? env.port;
  const poolConfig = poolSettings(opts.env);
  const breaker = breakerSettings(opts.env);
  const stopGraceMs = Number(opts.env.FINOPS_STOP_GRACE_MS) > 0 ? Number(opts.env.FINOPS_STOP_GRACE_MS) : STOP_GRACE_MS;
  const store = await openStore({ ...storeOptionsFromEnv(opts.env), logger });
  let runtime: Runtime | null = null;
  let pool: AnswerPool | null = null;
  const metrics = new BotMetrics({
    breakers: () => runtime?.engine.breakerStates() ?? {},
    freshness: () => runtime?.engine.freshness() ?? [],
    pool: () => ({ pending: pool?.pending ?? 0, queued: pool?.queued ?? 0, threads: pool?.threads ?? 0 }),
    outcomes: () => recentOutcomes(store, runtime?.clock() ?? Date.now()),
  });
  try {
    runtime = await createRuntime({
      configPath: opts.configPath, dataPath: opts.dataPath, now: opts.now, env: opts.env, logger, store, rescan: true,
      providerTimeoutMs: poolConfig.deadlineMs, engine: { breaker, observer: metrics.providerObserver() },
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  const host = listenHost(env);
  let gate: ConsoleGate;
  try {
    const chatConfigured = env.slack.botToken !== null || env.teams.appId !== null || env.teams.emulator;
    gate = consoleGate({ env: opts.env, host, accessConfigured: runtime.config.access !== undefined, chatConfigured });
  } catch (err) {
    await runtime.close();
    await store.close();
    throw err;
  }
  const rt = runtime;
  // Questions go to threads holding their own copy of the in-memory data, unless push-down
  // providers answer them (cloud APIs: the event loop only waits; cache and breakers are here).
  const snapshotOnly = rt.engine.remoteProviders.length === 0;
  const answerPool = new AnswerPool({
    settings: poolConfig,
    // Each thread rescans the FOCUS sources as the main runtime does, and swaps its copy in.
    runtime: snapshotOnly ? { configPath: opts.configPath, dataPath: opts.dataPath, now: opts.now, env: opts.env, rescan: true } : null,
    logger,
    observer: { task: (kind, _s, outcome) => metrics.poolTask(kind, outcome) },
  });
  pool = answerPool;
  let poolReady = false;
  let poolError: string | null = null;
  answerPool.ready().then(
    () => void (poolReady = true),
    (err: Error) => {
      poolError = err.message;
      logger.error({ err }, 'the answer pool could not load the data');
    },
  );
  const asker = new PooledAsker(rt.engine, answerPool, (outcome, seconds) => metrics.answer(outcome, seconds));
  const publicUrl = opts.env.FINOPS_PUBLIC_URL?.trim() || undefined;
  // One notifiers object, filled as the platforms are mounted: approvals and jobs post through it.
  const notifiers: Notifiers = { console: consoleNotifier(store, rt.clock) };
  const jobs = startJobs({ runtime: rt, store, notifiers, logger, options: opts.jobs === false || opts.now !== undefined || /^(off|0|false)$/i.test(opts.env.FINOPS_JOBS ?? '') ? false : (opts.jobs ?? {}) });
  let slack: SlackMount | null = null;
  let teams: TeamsMount | null = null;
  const services: ConversationServices = {
    ...conversationServices({
      config: rt.config, engine: rt.engine, store, notifiers, logger,
      groups: () => (slack as SlackMount | null)?.groups ?? null,
      console: { admin: gate.enabled && gate.access.admin },
    }),
    gpu: rt.gpu,
    jobCosts: jobs.costsAt,
    runJob: jobs.runNow,
    consoleTrusted: isLoopback(host),
  };
  const chartHost = new ChartHost({ shared: store });
  const charts = pooledCharts(answerPool, defaultCharts({ onError: (err) => logger.warn({ err }, 'chart drawing failed') }), logger);
  const deps: ChatDeps = { asker, logger, clock: rt.clock, config: rt.config, env, store, charts, publicUrl, services };
  let stopRequested = false;
  const app = createServer({
    services,
    askIdentity: askIdentity(gate),
    engine: asker,
    logger,
    clock: rt.clock,
    dataStatus: () => rt.dataStatus(),
    health: async () => ({ store: store.driver, slack: slack?.mode ?? 'off', teams: teams ? (teams.authenticated ? 'on' : 'emulator') : 'off' }),
    readiness: async () => {
      const storeOk = await withTimeout(store.cacheGet('readyz-probe', new Date()), READY_STORE_TIMEOUT_MS).then(
        () => true,
        (err: Error) => err.message,
      );
      const status = rt.dataStatus();
      const dataLoaded = status.ready && (rt.engine.loads.length > 0 || rt.engine.remoteProviders.length > 0);
      const ready = storeOk === true && dataLoaded && (poolReady || answerPool.threads === 0) && poolError === null;
      return {
        ready,
        checks: {
          store: storeOk === true ? 'ok' : `unreachable: ${storeOk}`,
          data: dataLoaded ? 'loaded' : 'none',
          pool: poolError ? `failed: ${poolError}` : poolReady || answerPool.threads === 0 ? 'ready' : 'loading',
          // Each provider's load, unreadable files included: they are reported, the rest serves.
          providers: status.providers,
        },
      };
    },
    metrics,
    stopping: () => stopRequested,
    mounts: [
      (a) => mountChartHost(a, chartHost),
      (a) => void (slack = mountSlack(a, deps)),
      (a) => void (teams = mountTeams(a, { ...deps, chartHost: { put: (image) => chartHost.store(image) } })),
      ...(gate.enabled ? [(a: Parameters<typeof mountChartHost>[0]) => mountConsole(a, { engine: asker, logger, clock: rt.clock, config: rt.config, chartHost, charts, store, sample: rt.sample, services, access: gate.access })] : []),
    ],
  });
  const slackMount = slack as SlackMount | null;
  const teamsMount = teams as TeamsMount | null;
  if (slackMount) notifiers.slack = slackMount.notifier;
  if (teamsMount) notifiers.teams = teamsMount.notifier;

  const server: Server = app.listen(port, host);
  try {
    await once(server, 'listening');
  } catch (err) {
    await slackMount?.stop();
    await answerPool.close();
    await rt.close();
    await store.close();
    throw new Error(`finops-bot could not listen on ${host}:${port} (${(err as Error).message}): set PORT (or --port) to a free port, or HOST to an address of this machine.`, { cause: err });
  }
  const actual = (server.address() as AddressInfo).port;
  if (!isLoopback(host)) {
    logger.info({ host, port: actual, console: gate.enabled ? 'token' : 'off' }, gate.enabled ? 'listening beyond this machine: the web console and POST /api/ask need FINOPS_CONSOLE_TOKEN' : 'listening beyond this machine: the web console and POST /api/ask are off (FINOPS_CONSOLE=off)');
  }
  // Pending override requests expire after 7 days (checked now and every 15 minutes).
  const stopExpiry = services.budgets ? startOverrideExpiry(services.budgets, rt.clock, logger) : async () => undefined;
  const surfaces = [gate.enabled ? 'console' : null, slackMount ? `Slack (${slackMount.mode})` : null, teamsMount ? 'Teams' : null].filter((s): s is string => s !== null);
  logger.info({ host, port: actual, config: rt.configSource ?? '(defaults)', sample: rt.sample, store: store.driver, surfaces, workers: answerPool.threads, answersInThreads: answerPool.answersInThreads }, 'finops-bot listening');
  // The scheduler starts once the bot answers: a slot's buttons work as soon as it is posted.
  const scheduler = jobs.start();

  const stopHooks: (() => Promise<void>)[] = [];
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      stopRequested = true;
      const started = Date.now();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still running after the grace period are cut: a stop must not hang.
        setTimeout(() => server.closeAllConnections(), stopGraceMs).unref();
      });
      await stopExpiry();
      // No new job runs; the current one finishes or hands its lease back to another replica.
      await scheduler?.stop({ graceMs: stopGraceMs });
      await slackMount?.stop();
      for (const hook of stopHooks) await hook().catch((err: unknown) => logger.warn({ err }, 'a stop hook failed'));
      // Tasks still queued after the grace period are dropped with the threads.
      await withTimeout(answerPool.close(), Math.max(100, stopGraceMs - (Date.now() - started))).catch(() => logger.warn('answer pool tasks were still running at the stop deadline'));
      await rt.close();
      await store.close();
      logger.info({ ms: Date.now() - started }, 'stopped');
    })());
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shownHost}:${actual}/`, host, port: actual, runtime: rt, store, notifiers, jobs: scheduler, surfaces, pool: answerPool, metrics, onStop: (fn) => void stopHooks.push(fn), stop };
}

/** Settles like `work`, or rejects after `ms`. */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The last 100 runs of each job by status, and the ledger's deliveries of the last 24 hours by status (for `/metrics`). */
async function recentOutcomes(store: Store, now: number) {
  const jobs: { job: string; status: string; count: number }[] = [];
  for (const def of JOBS) {
    const counts = new Map<string, number>();
    for (const run of await store.listJobRuns(def.name, 100)) counts.set(run.status, (counts.get(run.status) ?? 0) + 1);
    for (const [status, count] of counts) jobs.push({ job: def.name, status, count });
  }
  const byStatus = new Map<string, number>();
  for (const d of await store.listDeliveries({ since: new Date(now - 86_400_000), limit: 10_000 })) byStatus.set(d.status, (byStatus.get(d.status) ?? 0) + 1);
  return { jobs, deliveries: [...byStatus].map(([status, count]) => ({ status, count })) };
}
