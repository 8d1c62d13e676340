/**
 * Slack latency benchmark: signed `/cost` requests over real HTTP against the bot with
 * Slack mounted (real Bolt), answers going to the fake Web API's response_url.
 *
 * - ack: request sent → HTTP 200 received (Slack's limit is 3 s; target p99 ≤ 200 ms).
 * - answer: request sent → the answer POSTed to the response_url (target p95 ≤ 1.5 s).
 *
 * The client runs in a worker thread: on the bot's own event loop it could not read
 * an ack while the bot computes an answer, and would measure the answer instead.
 */
import { tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { createRuntime } from '../src/app/runtime.js';
import type { CostEngine } from '../src/app/cost-engine.js';
import { fixture, NOW, SIGNING_SECRET, startHarness } from '../test/chat/slack/test-helpers.js';

export interface SlackBenchOptions {
  iterations?: number;
  /** Defaults to the bundled sample data (about 43,000 rows). */
  engine?: CostEngine;
}

export interface SlackBenchResult {
  iterations: number;
  ackP50: number;
  ackP99: number;
  answerP50: number;
  answerP95: number;
}

const QUERIES = [
  'by team last week',
  'by model this month',
  'by workload last 30 days top 5',
  'by team daily last 14 days',
  'model=llama-70b by env last month vs previous',
  'by team,model this month',
  'forecast',
];

// Plain JavaScript (no TypeScript loader in a worker): sign, POST, time the acknowledgement.
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHmac } = require('node:crypto');
const now = () => performance.timeOrigin + performance.now();
parentPort.on('message', async ({ id, body }) => {
  const ts = Math.floor(Date.now() / 1000);
  const signature = 'v0=' + createHmac('sha256', workerData.secret).update('v0:' + ts + ':' + body).digest('hex');
  const sent = now();
  try {
    const res = await fetch(workerData.url, { method: 'POST', body, headers: {
      'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature } });
    await res.text();
    parentPort.postMessage({ id, status: res.status, sent, acked: now() });
  } catch (err) {
    parentPort.postMessage({ id, status: 0, sent, acked: now(), error: String(err) });
  }
});
`;

/** Nearest-rank percentile of `values` (milliseconds), rounded to 0.1 ms. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return Math.round(sorted[rank - 1]! * 10) / 10;
}

/** Runs `iterations` slash commands one after another (after one warm-up) and reports latency percentiles in ms. */
export async function runSlackBench(opts: SlackBenchOptions = {}): Promise<SlackBenchResult> {
  const iterations = opts.iterations ?? 50;
  const logger = pino({ level: 'silent' });
  const engine = opts.engine ?? (await createRuntime({ logger, now: NOW, env: {}, cwd: tmpdir() })).engine;
  const h = await startHarness({ engine, charts: null, logLevel: 'warn' });
  const worker = new Worker(CLIENT, { eval: true, workerData: { url: h.url, secret: SIGNING_SECRET } });
  const pending = new Map<number, (r: { status: number; sent: number; acked: number; error?: string }) => void>();
  worker.on('message', (r: { id: number; status: number; sent: number; acked: number; error?: string }) => pending.get(r.id)?.(r));
  const base = fixture<Record<string, string>>('slash-command.json');
  const acks: number[] = [];
  const answers: number[] = [];
  try {
    for (let i = -1; i < iterations; i++) {
      const id = `bench-${i + 1}`;
      const responseUrl = h.fake.responseUrl(id);
      const body = new URLSearchParams({ ...base, text: QUERIES[(i + QUERIES.length) % QUERIES.length]!, response_url: responseUrl }).toString();
      const sent = new Promise<{ status: number; sent: number; acked: number; error?: string }>((resolve) => pending.set(i, resolve));
      worker.postMessage({ id: i, body });
      const r = await sent;
      pending.delete(i);
      if (r.status !== 200) throw new Error(`slack bench: request ${i} got HTTP ${r.status}${r.error ? ` (${r.error})` : ''}`);
      await h.fake.waitFor(() => h.fake.responses.some((x) => x.id === id), 30_000);
      const answer = h.fake.responses.find((x) => x.id === id)!;
      // A rejected query would time the parser alone: every bench query must be answered.
      if (String(answer.body.text).startsWith('I could not answer')) throw new Error(`slack bench: ${String(answer.body.text)}`);
      if (i < 0) continue; // warm-up: parser, known values, JIT
      acks.push(r.acked - r.sent);
      answers.push(answer.at - r.sent);
    }
  } finally {
    await worker.terminate();
    await h.close();
  }
  return { iterations, ackP50: percentile(acks, 50), ackP99: percentile(acks, 99), answerP50: percentile(answers, 50), answerP95: percentile(answers, 95) };
}
