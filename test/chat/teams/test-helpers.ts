/** Helpers shared by this folder's tests and the Teams bench (not part of the public API). */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { startTeamsConnector, type FakeTeamsConnector, type WireJson } from '../../fakes/teams-connector.js';
import { CostEngine } from '../../../src/app/cost-engine.js';
import { parseConfig, readEnvironment, toAllocationConfig, type FinopsConfig } from '../../../src/config/index.js';
import type { CostRecord } from '../../../src/core/types.js';
import type { SnapshotProvider } from '../../../src/providers/types.js';
import { createServer } from '../../../src/server/create-server.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { mountTeams, type TeamsMount } from '../../../src/chat/teams/mount-teams.js';
import type { ChartRenderer, ConversationServices } from '../../../src/app/conversation/ports.js';
import { defaultCharts } from '../../../src/chat/default-charts.js';

/** Thursday 2026-11-26 12:00 UTC: "last week" is 2026-11-16 .. 2026-11-23. */
export const NOW = Date.parse('2026-11-26T12:00:00Z');

/** The channel the configuration gives to team nlp (the mention fixture is posted there). */
export const NLP_CHANNEL = '19:abc123@thread.tacv2';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/teams/', import.meta.url));

function record(day: string, cost: string, tags: Record<string, string>, serviceName = 'Amazon SageMaker'): CostRecord {
  const start = Date.parse(`${day}T00:00:00Z`);
  return {
    chargePeriodStart: start, chargePeriodEnd: start + 86_400_000, billedCost: cost, effectiveCost: cost, listCost: cost, currency: 'USD',
    provider: 'AWS', subAccountId: '111111111111', subAccountName: 'main', serviceName, serviceCategory: 'AI and Machine Learning', skuId: '',
    chargeDescription: '', resourceId: `arn:aws:sagemaker:us-east-1:111111111111:endpoint/${tags.model ?? 'untagged'}`, resourceName: '', resourceType: '',
    regionId: 'us-east-1', chargeCategory: 'Usage', pricingCategory: 'Standard', consumedQuantity: '', consumedUnit: '', tags,
  };
}

/** Three weeks of daily costs for three teams, their models and some untagged spend. */
export function testRecords(): CostRecord[] {
  const out: CostRecord[] = [];
  for (let d = Date.parse('2026-11-02'); d < Date.parse('2026-11-26'); d += 86_400_000) {
    const day = new Date(d).toISOString().slice(0, 10);
    const n = new Date(d).getUTCDate();
    out.push(record(day, `${100 + n}.10`, { team: 'nlp', model: 'llama-70b' }));
    out.push(record(day, `${40 + n}.25`, { team: 'vision', model: 'sdxl' }));
    out.push(record(day, '20.00', { team: 'speech', model: 'whisper-large' }));
    out.push(record(day, '5.55', {}, 'Amazon Simple Storage Service'));
  }
  return out;
}

/** `count` teams with one cost each on 2026-11-17: an answer too large for one card. */
export function manyTeamsRecords(count: number): CostRecord[] {
  return Array.from({ length: count }, (_, i) => record('2026-11-17', `${1000 + i}.00`, { team: `team-${String(i).padStart(4, '0')}-with-a-long-name` }));
}

export function testConfig(): FinopsConfig {
  const parsed = parseConfig({ teams: { nlp: { teams: { conversation: NLP_CHANNEL } } } });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
}

export async function testEngine(records: CostRecord[], config: FinopsConfig, logger: Logger): Promise<CostEngine> {
  const provider: SnapshotProvider = {
    kind: 'snapshot', id: 'test', type: 'focus', describe: () => 'test records',
    async load(sink) {
      records.forEach((r) => sink(r));
      return { rows: records.length, rejected: 0, rejectedSamples: [], warnings: [], ms: 0 };
    },
  };
  const settings = { timezone: 'UTC', weekStart: 'monday' as const, currency: 'USD', defaultRange: 'this month', metric: 'effective' as const, allocation: toAllocationConfig(config) };
  return CostEngine.load([provider], settings, logger);
}

/** A logger whose JSON lines the test can read. */
export function captureLogger(): { logger: Logger; lines: () => WireJson[] } {
  const raw: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void raw.push(line) });
  return { logger, lines: () => raw.map((l) => JSON.parse(l) as WireJson) };
}

export interface TeamsBot {
  baseUrl: string;
  connector: FakeTeamsConnector;
  engine: CostEngine;
  store: Store;
  mount: TeamsMount | null;
  logs: () => WireJson[];
  /** A recorded activity from fixtures/teams/, pointed at the fake connector. */
  fixture(name: string, over?: Record<string, unknown>): WireJson;
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: WireJson }>;
  close(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  records?: CostRecord[];
  engine?: CostEngine;
  /**
   * The chart port; none by default. `{renderChartPng}` (the shape of the port before the
   * conversation layer, which bench/teams-bench.ts still passes) means src/charts.
   */
  charts?: ChartRenderer | { renderChartPng: unknown };
  publicUrl?: string;
  store?: Store;
  connectorDelayMs?: number;
  /** Defaults to a capturing logger at debug level. */
  logger?: Logger;
  /** The configuration (default: team nlp in NLP_CHANNEL). */
  config?: FinopsConfig;
  /** Budgets, approvals and access control; the Teams notifier is added to its notifiers once mounted. */
  services?: ConversationServices | ((engine: CostEngine, store: Store) => ConversationServices);
}

/** The real server (createServer + mountTeams) on port 0, a fake connector, an in-memory store. */
export async function startTeamsBot(opts: StartOptions = {}): Promise<TeamsBot> {
  const captured = captureLogger();
  const logger = opts.logger ?? captured.logger;
  const lines = captured.lines;
  const config = opts.config ?? testConfig();
  const engine = opts.engine ?? (await testEngine(opts.records ?? testRecords(), config, logger));
  const store = opts.store ?? (await openStore({ dataDir: 'memory://' }));
  const connector = await startTeamsConnector({ delayMs: opts.connectorDelayMs });
  const env = readEnvironment(opts.env ?? { FINOPS_TEAMS_EMULATOR: '1' });
  const charts = opts.charts === undefined ? null : 'png' in opts.charts ? opts.charts : defaultCharts();
  let mount: TeamsMount | null = null;
  const clock = () => NOW;
  const services = typeof opts.services === 'function' ? opts.services(engine, store) : opts.services;
  const app = createServer({
    engine, logger, clock,
    mounts: [(a) => { mount = mountTeams(a, { asker: engine, logger, clock, config, env, store, charts, publicUrl: opts.publicUrl, ...(services ? { services } : {}) }); }],
  });
  const mounted = mount as TeamsMount | null;
  if (services && mounted) services.notifiers.teams = mounted.notifier;
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl, connector, engine, store, logs: lines,
    get mount() { return mount; },
    fixture(name, over = {}) {
      const activity = JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as WireJson;
      return { ...activity, serviceUrl: connector.serviceUrl, ...over };
    },
    async post(activity, headers = {}) {
      const res = await fetch(`${baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
      const text = await res.text();
      return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as WireJson) : { text } };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connector.close();
      if (!opts.store) await store.close();
    },
  };
}

/** The texts of every TextRun of a card, in order. */
export function cardTexts(card: unknown): string[] {
  const out: string[] = [];
  JSON.stringify(card, (_k, v: unknown) => {
    if (v && typeof v === 'object' && (v as { type?: string }).type === 'TextRun') out.push((v as { text: string }).text);
    return v;
  });
  return out;
}
