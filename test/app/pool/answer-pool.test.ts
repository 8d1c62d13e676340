/**
 * Issue 12, item 1: never block the event loop. Work runs on the pool's threads, so the
 * HTTP server answers `/healthz` while a long scan runs; past the queue's bound a question
 * is `busy` (HTTP 503 with Retry-After), never lost; threads answer exactly what the
 * main engine answers.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostEngine } from '../../../src/app/cost-engine.js';
import { AnswerPool } from '../../../src/app/pool/answer-pool.js';
import { poolSettings, usableCpus } from '../../../src/app/pool/pool-size.js';
import { PooledAsker } from '../../../src/app/pool/pooled-asker.js';
import { createServer } from '../../../src/server/create-server.js';
import { sampleEngine, silentLogger } from '../../helpers/test-engine.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const HANG_GUARD_MS = 120_000;

let engine: CostEngine;
let pool: AnswerPool;
let server: Server;
let base: string;

beforeAll(async () => {
  engine = await sampleEngine();
  // One thread, one queued task at most: the third task is refused.
  pool = new AnswerPool({ settings: { threads: 1, queueLimit: 1, deadlineMs: 60_000 }, runtime: null, logger: silentLogger });
  await pool.ready();
  const asker = new PooledAsker(engine, pool);
  server = createServer({ engine: asker, logger: silentLogger, clock: () => NOW }).listen(0);
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, HANG_GUARD_MS);
afterAll(async () => {
  if (server) await new Promise<void>((r) => server.close(() => r()));
  await pool?.close();
});

describe('the answer pool', () => {
  it('answers /healthz while a long CPU-bound task runs on a thread, and then refuses questions past the queue with 503 and Retry-After', async () => {
    const long = pool.run({ kind: 'spin', ms: 4_000, deadline: Number.MAX_SAFE_INTEGER });
    const queued = pool.run({ kind: 'spin', ms: 10, deadline: Number.MAX_SAFE_INTEGER });
    let longDone = false;
    void long.then(() => (longDone = true));
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    expect(longDone).toBe(false);

    const busy = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'by team last week' }) });
    expect(busy.status).toBe(503);
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await busy.json()) as { error: string }).error).toMatch(/Too many questions at once: ask again in \d+ s/);
    expect(longDone).toBe(false);

    await Promise.all([long, queued]);
    const after = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'by team last week' }) });
    expect(after.status).toBe(200);
  }, HANG_GUARD_MS);

  it('draws a chart PNG on a thread', async () => {
    const r = await engine.ask('by team last week', NOW);
    if (!r.ok) throw new Error(r.message);
    const { chartSpecFor } = await import('../../../src/app/conversation/chart-spec.js');
    const spec = chartSpecFor(r.answer)!;
    const png = await pool.png(spec);
    expect(png?.png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png?.alt).toBe(spec.alt);
  }, HANG_GUARD_MS);
});

describe('questions answered on threads', () => {
  it('give the answer the main engine gives', async () => {
    const threads = new AnswerPool({ settings: { threads: 1, queueLimit: 8, deadlineMs: 60_000 }, runtime: { now: NOW, env: {}, cwd: tmpdir() }, logger: silentLogger });
    try {
      expect(threads.answersInThreads).toBe(true);
      for (const q of ['by team last week', 'model=llama-70b by env last month vs previous', 'asdfgh qwerty']) {
        const [inThread, here] = [await threads.ask(q, NOW), await engine.ask(q, NOW)];
        if (inThread.ok && here.ok) {
          expect({ ...inThread.answer, stats: null }).toEqual({ ...here.answer, stats: null });
        } else {
          expect(inThread).toEqual(here);
        }
      }
    } finally {
      await threads.close();
    }
  }, HANG_GUARD_MS);
});

describe('pool size', () => {
  it('leaves one CPU to the event loop, obeys FINOPS_WORKERS and FINOPS_QUEUE_LIMIT, and reads a cgroup CPU limit', () => {
    expect(poolSettings({}, 2).threads).toBe(1);
    expect(poolSettings({}, 8).threads).toBe(7);
    expect(poolSettings({ FINOPS_WORKERS: '3', FINOPS_QUEUE_LIMIT: '5', FINOPS_ANSWER_DEADLINE_MS: '2500' }, 8)).toEqual({ threads: 3, queueLimit: 5, deadlineMs: 2500 });
    expect(poolSettings({}, 2).deadlineMs).toBe(10_000);
    expect(() => poolSettings({ FINOPS_WORKERS: 'many' }, 2)).toThrow(/FINOPS_WORKERS/);
    expect(usableCpus(() => '150000 100000')).toBe(Math.min(2, usableCpus(() => null)));
    expect(usableCpus(() => 'max 100000')).toBe(usableCpus(() => null));
  });
});
