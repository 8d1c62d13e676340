import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded Web API call: the method and its parsed body (form fields whose text is JSON are parsed). */
export interface SlackApiCall {
  method: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** Epoch milliseconds, sub-millisecond precision (`performance.timeOrigin + performance.now()`). */
  at: number;
}

/** One POST to a response_url. */
export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  /** Epoch milliseconds, sub-millisecond precision. */
  at: number;
}

/** One file body POSTed to an upload URL (files.uploadV2 step 2). */
export interface FileUpload {
  fileId: string;
  bytes: number;
  field: string;
  contentType: string;
  /** The first 8 bytes, hex (a PNG starts 89504e470d0a1a0a). */
  head: string;
}

/** A message the fake keeps per channel (chat.postMessage, chat.update), for conversations.history. */
export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown;
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface FakeSlackApi {
  /** `http://127.0.0.1:PORT/api/`: give it to the client as `slackApiUrl` (SLACK_API_URL). */
  apiUrl: string;
  /** A response_url on this server; POSTs to it are collected in `responses`. */
  responseUrl(id?: string): string;
  calls: SlackApiCall[];
  responses: ResponseUrlPost[];
  uploads: FileUpload[];
  /** Every message posted (and as last updated), oldest first. */
  messages: FakeMessage[];
  callsTo(method: string): SlackApiCall[];
  /** The next call to `method` answers `{ok:false, error}` (Slack's way of failing). */
  failNext(method: string, error: string): void;
  /** The next POST to a response_url answers this HTTP status (e.g. 404 for an expired one). */
  failNextResponse(status: number): void;
  /** Resolves once `predicate` holds (checked on every request), or rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeSlackOptions {
  teamId?: string;
  botUserId?: string;
  botId?: string;
  /** Milliseconds every Web API answer waits (latency benchmarks). */
  latencyMs?: number;
  /** User groups (`S…` → member user ids) for `usergroups.users.list`; others answer `no_such_subteam`. */
  usergroups?: Record<string, string[]>;
}

function parseBody(raw: Buffer, contentType: string): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (contentType.includes('application/json')) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    out[k] = /^\s*[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/**
 * A local Slack Web API speaking the real wire protocol: form-encoded POSTs to
 * `/api/<method>` answered with Slack-shaped JSON, the external upload URL of
 * files.uploadV2, and response_urls. It records everything for assertions, and keeps
 * posted messages (with their metadata) so chat.update and conversations.history work.
 */
export async function startFakeSlackApi(opts: FakeSlackOptions = {}): Promise<FakeSlackApi> {
  const team = opts.teamId ?? 'T0FAKE';
  const botUser = opts.botUserId ?? 'UBOT';
  const botId = opts.botId ?? 'BBOT';
  const calls: SlackApiCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const uploads: FileUpload[] = [];
  const messages: FakeMessage[] = [];
  const failures = new Map<string, string>();
  let failResponseStatus: number | null = null;
  const waiters = new Set<() => void>();
  let seq = 0;
  let base = '';

  const answer = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    const failure = failures.get(method);
    if (failure !== undefined) {
      failures.delete(method);
      return { ok: false, error: failure };
    }
    const ts = `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'finops-bot', team_id: team, user_id: botUser, bot_id: botId };
      case 'chat.postMessage': {
        const metadata = body.metadata as FakeMessage['metadata'] | undefined;
        messages.push({ channel: String(body.channel), ts, text: String(body.text ?? ''), blocks: body.blocks, ...(body.thread_ts ? { thread_ts: String(body.thread_ts) } : {}), ...(metadata ? { metadata } : {}) });
        return { ok: true, channel: body.channel, ts, message: { text: body.text, ts, bot_id: botId } };
      }
      case 'chat.update': {
        const message = messages.find((m) => m.channel === body.channel && m.ts === body.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        Object.assign(message, { text: String(body.text ?? ''), blocks: body.blocks }, body.metadata ? { metadata: body.metadata } : {});
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      }
      case 'views.open':
        if (typeof body.trigger_id !== 'string' || body.trigger_id === '') return { ok: false, error: 'invalid_trigger_id' };
        return { ok: true, view: { id: `V${String(++seq).padStart(8, '0')}`, ...(body.view as Record<string, unknown>) } };
      case 'conversations.open': {
        const user = String(body.users ?? '');
        if (!/^[UW][A-Z0-9]+$/.test(user)) return { ok: false, error: 'user_not_found' };
        return { ok: true, channel: { id: `D${user.slice(1)}` } };
      }
      case 'conversations.history': {
        // Newest first, as Slack answers; metadata only with include_all_metadata.
        const oldest = Number(body.oldest ?? 0);
        const withMetadata = String(body.include_all_metadata) === 'true';
        const found = messages
          .filter((m) => m.channel === body.channel && !m.thread_ts && Number(m.ts) >= oldest)
          .reverse()
          .map((m) => ({ type: 'message', ts: m.ts, text: m.text, bot_id: botId, ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) }));
        return { ok: true, messages: found, has_more: false };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: ts };
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(++seq).padStart(8, '0')}`;
        return { ok: true, upload_url: `${base}upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = (Array.isArray(body.files) ? body.files : []) as { id: string; title?: string }[];
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? '', name: 'chart.png', mimetype: 'image/png', channels: body.channel_id ? [body.channel_id] : [] })) };
      }
      case 'usergroups.users.list': {
        const users = opts.usergroups?.[String(body.usergroup)];
        return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
      }
      case 'apps.connections.open':
        // This fake speaks no WebSocket: Socket Mode clients get Slack's answer to a bad app token.
        return { ok: false, error: 'invalid_auth' };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks);
        const at = performance.timeOrigin + performance.now();
        const url = new URL(req.url ?? '/', base);
        const contentType = String(req.headers['content-type'] ?? '');
        const send = (status: number, payload: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
          for (const w of waiters) w();
        };
        if (url.pathname.startsWith('/api/')) {
          const method = url.pathname.slice('/api/'.length);
          const body = parseBody(raw, contentType);
          calls.push({ method, body, headers: req.headers, at });
          if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
          send(200, answer(method, body));
        } else if (url.pathname.startsWith('/upload/')) {
          // The client sends the bytes as the multipart field `body`; read them the way a server would.
          const form = await new Request(url, { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
          for (const [field, value] of form) {
            if (typeof value === 'string') continue;
            const head = Buffer.from(await value.slice(0, 8).arrayBuffer()).toString('hex');
            uploads.push({ fileId: url.pathname.slice('/upload/'.length), bytes: value.size, field, contentType: value.type, head });
          }
          res.writeHead(200, { 'content-type': 'text/plain' }).end('OK - 1');
          for (const w of waiters) w();
        } else if (url.pathname.startsWith('/response/')) {
          responses.push({ id: url.pathname.slice('/response/'.length), body: parseBody(raw, 'application/json'), at });
          const status = failResponseStatus ?? 200;
          failResponseStatus = null;
          res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'invalid_blocks');
          for (const w of waiters) w();
        } else {
          send(404, { ok: false, error: 'not_found' });
        }
      })().catch((err: Error) => {
        res.writeHead(500).end(err.message);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return {
    apiUrl: `${base}api/`,
    responseUrl: (id = String(++seq)) => `${base}response/${id}`,
    calls,
    responses,
    uploads,
    messages,
    callsTo: (method) => calls.filter((c) => c.method === method),
    failNext: (method, error) => void failures.set(method, error),
    failNextResponse: (status) => void (failResponseStatus = status),
    waitFor: (predicate, timeoutMs = 5000) =>
      new Promise<void>((resolve, reject) => {
        if (predicate()) return resolve();
        const check = () => {
          if (!predicate()) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`fake Slack: condition not met within ${timeoutMs} ms (${calls.length} calls, ${responses.length} response_url posts)`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
      }),
    reset: () => {
      calls.length = 0;
      responses.length = 0;
      uploads.length = 0;
      messages.length = 0;
      failures.clear();
      failResponseStatus = null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
