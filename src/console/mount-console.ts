import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express from 'express';
import type { Logger } from 'pino';
import { handleAction } from '../app/conversation/actions.js';
import type { ChartRenderer, ConversationDeps, ConversationServices } from '../app/conversation/ports.js';
import { reply } from '../app/conversation/reply.js';
import type { ActionResult, Conversation, Identity, Reply } from '../app/conversation/types.js';
import type { ChartHost } from '../charts/chart-host.js';
import { defaultCharts } from '../chat/default-charts.js';
import type { FinopsConfig } from '../config/index.js';
import { readAskBody } from '../server/read-ask-body.js';
import { replyStatus } from '../server/reply-status.js';
import type { ConsoleMessage, Json, Store } from '../store/index.js';
import { CONSOLE_USER, consoleChannels, consoleMeta, DIRECT_CHANNEL, type ConsoleEngine } from './console-meta.js';
import { consoleReply } from './console-reply.js';
import { resolveConsolePublicDir } from './public-dir.js';

/** What the console needs. */
export interface ConsoleDeps {
  /** Answers questions and describes the data (the cost engine). */
  engine: ConsoleEngine;
  logger: Logger;
  clock: () => number;
  /** Team channels come from `config.teams`; without it, from the teams in the data. */
  config?: Pick<FinopsConfig, 'teams'>;
  /** When given, each answer's PNG (as Slack and Teams get it) is hosted and linked. */
  chartHost?: ChartHost;
  /** The chart port that draws that PNG (src/charts by default). */
  charts?: ChartRenderer | null;
  /** The channel feeds (`console_messages`); without a store every feed is empty. */
  store?: Pick<Store, 'listConsoleMessages' | 'getConsoleMessage' | 'postConsoleMessage' | 'updateConsoleMessage'>;
  /** True on the bundled sample data (the runtime knows; guessed from the provider otherwise). */
  sample?: boolean;
  /** Where index.html, app.js and style.css are (tests); found from this module otherwise. */
  publicDir?: string;
  /** What the commands and buttons beyond questions use (snooze, GPU questions, *Run now*). */
  services?: ConversationServices;
}

/** The page may load only our own files: no inline script, no CDN, no framing. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The console has no sign-in: it acts as one demo user, and listens on loopback unless HOST says otherwise. */
const IDENTITY: Identity = { platform: 'console', userId: CONSOLE_USER.id, displayName: CONSOLE_USER.name };
const ASK_CONVERSATION: Conversation = { channelId: 'ask', private: true, isDm: false, canShare: false };

/** The browser build of Chart.js, from node_modules (there is no internet for a CDN). */
function chartJsUmdPath(): string {
  return join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.js');
}

/** A channel's feed as the page reads it: top-level messages oldest first, each with its thread's replies. */
function feedOf(messages: ConsoleMessage[]) {
  const view = (m: ConsoleMessage) => ({ id: m.id, notice: m.notice, postedAt: m.postedAt.toISOString(), updatedAt: m.updatedAt.toISOString() });
  const top = messages.filter((m) => m.threadOf === null).map((m) => ({ ...view(m), channel: m.channel, replies: [] as ReturnType<typeof view>[] }));
  const byId = new Map(top.map((t) => [t.id, t]));
  for (const m of messages) if (m.threadOf !== null) byId.get(m.threadOf)?.replies.push(view(m));
  return top;
}

type ActionBody = { verb: string; id: string; input?: string; message?: { channel: string; id: string } };

/** Reads `{verb, id, input?, message?}`: what a button of the page carries, and which message it was on. */
function readActionBody(body: unknown): ActionBody | { error: string } {
  const b = (body ?? {}) as Record<string, unknown>;
  const short = (v: unknown, max: number) => typeof v === 'string' && v.length <= max;
  if (!short(b.verb, 40) || !short(b.id, 2000)) return { error: 'Send a JSON body {"verb": "ask", "id": "by team last week"} (optional "input" and "message": {"channel", "id"}).' };
  if (b.input !== undefined && !short(b.input, 1000)) return { error: '"input" must be a text of at most 1,000 characters.' };
  const m = b.message as Record<string, unknown> | undefined;
  if (m !== undefined && (typeof m !== 'object' || m === null || !short(m.channel, 200) || !short(m.id, 40))) return { error: '"message" must be {"channel", "id"} of a message of a console channel.' };
  return { verb: b.verb as string, id: b.id as string, ...(typeof b.input === 'string' ? { input: b.input } : {}), ...(m ? { message: { channel: m.channel as string, id: m.id as string } } : {}) };
}

/**
 * Mounts the local web console, the face of the embedded default (`npm start` with no
 * chat credentials), on the bot's express app:
 * - `GET /` the page, `GET /console/*` its files, `GET /vendor/chart.umd.js` Chart.js;
 * - `GET /api/console/meta` examples, dimensions, data source, channels, the demo user;
 * - `POST /api/console/ask` `{text, now?}` → the conversation layer's reply: 200
 *   `{kind: 'answer', answer, view, followUps, actions, chart, chartAlt, imageUrl?}` or
 *   `{kind: 'help', help}`; 400 `{kind: 'rejected', error, query, suggestions, examples}`;
 *   500 `{kind: 'failed', error, reference}`;
 * - `POST /api/console/action` `{verb, id, input?, message?}` → the action table, as the
 *   demo user: a reply (as above), or `{kind: 'update' | 'thread' | 'private', notice}`;
 * - `GET /api/console/channels/:id/messages` the channel's feed (notices posted by the
 *   console `Notifier`), newest last, with thread replies.
 * Call it before the server's fallback routes (`ServerDeps.mounts`).
 */
export function mountConsole(app: express.Express, deps: ConsoleDeps): void {
  const publicDir = deps.publicDir ?? resolveConsolePublicDir();
  const chartJs = chartJsUmdPath();
  const log = (res: express.Response): Logger => (res.locals.log as Logger | undefined) ?? deps.logger;
  const configuredTeams = () => Object.keys(deps.config?.teams ?? {});
  const conversationDeps = (res: express.Response): ConversationDeps => ({ asker: deps.engine, clock: deps.clock, logger: log(res), ...(deps.services ? { services: deps.services } : {}) });
  const charts = deps.chartHost ? (deps.charts === undefined ? defaultCharts() : deps.charts) : null;
  const knownChannel = (id: string) => id === DIRECT_CHANNEL.id || consoleChannels(deps.engine, configuredTeams()).some((c) => c.id === id);

  /** A reply as the page reads it, with the status it goes with. */
  const replyJson = async (r: Reply, res: express.Response): Promise<{ status: number; body: unknown }> => {
    const status = replyStatus(r);
    switch (r.kind) {
      case 'answer': {
        const body = consoleReply(r);
        if (deps.chartHost && charts && r.chart) {
          const image = await charts.png(r.chart).catch((err: unknown) => (log(res).warn({ err }, 'chart rendering failed'), null));
          if (image) body.imageUrl = `/charts/${deps.chartHost.put(image)}.png`;
        }
        return { status, body };
      }
      case 'help':
        return { status, body: { kind: 'help', help: r.help } };
      case 'rejected':
        return { status, body: { kind: 'rejected', error: r.message, query: r.query ?? null, suggestions: r.suggestions, examples: r.examples } };
      case 'failed':
        return { status, body: { kind: 'failed', error: `Something went wrong on our side (reference ${r.reference}): try again in a minute.`, reference: r.reference } };
      case 'busy':
        return { status, body: { kind: 'busy', error: `Too many questions at once: ask again in ${r.retryAfterSeconds} s.`, retryAfterSeconds: r.retryAfterSeconds } };
      case 'notice':
        return { status, body: { kind: 'notice', notice: r.notice, data: r.data ?? null } };
    }
  };

  const page = (_req: express.Request, res: express.Response) => {
    res.setHeader('content-security-policy', CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(join(publicDir, 'index.html'));
  };
  app.get('/', page);
  app.get('/index.html', page);
  app.use('/console', express.static(publicDir, { index: false, fallthrough: true, maxAge: 0, setHeaders: (res) => res.setHeader('x-content-type-options', 'nosniff') }));
  app.get('/vendor/chart.umd.js', (_req, res) => {
    res.setHeader('cache-control', 'public, max-age=86400');
    res.type('application/javascript').sendFile(chartJs);
  });

  app.get('/api/console/meta', (_req, res) => {
    res.json(consoleMeta(deps.engine, { now: deps.clock(), sample: deps.sample, configuredTeams: configuredTeams() }));
  });

  app.post('/api/console/ask', express.json({ limit: '32kb' }), async (req, res) => {
    const body = readAskBody(req.body, deps.clock);
    if (!body.ok) {
      res.status(400).json({ kind: 'rejected', error: body.error, query: null, suggestions: [], examples: consoleMeta(deps.engine, { now: deps.clock(), configuredTeams: [] }).examples });
      return;
    }
    const r = await reply(conversationDeps(res), { text: body.text, identity: IDENTITY, conversation: ASK_CONVERSATION, now: body.now });
    const { status, body: json } = await replyJson(r, res);
    res.status(status).json(json);
  });

  app.post('/api/console/action', express.json({ limit: '32kb' }), async (req, res) => {
    const body = readActionBody(req.body);
    if ('error' in body) {
      res.status(400).json({ kind: 'rejected', error: body.error });
      return;
    }
    const message = body.message && deps.store ? await deps.store.getConsoleMessage(body.message.id) : null;
    if (body.message && (!message || message.channel !== body.message.channel)) {
      res.status(404).json({ kind: 'rejected', error: `No message ${body.message.id.slice(0, 40)} in ${body.message.channel.slice(0, 80)}: reload the channel.` });
      return;
    }
    const conversation: Conversation = message ? { channelId: message.channel, private: false, isDm: message.channel.startsWith('dm-'), canShare: false } : ASK_CONVERSATION;
    const result: ActionResult = await handleAction(conversationDeps(res), {
      verb: body.verb, id: body.id, identity: IDENTITY, conversation, now: deps.clock(),
      ...(body.input !== undefined ? { input: body.input } : {}),
      ...(message ? { message: { platform: 'console' as const, channel: message.channel, id: message.id } } : {}),
    });
    const now = new Date(deps.clock());
    switch (result.kind) {
      case 'reply': {
        const { status, body: json } = await replyJson(result.reply, res);
        res.status(status).json(json);
        return;
      }
      case 'update':
        if (message && deps.store) await deps.store.updateConsoleMessage(message.id, result.notice as unknown as Json, now);
        res.json({ kind: 'update', notice: result.notice, toClicker: result.toClicker ?? null });
        return;
      case 'thread':
        if (message && deps.store) await deps.store.postConsoleMessage({ channel: message.channel, notice: result.notice as unknown as Json, threadOf: message.id }, now);
        res.json({ kind: 'thread', notice: result.notice });
        return;
      case 'private':
        res.json({ kind: 'private', notice: result.notice });
    }
  });

  app.get('/api/console/channels/:id/messages', async (req, res) => {
    if (!knownChannel(req.params.id)) {
      res.status(404).json({ error: `No channel “${req.params.id.slice(0, 80)}”. GET /api/console/meta lists the channels.` });
      return;
    }
    res.json(deps.store ? feedOf(await deps.store.listConsoleMessages(req.params.id)) : []);
  });
}
