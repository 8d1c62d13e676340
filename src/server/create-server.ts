import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Asker, ConversationServices } from '../app/conversation/ports.js';
import type { DataStatus } from '../app/data-refresh.js';
import { reply } from '../app/conversation/reply.js';
import type { Conversation, Identity } from '../app/conversation/types.js';
import { redactDeep } from '../redact.js';
import { bodyFault } from './body-fault.js';
import { readAskBody } from './read-ask-body.js';
import { replyStatus } from './reply-status.js';

/** What the server needs from the engine: questions answered, and the data's health. */
export type ServerEngine = Asker & {
  readonly loads: { id: string; rows: number; load: { rejected: number } }[];
  readonly failures: { id: string; message: string }[];
};

export interface ServerDeps {
  engine: ServerEngine;
  logger: Logger;
  /** The clock requests use unless they bring their own `now`. */
  clock: () => number;
  /**
   * The data's status (each snapshot provider's rows, unreadable files, last load and
   * rescan; `ready` when all serve data): reported by `/healthz` as `data`, and what a
   * readiness probe reads.
   */
  dataStatus?: () => DataStatus;
  /** Extra health facts (the store driver, …). */
  health?: () => Promise<Record<string, unknown>>;
  /**
   * Surfaces mounted on the same app before the fallback routes: Slack
   * (`/slack/events`), Teams (`/api/messages`), the web console (`/`).
   */
  mounts?: ((app: express.Express) => void)[];
  /** What the commands beyond questions use (GPU questions: `idle gpu`, `advice`, `per gpu-hour`…). */
  services?: ConversationServices;
}

/** `POST /api/ask` has no sign-in: its questions come from an anonymous API user. */
const API_IDENTITY: Identity = { platform: 'api', userId: 'anonymous' };
const API_CONVERSATION: Conversation = { channelId: null, private: true, isDm: false, canShare: false };

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
      failedProviders: redactDeep(deps.engine.failures),
      ...(deps.dataStatus ? { data: deps.dataStatus() } : {}),
      ...extra,
    });
  });

  // The reply use case's JSON: an Answer (200); help (200 {help}); a rejected question
  // (400 {error, query, suggestions, examples}); a failure on our side (500 {error, reference}).
  app.post('/api/ask', express.json({ limit: '32kb' }), async (req, res) => {
    const body = readAskBody(req.body, deps.clock);
    if (!body.ok) {
      res.status(400).json({ error: body.error });
      return;
    }
    const log = (res.locals.log as Logger | undefined) ?? deps.logger;
    const r = await reply({ asker: deps.engine, clock: deps.clock, logger: log, ...(deps.services ? { services: deps.services } : {}) }, { text: body.text, identity: API_IDENTITY, conversation: API_CONVERSATION, now: body.now });
    res.status(replyStatus(r));
    switch (r.kind) {
      case 'answer':
        res.json(r.answer);
        return;
      case 'help':
        res.json({ help: r.help });
        return;
      case 'rejected':
        res.json({ error: r.message, query: r.query ?? null, suggestions: r.suggestions, examples: r.examples });
        return;
      case 'failed':
        res.json({ error: `Something went wrong on our side (reference ${r.reference}): try again in a minute.`, reference: r.reference });
        return;
      case 'busy':
        res.setHeader('retry-after', String(r.retryAfterSeconds)).json({ error: `Too many questions at once: ask again in ${r.retryAfterSeconds} s.` });
        return;
      case 'notice':
        res.json(r.data ?? { notice: r.notice });
    }
  });

  for (const mount of deps.mounts ?? []) mount(app);

  app.get('/', (_req, res) => {
    res.type('text/plain').send('finops-bot is running.\n\nPOST /api/ask {"text": "by team last week"}\nGET  /healthz\n');
  });

  app.use((_req, res) => {
    res.status(404).json({ error: 'Not found. Endpoints: POST /api/ask, GET /healthz.' });
  });

  // Express calls a four-argument handler for errors (bad JSON bodies among them).
  app.use((err: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    const fault = bodyFault(err, req);
    if (fault) {
      res.status(fault.status).json({ error: fault.error });
      return;
    }
    (res.locals.log as Logger | undefined)?.error({ err }, 'request failed');
    res.status(err.status && err.status < 500 ? err.status : 500).json({ error: 'Something went wrong on our side; the error is logged.' });
  });
  return app;
}
