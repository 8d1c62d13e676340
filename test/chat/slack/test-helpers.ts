/** Test harness for this folder: a real bot HTTP server with Slack mounted, talking to the fake Web API. */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { CostEngine, type EngineSettings } from '../../../src/app/cost-engine.js';
import { parseConfig, readEnvironment, type FinopsConfig } from '../../../src/config/index.js';
import type { CostRecord } from '../../../src/core/types.js';
import type { SnapshotProvider } from '../../../src/providers/types.js';
import { createServer } from '../../../src/server/create-server.js';
import type { Store } from '../../../src/store/index.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api-server.js';
import { mountSlack, SLACK_EVENTS_PATH, type SlackMount } from '../../../src/chat/slack/mount-slack.js';
import type { ChartRenderer, ConversationServices } from '../../../src/app/conversation/ports.js';
import type { SlackBlock } from '../../../src/chat/slack/types.js';

export const NOW = Date.parse('2026-11-26T12:00:00Z');
export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-bot-token-do-not-log';

/** A recorded Slack payload from fixtures/slack/. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/slack/${name}`, import.meta.url), 'utf8')) as T;
}

function record(day: string, cost: string, tags: Record<string, string>): CostRecord {
  const start = Date.parse(`${day}T00:00:00Z`);
  return {
    chargePeriodStart: start, chargePeriodEnd: start + 86_400_000, billedCost: cost, effectiveCost: cost, listCost: cost, currency: 'USD',
    provider: 'AWS', subAccountId: '111111111111', subAccountName: 'ml', serviceName: 'Amazon SageMaker', serviceCategory: 'AI and Machine Learning',
    skuId: '', chargeDescription: '', resourceId: `i-${day}-${tags.team ?? 'none'}`, resourceName: '', resourceType: '', regionId: 'us-east-1',
    chargeCategory: 'Usage', pricingCategory: 'Standard', consumedQuantity: '1', consumedUnit: 'Hours', tags,
  };
}

/** A small, deterministic data set: 3 teams (and untagged), 2 models, 2 workloads, every day of November up to yesterday. */
export function testRecords(): CostRecord[] {
  const out: CostRecord[] = [];
  const teams = ['nlp', 'vision', 'speech', ''];
  for (let d = 1; d <= 25; d++) {
    const day = `2026-11-${String(d).padStart(2, '0')}`;
    teams.forEach((team, i) => {
      const tags: Record<string, string> = { model: i % 2 === 0 ? 'llama-70b' : 'sdxl', workload: i === 1 ? 'inference' : 'training', env: 'prod' };
      if (team) tags.team = team;
      out.push(record(day, `${(100 + i * 37 + d * 3).toFixed(0)}.${String((d * 7 + i) % 100).padStart(2, '0')}`, tags));
    });
  }
  return out;
}

export async function buildTestEngine(logger: Logger, records = testRecords()): Promise<CostEngine> {
  const dim = (tags: string[]) => ({ tags, accounts: {}, rules: [], aliases: {} });
  const settings: EngineSettings = {
    timezone: 'UTC', weekStart: 'monday', currency: 'USD', defaultRange: 'this month', metric: 'effective',
    allocation: { dimensions: { team: dim(['team']), model: dim(['model']), env: dim(['env']) }, shared: [], unallocated: '(untagged)' },
  };
  const provider: SnapshotProvider = {
    kind: 'snapshot', id: 'test', type: 'test', describe: () => 'test records',
    load: async (sink) => {
      records.forEach((r) => sink(r));
      return { rows: records.length, rejected: 0, rejectedSamples: [], warnings: [], ms: 0 };
    },
  };
  return CostEngine.load([provider], settings, logger);
}

/**
 * The Slack adapter uses the store only to remember the requests it took (retries and
 * replays across replicas; tested on PostgreSQL in slack-dedupe.test.ts): here a map
 * stands in for that one table, and any other use fails the test loudly.
 */
export function untouchableStore(): Store {
  const seen = new Set<string>();
  const allowed: Partial<Store> = {
    firstSighting: async (key) => (seen.has(key) ? false : (seen.add(key), true)),
    purgeSightings: async () => 0,
  };
  return new Proxy({}, {
    get: (_t, prop) => {
      if (prop === 'then') return undefined;
      if (typeof prop === 'string' && prop in allowed) return allowed[prop as keyof Store];
      throw new Error(`the Slack adapter used the store (${String(prop)})`);
    },
  }) as Store;
}

export interface Harness {
  url: string;
  fake: FakeSlackApi;
  engine: CostEngine;
  mount: SlackMount;
  logs: string[];
  /** POSTs a signed request to /slack/events. */
  post(body: string, opts?: { contentType?: string; timestamp?: number; secret?: string; signature?: string }): Promise<{ status: number; text: string; ms: number }>;
  command(text: string, over?: Record<string, string>): Promise<{ status: number; text: string; ms: number; responseUrl: string }>;
  click(button: SlackBlock, over?: { isEphemeral?: boolean; channelId?: string }): Promise<{ status: number; responseUrl: string }>;
  event(payload: Record<string, unknown>): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

/** Signs like Slack: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>`. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface HarnessOptions {
  charts?: ChartRenderer | null | 'default';
  config?: Record<string, unknown>;
  engine?: CostEngine;
  logLevel?: string;
  store?: Store;
  fake?: FakeSlackApi;
  /** Budgets, approvals and access control; the Slack notifier is added to its notifiers once mounted. */
  services?: ConversationServices | ((mount: () => SlackMount) => ConversationServices);
  /** User groups the fake Web API knows (`usergroups.users.list`). */
  usergroups?: Record<string, string[]>;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const logs: string[] = [];
  const logger = pino({ level: opts.logLevel ?? 'debug' }, new Writable({ write: (chunk, _enc, cb) => (logs.push(String(chunk)), cb()) }));
  const fake = opts.fake ?? (await startFakeSlackApi({ ...(opts.usergroups ? { usergroups: opts.usergroups } : {}) }));
  const engine = opts.engine ?? (await buildTestEngine(logger));
  const parsed = parseConfig(opts.config ?? {});
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const config: FinopsConfig = parsed.config;
  const env = readEnvironment({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl });
  const holder: { mount: SlackMount | null } = { mount: null };
  const services = typeof opts.services === 'function' ? opts.services(() => holder.mount!) : opts.services;
  const app = createServer({
    engine, logger, clock: () => NOW,
    mounts: [(a) => void (holder.mount = mountSlack(a, { asker: engine, logger, clock: () => NOW, config, env, store: opts.store ?? untouchableStore(), ...(services ? { services } : {}), ...(opts.charts === 'default' ? {} : { charts: opts.charts ?? null }) }, { retries: 0 }))],
  });
  if (services && holder.mount) services.notifiers.slack = (holder.mount as SlackMount).notifier;
  const server: Server = createHttpServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SLACK_EVENTS_PATH}`;
  if (holder.mount === null) throw new Error('mountSlack returned null');
  const m: SlackMount = holder.mount;
  await m.ready;

  const post: Harness['post'] = async (body, o = {}) => {
    const ts = o.timestamp ?? Math.floor(Date.now() / 1000);
    const started = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': o.contentType ?? 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': o.signature ?? sign(o.secret ?? SIGNING_SECRET, ts, body),
      },
      body,
    });
    const text = await res.text();
    return { status: res.status, text, ms: performance.now() - started };
  };
  let n = 0;
  return {
    url, fake, engine, mount: m, logs, post,
    command: async (text, over = {}) => {
      const responseUrl = fake.responseUrl(`cmd-${++n}`);
      const fields = { ...fixture<Record<string, string>>('slash-command.json'), text, response_url: responseUrl, ...over };
      return { ...(await post(new URLSearchParams(fields).toString())), responseUrl };
    },
    click: async (button, over = {}) => {
      const responseUrl = fake.responseUrl(`act-${++n}`);
      const payload = fixture('block-actions.json') as Record<string, unknown> & { container: Record<string, unknown>; channel: Record<string, unknown> };
      payload.response_url = responseUrl;
      payload.container = { ...payload.container, is_ephemeral: over.isEphemeral ?? true, channel_id: over.channelId ?? 'C0COSTS' };
      payload.channel = { ...payload.channel, id: over.channelId ?? 'C0COSTS' };
      payload.actions = [{ ...button, block_id: 'finops_follow_ups', action_ts: '1764158460.123456' }];
      const r = await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
      return { status: r.status, responseUrl };
    },
    event: async (payload) => post(JSON.stringify(payload), { contentType: 'application/json' }),
    close: async () => {
      await m.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (!opts.fake) await fake.close();
    },
  };
}

/** All the text of a message's blocks, for assertions. */
export function blockText(blocks: SlackBlock[]): string {
  return JSON.stringify(blocks);
}
