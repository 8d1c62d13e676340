import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../../src/bot/start-bot.js';
import { createPgDriver, createStore, type Store } from '../../src/store/index.js';
import type { SqlDriver } from '../../src/store/types.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api-server.js';
import { PG_TEST_URL } from '../store/harness.js';

const CONFIG = 'fixtures/jobs/serve-replicas.yaml';
const name =
  PG_TEST_URL === undefined
    ? 'three serve replicas on one PostgreSQL (skipped: set FINOPS_TEST_DATABASE_URL)'
    : 'three serve replicas on one PostgreSQL: every notice posted once';

/** `postgres://…/test` → the same server, another database. */
function databaseUrl(base: string, db: string): string {
  const u = new URL(base);
  u.pathname = `/${db}`;
  return u.toString();
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(PG_TEST_URL === undefined)(name, { timeout: 300_000 }, () => {
  const db = `finops_serve_${randomBytes(5).toString('hex')}`;
  const bots: Bot[] = [];
  let admin: SqlDriver | undefined;
  let store: Store | undefined;
  let slack: FakeSlackApi | undefined;

  afterAll(async () => {
    for (const b of bots) await b.stop().catch(() => undefined);
    await store?.close();
    await slack?.close();
    await admin?.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin?.close();
  });

  it('runs the scheduler in every replica on the real notifiers (Slack, the console) and posts each ledger key once per channel; stop hands the leases back', async () => {
    admin = await createPgDriver({ connectionString: PG_TEST_URL!, max: 1 });
    await admin.query(`CREATE DATABASE ${db}`);
    const url = databaseUrl(PG_TEST_URL!, db);
    slack = await startFakeSlackApi();
    // No answer threads (this is about the scheduler: three pools loading the sample at start
    // starve the event loops on a 2-core machine) and a lease that a busy CI machine does not
    // outlive while its holder is still working.
    const env = { DATABASE_URL: url, SLACK_BOT_TOKEN: 'xoxb-serve-replicas', SLACK_SIGNING_SECRET: 'serve-replicas-secret', SLACK_API_URL: slack.apiUrl, HOST: '127.0.0.1', FINOPS_WORKERS: '0' };
    const logger = pino({ level: 'silent' });
    // Three replicas in one process, each with its own server, store pool, data and scheduler.
    const started = await Promise.all(
      [0, 1, 2].map((i) => startBot({ configPath: CONFIG, port: 0, env, logger, jobs: { owner: `replica-${i}`, leaseMs: 15_000, sweepMs: 500 } })),
    );
    bots.push(...started);
    expect(started.map((b) => b.surfaces)).toEqual([0, 1, 2].map(() => ['console', 'Slack (http)']));
    expect(started.every((b) => b.jobs !== null)).toBe(true);
    const driver = await createPgDriver({ connectionString: url, max: 2 });
    store = createStore(driver);

    // Enough slots for every job to have run more than once, and nothing left open.
    await until(
      'several digest, budgets and idle-gpu slots done and every delivery settled',
      async () => {
        const [digest, budgets, idle] = await Promise.all(['digest', 'budgets', 'idle-gpu'].map((j) => store!.listJobRuns(j, 50)));
        const done = (runs: typeof digest) => runs.filter((r) => r.status === 'done').length;
        const open = await store!.listDeliveries({ statuses: ['claimed', 'failed'] });
        return done(digest) >= 4 && done(budgets) >= 4 && done(idle) >= 2 && open.length === 0;
      },
      240_000,
    );
    const stoppedAt = Date.now();
    await Promise.all(started.map((b) => b.stop()));

    const rows = await store.listDeliveries({ limit: 10_000 });
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    // Digests of all three entries, budget alerts and idle-GPU nudges went out.
    for (const prefix of ['digest:nlp:', 'digest:vision:', 'digest:ops:', 'budget:nlp-small:', 'budget:vision-small:', 'idle-gpu:']) {
      expect(rows.some((r) => r.ledgerKey.startsWith(prefix)), prefix).toBe(true);
    }
    // Slack: one chat.postMessage per message key and channel, found by its metadata.
    const slackPosts = new Map<string, number>();
    for (const call of slack.callsTo('chat.postMessage')) {
      const key = (call.body.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;
      expect(key, 'every job post carries its ledger key').toBeTypeOf('string');
      const id = `${String(call.body.channel)}\u0000${key}`;
      slackPosts.set(id, (slackPosts.get(id) ?? 0) + 1);
    }
    const slackRows = rows.filter((r) => r.platform === 'slack');
    expect(slackRows.length).toBeGreaterThan(0);
    for (const r of slackRows) expect(slackPosts.get(`${r.channel}\u0000${r.messageKey}`), r.ledgerKey).toBe(1);
    expect([...slackPosts.values()].every((n) => n === 1)).toBe(true);
    expect(slackPosts.size).toBe(new Set(slackRows.map((r) => `${r.channel}\u0000${r.messageKey}`)).size);
    // The console's channel feeds: one message per message key.
    const consoleRows = rows.filter((r) => r.platform === 'console');
    const feed = (await Promise.all(['nlp', 'vision', 'ops'].map((c) => store!.listConsoleMessages(`team-${c}`, 500)))).flat().filter((m) => m.threadOf === null);
    const consolePosts = new Map<string, number>();
    for (const m of feed) consolePosts.set(`${m.channel}\u0000${m.key}`, (consolePosts.get(`${m.channel}\u0000${m.key}`) ?? 0) + 1);
    for (const r of consoleRows) expect(consolePosts.get(`team-${r.channel}\u0000${r.messageKey}`), r.ledgerKey).toBe(1);
    expect(consolePosts.size).toBe(new Set(consoleRows.map((r) => `${r.channel}\u0000${r.messageKey}`)).size);

    // Every slot ran once (the primary key), the replicas shared them, and none is left held by a stopped replica.
    const runs = (await Promise.all(['digest', 'budgets', 'idle-gpu'].map((j) => store!.listJobRuns(j, 200)))).flat();
    expect(new Set(runs.map((r) => r.claimedBy)).size).toBeGreaterThanOrEqual(2);
    for (const job of ['digest', 'budgets', 'idle-gpu']) {
      for (const run of await store.listJobRuns(job, 200)) {
        expect(run.status === 'running' && run.leaseUntil.getTime() > stoppedAt + 1_000, `${job} ${run.scheduledFor.toISOString()} still leased`).toBe(false);
      }
    }
  });
});
