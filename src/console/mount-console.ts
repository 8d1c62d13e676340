import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express from 'express';
import type { Logger } from 'pino';
import type { ChartHost } from '../charts/chart-host.js';
import { renderChartPng } from '../charts/render-png.js';
import type { ChatDeps } from '../chat/types.js';
import { consoleChannels, consoleMeta, EXAMPLE_QUESTIONS } from './console-meta.js';
import { consoleReply } from './console-reply.js';
import { resolveConsolePublicDir } from './public-dir.js';

/** What the console needs; a full `ChatDeps` fits. */
export type ConsoleDeps = Pick<ChatDeps, 'engine' | 'logger' | 'clock'> & {
  /** Team channels come from `config.teams`; without it, from the teams in the data. */
  config?: Pick<ChatDeps['config'], 'teams'>;
  /** When given, each answer's PNG (as Slack and Teams get it) is hosted and linked. */
  chartHost?: ChartHost;
  /** True on the bundled sample data (the runtime knows; guessed from the provider otherwise). */
  sample?: boolean;
  /** Where index.html, app.js and style.css are (tests); found from this module otherwise. */
  publicDir?: string;
};

const MAX_QUERY_CHARS = 2000;

/** The page may load only our own files: no inline script, no CDN, no framing. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The browser build of Chart.js, from node_modules (there is no internet for a CDN). */
function chartJsUmdPath(): string {
  return join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.js');
}

type Parsed = { ok: true; text: string; now: number } | { ok: false; error: string };

/** Reads `{text, now?}` like `POST /api/ask` does, with messages that say how to fix it. */
export function readAskBody(body: unknown, clock: () => number): Parsed {
  if (typeof body !== 'object' || body === null || typeof (body as { text?: unknown }).text !== 'string') {
    return { ok: false, error: 'Send a JSON body {"text": "by team last week"} with content-type: application/json (optional "now": an ISO time).' };
  }
  const { text, now } = body as { text: string; now?: unknown };
  if (text.trim() === '') return { ok: false, error: 'Type a question first, e.g. “by team last week”.' };
  if (text.length > MAX_QUERY_CHARS) return { ok: false, error: `The question is too long (${text.length} characters; at most ${MAX_QUERY_CHARS}).` };
  if (now === undefined || now === null) return { ok: true, text, now: clock() };
  const ms = typeof now === 'string' ? Date.parse(now) : NaN;
  if (!Number.isFinite(ms)) return { ok: false, error: `"now" must be an ISO time such as 2026-11-26T12:00:00Z, got ${JSON.stringify(now).slice(0, 80)}.` };
  return { ok: true, text, now: ms };
}

/**
 * Mounts the local web console, the face of the embedded default (`npm start` with no
 * chat credentials), on the bot's express app:
 * - `GET /` the page, `GET /console/*` its files, `GET /vendor/chart.umd.js` Chart.js;
 * - `GET /api/console/meta` examples, dimensions, data source, channels;
 * - `POST /api/console/ask` `{text, now?}` → `{answer, view, followUps, chart, chartAlt}`,
 *   or 400 `{error, query, examples}` for a rejected question;
 * - `GET /api/console/channels/:id/messages` the seam for digests and alerts (empty for now).
 * Call it before the server's fallback routes (`ServerDeps.mounts`).
 */
export function mountConsole(app: express.Express, deps: ConsoleDeps): void {
  const publicDir = deps.publicDir ?? resolveConsolePublicDir();
  const chartJs = chartJsUmdPath();
  const log = (res: express.Response): Logger => (res.locals.log as Logger | undefined) ?? deps.logger;
  const configuredTeams = () => Object.keys(deps.config?.teams ?? {});

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
      res.status(400).json({ error: body.error, query: null, examples: [...EXAMPLE_QUESTIONS] });
      return;
    }
    const result = await deps.engine.ask(body.text, body.now);
    if (!result.ok) {
      res.status(400).json({ error: result.message, query: result.query, examples: [...EXAMPLE_QUESTIONS] });
      return;
    }
    const reply = consoleReply(result.answer, deps.engine.dimensionKeys());
    if (deps.chartHost && reply.chart) {
      const image = await renderChartPng(result.answer, { onError: (err) => log(res).warn({ err }, 'chart rendering failed') });
      if (image) reply.imageUrl = `/charts/${deps.chartHost.put(image)}.png`;
    }
    res.json(reply);
  });

  app.get('/api/console/channels/:id/messages', (req, res) => {
    const channel = consoleChannels(deps.engine, configuredTeams()).find((c) => c.id === req.params.id);
    if (!channel) {
      res.status(404).json({ error: `No channel “${req.params.id.slice(0, 80)}”. GET /api/console/meta lists the channels.` });
      return;
    }
    // The seam for later work: scheduled digests and budget alerts will be listed here.
    res.json([]);
  });
}
