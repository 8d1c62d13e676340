import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Wire JSON as tests read it: recorded Bot Framework payloads are deep and loosely typed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke into recorded payloads
export type WireJson = Record<string, any>;

/** One request the bot made to the Bot Framework connector (Teams' `serviceUrl`). */
export interface ConnectorCall {
  /** reply = POST …/activities/{replyToId}; send = POST …/activities; update = PUT …/activities/{id}. */
  kind: 'reply' | 'send' | 'update';
  conversationId: string;
  /** The activity replied to (reply) or updated (update). */
  activityId: string | null;
  /** The id the fake answered with. */
  id: string;
  activity: WireJson;
  headers: IncomingHttpHeaders;
}

export interface FakeTeamsConnector {
  /** `http://127.0.0.1:<port>/`: put it in the activities' `serviceUrl`. */
  serviceUrl: string;
  calls: ConnectorCall[];
  /** Requests to any other path: a test that sees one should fail. */
  unexpected: { method: string; path: string }[];
  /** Message activities (not typing). */
  messages(): ConnectorCall[];
  typing(): ConnectorCall[];
  /** The Adaptive Cards of every message, in order. */
  cards(): WireJson[];
  /** Resolves with the first call (already made or coming) that matches, or rejects after `timeoutMs`. */
  waitFor(match: (c: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  /** The next `count` requests are refused with `status` (a connector outage). */
  failNext(status: number, count?: number): void;
  reset(): void;
  close(): Promise<void>;
}

const ROUTE = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

/**
 * A local stand-in for the Bot Framework connector that Teams replies go to. It speaks
 * the real wire protocol the botbuilder ConnectorClient uses, records every activity,
 * and answers `{"id": "activity-N"}` like the service does.
 */
export async function startTeamsConnector(opts: { delayMs?: number } = {}): Promise<FakeTeamsConnector> {
  const calls: ConnectorCall[] = [];
  const unexpected: { method: string; path: string }[] = [];
  const waiters: { match: (c: ConnectorCall) => boolean; resolve: (c: ConnectorCall) => void }[] = [];
  let failures: { status: number; count: number } | null = null;
  let seq = 0;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!;
      const m = ROUTE.exec(path);
      const kind = m && req.method === 'POST' ? (m[2] ? 'reply' : 'send') : m && req.method === 'PUT' && m[2] ? 'update' : null;
      if (!m || !kind) {
        unexpected.push({ method: req.method ?? '', path });
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NotFound","message":"fake connector: no such route"}}');
        return;
      }
      if (failures && failures.count > 0) {
        failures.count--;
        res.writeHead(failures.status, { 'content-type': 'application/json' }).end('{"error":{"code":"ServiceError","message":"fake outage"}}');
        return;
      }
      let activity: WireJson;
      try {
        activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WireJson;
      } catch {
        unexpected.push({ method: req.method ?? '', path: `${path} (invalid JSON body)` });
        res.writeHead(400).end();
        return;
      }
      const id = kind === 'update' ? decodeURIComponent(m[2]!) : `activity-${++seq}`;
      const call: ConnectorCall = { kind, conversationId: decodeURIComponent(m[1]!), activityId: m[2] ? decodeURIComponent(m[2]) : null, id, activity, headers: req.headers };
      calls.push(call);
      for (const w of [...waiters]) {
        if (w.match(call)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(call);
        }
      }
      const answer = () => res.writeHead(kind === 'update' ? 200 : 201, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
      if (opts.delayMs) setTimeout(answer, opts.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const messages = () => calls.filter((c) => c.activity.type === 'message');
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    unexpected,
    messages,
    typing: () => calls.filter((c) => c.activity.type === 'typing'),
    cards: () =>
      messages().flatMap((c) => ((c.activity.attachments ?? []) as { contentType: string; content: WireJson }[]).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a) => a.content)),
    waitFor(match, timeoutMs = 5000) {
      const found = calls.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve: (c: ConnectorCall) => { clearTimeout(timer); resolve(c); } };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`fake Teams connector: no matching activity within ${timeoutMs} ms (saw ${calls.length}: ${calls.map((c) => `${c.kind} ${c.activity.type}`).join(', ')})`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    failNext(status, count = 1) {
      failures = { status, count };
    },
    reset() {
      calls.length = 0;
      unexpected.length = 0;
      failures = null;
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}
