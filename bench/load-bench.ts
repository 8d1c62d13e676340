/**
 * Load benchmark (issue 12): 64 concurrent askers for 30 s against the served bot on the
 * sample data (`finops-bot serve` in a child process, Slack mounted over HTTP with the real
 * Bolt receiver, its Web API a local fake). While the askers keep the bot saturated:
 * - every 50 ms a `GET /healthz` (liveness: must stay fast);
 * - every 100 ms a signed `/cost` slash command (the Slack acknowledgement: must stay fast;
 *   each command's answer must then reach its response_url: none lost).
 * Prints throughput, answer p50/p99, /healthz p99/max, Slack ack p99/max, busy replies
 * (503), lost requests and the bot's RSS at the end.
 *
 * `npm run bench:load` (also part of `npm run bench`); `--seconds=N --askers=N` to change.
 * With `DATABASE_URL` set the bot's store is that PostgreSQL, else the embedded PGlite.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startFakeSlackApi } from '../test/fakes/slack-api-server.js';

const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
const NOW_ISO = '2026-11-26T12:00:00Z';
const QUERIES = [
  'by team last week',
  'by model this month',
  'by workload last 30 days top 5',
  'by team daily last 14 days',
  'model=llama-70b by env last month vs previous',
  'by team,model this month',
  'forecast',
  'by service last week',
];

export interface LoadBenchResult {
  seconds: number;
  askers: number;
  workers: string;
  answered: number;
  busy: number;
  lost: number;
  throughput: number;
  answerP50: number;
  answerP99: number;
  healthz: { n: number; p99: number; max: number };
  slackAck: { n: number; p99: number; max: number; answersPosted: number; lost: number };
  rssMb: number;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]! * 10) / 10;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runLoadBench(opts: { seconds?: number; askers?: number } = {}): Promise<LoadBenchResult> {
  const seconds = opts.seconds ?? 30;
  const askers = opts.askers ?? 64;
  const slack = await startFakeSlackApi();
  const port = await freePort();
  const root = fileURLToPath(new URL('..', import.meta.url));
  const env = {
    ...process.env,
    PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', FINOPS_DATA_DIR: 'memory://',
    SLACK_BOT_TOKEN: 'xoxb-bench-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl,
  };
  const bot = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', 'bench/serve-entry.ts', 'serve', '--now', NOW_ISO], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  bot.stderr.on('data', (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let ready = false; !ready; ) {
      if (bot.exitCode !== null) throw new Error(`the bot exited (${bot.exitCode}): ${stderr}`);
      ready = await fetch(`${base}/readyz`).then((r) => r.status === 200, () => false);
      if (!ready) await sleep(200);
    }
    // Warm-up: every query once (parser, JIT, chart code).
    for (const q of QUERIES) await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: q }) });

    const deadline = performance.now() + seconds * 1000;
    const answers: number[] = [];
    let busy = 0;
    let lost = 0;
    const asker = async (n: number) => {
      for (let i = n; performance.now() < deadline; i++) {
        const started = performance.now();
        try {
          const res = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: QUERIES[i % QUERIES.length] }) });
          await res.arrayBuffer();
          if (res.status === 200) answers.push(performance.now() - started);
          else if (res.status === 503) {
            busy++;
            await sleep(1000 * Number(res.headers.get('retry-after') ?? 1));
          } else lost++;
        } catch {
          lost++;
        }
      }
    };
    const health: number[] = [];
    const healthProbe = async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        const res = await fetch(`${base}/healthz`).catch(() => null);
        if (res?.status === 200) {
          await res.arrayBuffer();
          health.push(performance.now() - started);
        } else lost++;
        await sleep(50);
      }
    };
    const command = JSON.parse(readFileSync(new URL('../fixtures/slack/slash-command.json', import.meta.url), 'utf8')) as Record<string, string>;
    const acks: number[] = [];
    const sentIds: string[] = [];
    let slackLost = 0;
    const slackProbe = async () => {
      for (let i = 0; performance.now() < deadline; i++) {
        const id = `load-${i}`;
        const body = new URLSearchParams({ ...command, text: QUERIES[i % QUERIES.length]!, response_url: slack.responseUrl(id) }).toString();
        const ts = Math.floor(Date.now() / 1000);
        const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
        const started = performance.now();
        const res = await fetch(`${base}/slack/events`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature } }).catch(() => null);
        if (res?.status === 200) {
          await res.arrayBuffer();
          acks.push(performance.now() - started);
          sentIds.push(id);
        } else slackLost++;
        await sleep(100);
      }
    };
    const t0 = performance.now();
    await Promise.all([...Array.from({ length: askers }, (_, n) => asker(n)), healthProbe(), slackProbe()]);
    const elapsed = (performance.now() - t0) / 1000;
    // Every acknowledged command's answer must reach its response_url.
    await slack.waitFor(() => sentIds.every((id) => slack.responses.some((r) => r.id === id)), 60_000).catch(() => undefined);
    const posted = sentIds.filter((id) => slack.responses.some((r) => r.id === id)).length;
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${bot.pid}/status`, 'utf8'))?.[1] ?? NaN);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const threads = /^finops_pool_threads (\S+)$/m.exec(metrics)?.[1] ?? '?';
    return {
      seconds, askers, workers: threads,
      answered: answers.length, busy, lost,
      throughput: Math.round((answers.length / elapsed) * 10) / 10,
      answerP50: percentile(answers, 50), answerP99: percentile(answers, 99),
      healthz: { n: health.length, p99: percentile(health, 99), max: Math.round(Math.max(...health) * 10) / 10 },
      slackAck: { n: acks.length, p99: percentile(acks, 99), max: Math.round(Math.max(...acks) * 10) / 10, answersPosted: posted, lost: slackLost + (sentIds.length - posted) },
      rssMb: Math.round(rssKb / 1024),
    };
  } finally {
    bot.kill('SIGTERM');
    await new Promise((r) => (bot.exitCode !== null ? r(null) : bot.once('exit', r)));
    await slack.close();
  }
}

export function loadTable(r: LoadBenchResult): string {
  return [
    '',
    `| load: ${r.askers} askers × ${r.seconds} s, ${r.workers} worker thread(s) | value | target |`,
    '|---|---:|---|',
    `| answers (HTTP 200) | ${r.answered} (${r.throughput}/s) | — |`,
    `| answer p50 / p99 | ${r.answerP50} / ${r.answerP99} ms | — |`,
    `| busy (503, retried after Retry-After) | ${r.busy} | — |`,
    `| /healthz p99 / max (${r.healthz.n} probes) | ${r.healthz.p99} / ${r.healthz.max} ms | p99 ≤ 50 ms |`,
    `| Slack ack p99 / max (${r.slackAck.n} signed /cost) | ${r.slackAck.p99} / ${r.slackAck.max} ms | p99 ≤ 50 ms |`,
    `| Slack answers posted to response_url | ${r.slackAck.answersPosted} / ${r.slackAck.n} | all |`,
    `| requests lost (errors, resets, unanswered) | ${r.lost + r.slackAck.lost} | 0 |`,
    `| bot RSS at the end | ${r.rssMb} MB | — |`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const r = await runLoadBench({ seconds: Number(arg('seconds') ?? 30), askers: Number(arg('askers') ?? 64) });
  process.stdout.write(`${loadTable(r)}\n`);
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
