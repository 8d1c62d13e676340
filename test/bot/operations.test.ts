/**
 * Issue 12, item 5: operations. `/healthz` apart from `/readyz`, `/metrics` scraped and
 * checked by name, a graceful stop (work in flight finishes, the stop hooks — where the
 * scheduler hands its leases back — run while the store is open, new requests refused),
 * and chart images any replica can serve (kept in the store).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../../src/bot/start-bot.js';
import { ChartHost } from '../../src/charts/chart-host.js';
import { createServer } from '../../src/server/create-server.js';
import { openStore } from '../../src/store/index.js';
import { sampleEngine, silentLogger } from '../helpers/test-engine.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const HANG_GUARD_MS = 180_000;
const logger = pino({ level: 'silent' });

async function untilReady(url: string): Promise<Response> {
  for (;;) {
    const res = await fetch(`${url}readyz`);
    if (res.status === 200) return res;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ask = (url: string, text: string) => fetch(`${url}api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });

describe('a running bot', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ now: NOW, port: 0, env: { FINOPS_DATA_DIR: 'memory://', FINOPS_WORKERS: '1' }, logger });
  }, HANG_GUARD_MS);
  afterAll(async () => {
    await bot?.stop();
  });

  it('is alive at once (/healthz) and ready once the store answers and the threads have the data (/readyz)', async () => {
    const health = await fetch(`${bot.url}healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    const ready = await (await untilReady(bot.url)).json();
    expect(ready).toMatchObject({ status: 'ready', store: 'ok', data: 'loaded', pool: 'ready' });
  }, HANG_GUARD_MS);

  it('exposes Prometheus metrics by name: requests by surface and outcome, answers, event-loop lag, pool, providers, freshness, jobs and ledger', async () => {
    expect((await ask(bot.url, 'by team last week')).status).toBe(200);
    expect((await ask(bot.url, 'modle=x')).status).toBe(400);
    const res = await fetch(`${bot.url}metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const sample = (name: string) => new RegExp(`^${name.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1];
    expect(Number(sample('finops_http_requests_total{surface="api",outcome="ok"}'))).toBeGreaterThanOrEqual(1);
    expect(Number(sample('finops_http_requests_total{surface="api",outcome="rejected"}'))).toBeGreaterThanOrEqual(1);
    expect(Number(sample('finops_http_request_duration_seconds_count{surface="api",outcome="ok"}'))).toBeGreaterThanOrEqual(1);
    expect(Number(sample('finops_answers_total{outcome="answer"}'))).toBeGreaterThanOrEqual(1);
    expect(Number(sample('finops_answers_total{outcome="rejected"}'))).toBeGreaterThanOrEqual(1);
    expect(Number(sample('finops_pool_tasks_total{kind="ask",outcome="ok"}'))).toBeGreaterThanOrEqual(2);
    expect(sample('finops_pool_threads')).toBe('1');
    expect(sample('nodejs_eventloop_lag_seconds')).toBeDefined();
    expect(sample('nodejs_eventloop_lag_p99_seconds')).toBeDefined();
    // The sample's data reaches the end of yesterday of the later clock (the real one, here): today's midnight.
    const today = Math.floor(Math.max(Date.now(), NOW) / 86_400_000) * 86_400;
    expect(Number(sample('finops_data_fresh_until_seconds{provider="sample"}'))).toBe(today);
    for (const name of ['finops_provider_requests_total', 'finops_provider_results_total', 'finops_provider_duration_seconds', 'finops_provider_estimated_cost_usd_total', 'finops_provider_bytes_scanned_total', 'finops_provider_cache_hits_total', 'finops_provider_circuit_state', 'finops_job_runs', 'finops_ledger_deliveries']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  }, HANG_GUARD_MS);
});

describe('stopping', () => {
  it('finishes questions in flight, runs the stop hooks while the store is open, then refuses connections', async () => {
    const bot = await startBot({ now: NOW, port: 0, env: { FINOPS_DATA_DIR: 'memory://', FINOPS_WORKERS: '1' }, logger });
    await untilReady(bot.url);
    const order: string[] = [];
    bot.onStop(async () => {
      // What the scheduler's stop does: it hands its leases back through the store.
      await bot.store.cacheGet('stop-hook', new Date());
      order.push('hook');
    });
    // The thread is busy with a long scan, so the questions wait in the queue: in flight.
    const scan = bot.pool.run({ kind: 'spin', ms: 1_500, deadline: Number.MAX_SAFE_INTEGER });
    const inFlight = Promise.all(['by team last week', 'by model this month', 'by team daily last 14 days'].map(async (q) => (await ask(bot.url, q)).status));
    while (bot.pool.pending < 4) await new Promise((r) => setTimeout(r, 10));
    const stopped = bot.stop().then(() => order.push('stopped'));
    expect(await inFlight).toEqual([200, 200, 200]);
    await stopped;
    expect(order).toEqual(['hook', 'stopped']);
    await scan;
    await expect(fetch(`${bot.url}healthz`)).rejects.toThrow();
  }, HANG_GUARD_MS);

  it('answers 503 to new work and "not ready" while stopping, and still answers /healthz', async () => {
    const engine = await sampleEngine();
    const server: Server = createServer({ engine, logger: silentLogger, clock: () => NOW, stopping: () => true }).listen(0);
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const refused = await ask(url, 'by team last week');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect((await fetch(`${url}healthz`)).status).toBe(200);
      const ready = await fetch(`${url}readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'not ready', stopping: true });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  }, HANG_GUARD_MS);
});

const PG = process.env.FINOPS_TEST_DATABASE_URL;

describe.each([
  ['PGlite', async () => ({ store: await openStore({ dataDir: 'memory://', logger: silentLogger }), drop: async () => undefined })],
  ...(PG
    ? [['PostgreSQL', async () => {
        // A database of our own, dropped afterwards.
        const name = `loadpool_charts_${process.pid}_${Date.now()}`;
        const admin = new pg.Client({ connectionString: PG });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        await admin.end();
        const url = new URL(PG);
        url.pathname = `/${name}`;
        const store = await openStore({ databaseUrl: url.toString(), logger: silentLogger });
        return {
          store,
          drop: async () => {
            const c = new pg.Client({ connectionString: PG });
            await c.connect();
            await c.query(`DROP DATABASE IF EXISTS ${name}`);
            await c.end();
          },
        };
      }] as const]
    : []),
] as const)('charts kept in the store (%s)', (_label, open) => {
  it('are served by another replica (another chart host over the same store)', async () => {
    const { store, drop } = await open();
    try {
      const a = new ChartHost({ shared: store });
      const b = new ChartHost({ shared: store });
      const image = { png: Buffer.from('\x89PNG fake bytes', 'latin1'), width: 10, height: 5, alt: 'a chart', mime: 'image/png' as const };
      const id = await a.store(image);
      expect(b.get(id)).toBeNull(); // not in b's memory…
      expect(await b.find(id)).toEqual(image); // …but b serves it from the store
      expect(await b.find('A'.repeat(22))).toBeNull();
    } finally {
      await store.close();
      await drop();
    }
  }, HANG_GUARD_MS);
});

if (!PG) describe.skip('charts kept in the store (PostgreSQL): set FINOPS_TEST_DATABASE_URL to run', () => it('needs PostgreSQL', () => undefined));
