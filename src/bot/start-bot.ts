import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ConversationServices } from '../app/conversation/ports.js';
import type { Notifiers } from '../app/conversation/types.js';
import { startJobs, type JobsOptions } from './start-jobs.js';
import type { SchedulerHandle } from '../app/jobs/scheduler.js';
import { createRuntime, type Runtime } from '../app/runtime.js';
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

/** How long a stop waits for requests in flight before closing their connections. */
const STOP_GRACE_MS = 10_000;

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
  /** Stops taking requests, lets answers in flight finish, closes the store. Idempotent. */
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
  const store = await openStore({ ...storeOptionsFromEnv(opts.env), logger });
  let runtime: Runtime;
  try {
    runtime = await createRuntime({ configPath: opts.configPath, dataPath: opts.dataPath, now: opts.now, env: opts.env, logger, store, rescan: true });
  } catch (err) {
    await store.close();
    throw err;
  }
  const publicUrl = opts.env.FINOPS_PUBLIC_URL?.trim() || undefined;
  const chartHost = new ChartHost();
  const charts = defaultCharts({ onError: (err) => logger.warn({ err }, 'chart drawing failed') });
  const host = listenHost(env);
  // Filled once the surfaces are mounted: each connected platform's notifier.
  const notifiers: Notifiers = {};
  const jobs = startJobs({ runtime, store, notifiers, logger, options: opts.jobs === false || opts.now !== undefined || /^(off|0|false)$/i.test(opts.env.FINOPS_JOBS ?? '') ? false : (opts.jobs ?? {}) });
  const services: ConversationServices = {
    config: runtime.config,
    store,
    notifiers,
    gpu: runtime.gpu,
    jobCosts: jobs.costsAt,
    runJob: jobs.runNow,
    consoleTrusted: isLoopback(host),
  };
  const deps: ChatDeps = { asker: runtime.engine, logger, clock: runtime.clock, config: runtime.config, env, store, charts, publicUrl, services };
  let slack: SlackMount | null = null;
  let teams: TeamsMount | null = null;
  const app = createServer({
    engine: runtime.engine,
    logger,
    clock: runtime.clock,
    services,
    dataStatus: () => runtime.dataStatus(),
    health: async () => ({ store: store.driver, slack: slack?.mode ?? 'off', teams: teams ? (teams.authenticated ? 'on' : 'emulator') : 'off' }),
    mounts: [
      (a) => mountChartHost(a, chartHost),
      (a) => void (slack = mountSlack(a, deps)),
      (a) => void (teams = mountTeams(a, { ...deps, chartHost })),
      (a) => mountConsole(a, { engine: runtime.engine, logger, clock: runtime.clock, config: runtime.config, chartHost, charts, store, sample: runtime.sample, services }),
    ],
  });
  const slackMount = slack as SlackMount | null;
  const teamsMount = teams as TeamsMount | null;
  Object.assign(notifiers, {
    console: consoleNotifier(store, runtime.clock),
    ...(slackMount ? { slack: slackMount.notifier } : {}),
    ...(teamsMount ? { teams: teamsMount.notifier } : {}),
  } satisfies Notifiers);

  const server: Server = app.listen(port, host);
  try {
    await once(server, 'listening');
  } catch (err) {
    await slackMount?.stop();
    await runtime.close();
    await store.close();
    throw new Error(`finops-bot could not listen on ${host}:${port} (${(err as Error).message}): set PORT (or --port) to a free port, or HOST to an address of this machine.`, { cause: err });
  }
  const actual = (server.address() as AddressInfo).port;
  if (!isLoopback(host)) {
    logger.warn({ host, port: actual }, 'listening beyond this machine: the web console and POST /api/ask have no sign-in, so anyone who can reach this address can ask about costs; put the bot behind an authenticating proxy, or set HOST=127.0.0.1');
  }
  const surfaces = ['console', slackMount ? `Slack (${slackMount.mode})` : null, teamsMount ? 'Teams' : null].filter((s): s is string => s !== null);
  logger.info({ host, port: actual, config: runtime.configSource ?? '(defaults)', sample: runtime.sample, store: store.driver, surfaces }, 'finops-bot listening');
  // The scheduler starts once the bot answers: a slot's buttons work as soon as it is posted.
  const scheduler = jobs.start();

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still running after the grace period are cut: a stop must not hang.
        setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS).unref();
      });
      // No new job runs; the current one finishes or hands its lease back to another replica.
      await scheduler?.stop({ graceMs: STOP_GRACE_MS });
      await slackMount?.stop();
      await runtime.close();
      await store.close();
    })());
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shownHost}:${actual}/`, host, port: actual, runtime, store, notifiers, jobs: scheduler, surfaces, stop };
}
