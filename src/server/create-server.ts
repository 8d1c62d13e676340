import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { CostEngine } from '../app/cost-engine.js';

export interface ServerDeps {
  engine: CostEngine;
  logger: Logger;
  /** The clock requests use unless they bring their own `now`. */
  clock: () => number;
  /** Extra health facts (the store driver, …). */
  health?: () => Promise<Record<string, unknown>>;
  /**
   * Surfaces mounted on the same app before the fallback routes: Slack
   * (`/slack/events`), Teams (`/api/messages`), the web console (`/`).
   */
  mounts?: ((app: express.Express) => void)[];
}

const MAX_QUERY_CHARS = 2000;

/**
 * The bot's one HTTP server. Later work mounts Slack (`/slack/events`), Teams
 * (`/api/messages`) and the web console on this same app.
 */
export function createServer(deps: ServerDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  app.use((req, res, next) => {
    const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) ?? randomUUID();
    res.locals.log = deps.logger.child({ reqId: id });
    res.setHeader('x-request-id', id);
    const started = performance.now();
    res.on('finish', () => {
      (res.locals.log as Logger).info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request');
    });
    next();
  });

  app.get('/healthz', async (_req, res) => {
    const extra = deps.health ? await deps.health().catch((err: Error) => ({ healthError: err.message })) : {};
    res.json({
      status: 'ok',
      providers: deps.engine.loads.map((l) => ({ id: l.id, rows: l.rows, rejected: l.load.rejected })),
      failedProviders: deps.engine.failures,
      ...extra,
    });
  });

  app.post('/api/ask', express.json({ limit: '32kb' }), async (req, res) => {
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || typeof (body as { text?: unknown }).text !== 'string') {
      res.status(400).json({ error: 'Send a JSON body {"text": "by team last week"} with content-type: application/json (optional "now": an ISO time).' });
      return;
    }
    const { text, now } = body as { text: string; now?: unknown };
    if (text.length > MAX_QUERY_CHARS) {
      res.status(400).json({ error: `The question is too long (${text.length} characters; at most ${MAX_QUERY_CHARS}).` });
      return;
    }
    let at = deps.clock();
    if (now !== undefined && now !== null) {
      const ms = typeof now === 'string' ? Date.parse(now) : NaN;
      if (!Number.isFinite(ms)) {
        res.status(400).json({ error: `"now" must be an ISO time such as 2026-11-26T12:00:00Z, got ${JSON.stringify(now).slice(0, 80)}.` });
        return;
      }
      at = ms;
    }
    const result = await deps.engine.ask(text, at);
    if (!result.ok) {
      res.status(400).json({ error: result.message, query: result.query });
      return;
    }
    res.json(result.answer);
  });

  for (const mount of deps.mounts ?? []) mount(app);

  app.get('/', (_req, res) => {
    res.type('text/plain').send('finops-bot is running.\n\nPOST /api/ask {"text": "by team last week"}\nGET  /healthz\n');
  });

  app.use((_req, res) => {
    res.status(404).json({ error: 'Not found. Endpoints: POST /api/ask, GET /healthz.' });
  });

  // Express calls a four-argument handler for errors (bad JSON bodies among them).
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'The body is not valid JSON. Send {"text": "by team last week"}.' });
      return;
    }
    if (err.type === 'entity.too.large') {
      res.status(413).json({ error: 'The body is too large.' });
      return;
    }
    (res.locals.log as Logger | undefined)?.error({ err }, 'request failed');
    res.status(err.status && err.status < 500 ? err.status : 500).json({ error: 'Something went wrong on our side; the error is logged.' });
  });
  return app;
}
