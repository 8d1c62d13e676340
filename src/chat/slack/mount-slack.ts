import { createRequire } from 'node:module';
import express from 'express';
import type { App as BoltApp } from '@slack/bolt';
import type { Notifier } from '../../app/conversation/types.js';
import { defaultCharts } from '../default-charts.js';
import type { ChatDeps } from '../types.js';
import { toBoltLogger } from './bolt-logger.js';
import { dedupeRequests } from './dedupe-requests.js';
import { registerHandlers } from './register-handlers.js';
import { slackNotifier } from './slack-notifier.js';

/** Where Slack sends slash commands, interactivity and events (manifests/slack/manifest.yaml). */
export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackMountOptions {
  /** The slash command answered (default `/cost`). */
  command?: string;
  /** Web API retries per call (default 2: a stuck call must not outlive the 30-minute response_url). */
  retries?: number;
}

export interface SlackMount {
  mode: 'http' | 'socket';
  /** Settles when Bolt has checked the bot token (auth.test); rejects with the reason when it failed. */
  ready: Promise<void>;
  /** Posts notices to Slack channels with the bot token (jobs, approvals). */
  notifier: Notifier;
  /** Stops taking requests, waits for answers in flight (at most 10 s), stops Socket Mode. */
  stop(): Promise<void>;
}

const STOP_WAIT_MS = 10_000;
/** How far a request's timestamp may be from the bot's clock, either way (Slack's own rule for the past). */
export const SLACK_SIGNING_WINDOW_MS = 5 * 60_000;

/** True when a `x-slack-request-timestamp` (seconds) is more than the signing window ahead of `nowMs`. */
export function timestampFromTheFuture(header: string | string[] | undefined, nowMs: number): boolean {
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && seconds * 1000 > nowMs + SLACK_SIGNING_WINDOW_MS;
}

/** Bolt is loaded only when Slack is configured: it pulls in a large tree a bot without Slack never needs. */
function loadBolt(): typeof import('@slack/bolt') {
  try {
    return createRequire(import.meta.url)('@slack/bolt') as typeof import('@slack/bolt');
  } catch (err) {
    const missing = /Cannot find module '([^']+)'/.exec((err as Error).message)?.[1];
    const fix = missing ? `install it: npm install ${missing}` : 'reinstall the dependencies (npm ci)';
    throw new Error(`Slack is configured but @slack/bolt could not be loaded (${(err as Error).message.split('\n')[0]}): ${fix}, or unset SLACK_BOT_TOKEN to run without Slack.`, { cause: err });
  }
}

/**
 * Mounts the Slack surface on the bot's express app, or returns null (and logs why)
 * when Slack is not configured.
 * - HTTP mode (`SLACK_BOT_TOKEN` + `SLACK_SIGNING_SECRET`): Bolt's ExpressReceiver on
 *   `POST /slack/events`; Bolt reads the raw body and verifies the signature, so this
 *   must be mounted before any body parser that would consume it.
 * - Socket Mode (`SLACK_BOT_TOKEN` + `SLACK_APP_TOKEN`, preferred when both are set):
 *   no public URL; Bolt connects out over a WebSocket.
 * `SLACK_API_URL` points the Web API client elsewhere (a fake in tests). Charts come
 * from src/charts unless `deps.charts` replaces them (null: no charts).
 */
export function mountSlack(app: express.Express, deps: ChatDeps, options: SlackMountOptions = {}): SlackMount | null {
  const { botToken, signingSecret, appToken, apiUrl } = deps.env.slack;
  const log = deps.logger.child({ component: 'slack' });
  if (botToken === null || (signingSecret === null && appToken === null)) {
    log.info('Slack is off: set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode) to turn it on');
    return null;
  }
  const bolt = loadBolt();
  const logger = toBoltLogger(log);
  const clientOptions = {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    timeout: 10_000,
  };

  const inFlight = new Set<Promise<unknown>>();
  let stopping = false;
  const track = <T>(work: Promise<T>): Promise<T> => {
    const p = work.finally(() => inFlight.delete(p));
    inFlight.add(p);
    return p;
  };
  const drain = async () => {
    const timeout = new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref());
    await Promise.race([Promise.allSettled([...inFlight]), timeout]);
  };
  const charts = deps.charts === undefined ? defaultCharts({ onError: (err) => log.warn({ err }, 'chart drawing failed') }) : deps.charts;
  const handlerDeps = { asker: deps.asker, clock: deps.clock, services: deps.services, logger: log, charts, chartsConfig: deps.config.charts, command: options.command ?? '/cost', track };
  const notifierFor = (boltApp: BoltApp) => slackNotifier({ client: boltApp.client, logger: log, charts, chartsConfig: deps.config.charts });
  const tokenProblem = (err: unknown) => {
    const code = (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;
    log.error({ code }, `Slack rejected SLACK_BOT_TOKEN (auth.test: ${code}): copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page, and reinstall the app after changing scopes`);
  };

  if (appToken !== null) {
    const boltApp: BoltApp = new bolt.App({
      token: botToken.reveal(), appToken: appToken.reveal(), socketMode: true, logger, clientOptions, deferInitialization: true,
    });
    dedupeRequests(boltApp, deps.store, log);
    registerHandlers(boltApp, handlerDeps);
    const ready = boltApp.init();
    ready.catch(tokenProblem);
    const started = ready.then(
      () =>
        boltApp.start().then(
          () => log.info('Slack connected in Socket Mode'),
          (err: unknown) => {
            const code = (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;
            log.error({ code }, `Socket Mode could not connect (apps.connections.open: ${code}): check SLACK_APP_TOKEN (an xapp- token with connections:write) and that Socket Mode is on in the app's settings`);
          },
        ),
      () => undefined,
    );
    return {
      mode: 'socket',
      ready,
      notifier: notifierFor(boltApp),
      stop: async () => {
        stopping = true;
        await drain();
        // Never wait on a connection that is still retrying: stop it.
        await Promise.race([started, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
        await boltApp.stop().catch((err: Error) => log.debug({ err }, 'Socket Mode was not running'));
      },
    };
  }

  // HTTP mode. A gate in front of Bolt's route waits for the token check, so the first
  // request after boot is not refused, and refuses requests while stopping.
  const router = express.Router();
  let boltApp: BoltApp | null = null;
  let init: Promise<void> | null = null;
  const ensureReady = (): Promise<void> =>
    (init ??= boltApp!.init().catch((err: unknown) => {
      init = null;
      tokenProblem(err);
      throw err;
    }));
  router.use(SLACK_EVENTS_PATH, (req, res, next) => {
    // Bolt refuses a timestamp more than five minutes old; one from the future would let a
    // captured request be replayed for as long as its clock says: refused the same way.
    if (timestampFromTheFuture(req.headers['x-slack-request-timestamp'], Date.now())) {
      log.warn({ timestamp: String(req.headers['x-slack-request-timestamp']).slice(0, 20) }, 'Slack request refused: its timestamp is more than five minutes in the future');
      res.status(401).send();
      return;
    }
    if (stopping) {
      res.status(503).send('The bot is restarting; Slack will retry.');
      return;
    }
    ensureReady().then(() => next(), () => res.status(503).send('The bot cannot reach Slack with its token; see its log.'));
  });
  const receiver = new bolt.ExpressReceiver({
    signingSecret: signingSecret!.reveal(), endpoints: SLACK_EVENTS_PATH, app, router, logger, processBeforeResponse: false,
    // The signature identifies a replay of the same signed request (see dedupe-requests.ts).
    customPropertiesExtractor: (req) => ({ slackSignature: req.headers['x-slack-signature'] }),
  });
  boltApp = new bolt.App({ token: botToken.reveal(), receiver, logger, clientOptions, deferInitialization: true });
  dedupeRequests(boltApp, deps.store, log);
  registerHandlers(boltApp, handlerDeps);
  const ready = ensureReady();
  ready.catch(() => undefined);
  log.info({ path: SLACK_EVENTS_PATH }, 'Slack mounted (HTTP, signed requests)');
  return {
    mode: 'http',
    ready,
    notifier: notifierFor(boltApp),
    stop: async () => {
      stopping = true;
      await drain();
    },
  };
}
