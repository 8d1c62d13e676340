import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src/store/index.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api-server.js';
import { fixture, SIGNING_SECRET, sign, startHarness, type Harness } from './test-helpers.js';

// Issue 12: Slack retries and replays of one signed request were each answered again
// (5 replays → 5 posts). Two bot replicas (two real Bolt apps, each with its own pool)
// share one real PostgreSQL database, which remembers what was taken.
const PG_URL = process.env.FINOPS_TEST_DATABASE_URL || undefined;
const title = PG_URL === undefined ? 'Slack retries and replays across replicas (skipped: set FINOPS_TEST_DATABASE_URL)' : 'Slack retries and replays across replicas on PostgreSQL';

describe.skipIf(PG_URL === undefined)(title, { timeout: 180_000 }, () => {
  const dbName = `finops_safe_${randomBytes(5).toString('hex')}`;
  let admin: pg.Client;
  let fake: FakeSlackApi;
  const stores: Store[] = [];
  let a: Harness;
  let b: Harness;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    const url = new URL(PG_URL!);
    url.pathname = `/${dbName}`;
    for (let i = 0; i < 2; i++) stores.push(await openStore({ databaseUrl: url.toString() }));
    fake = await startFakeSlackApi();
    a = await startHarness({ store: stores[0], fake, logLevel: 'warn' });
    b = await startHarness({ store: stores[1], fake, logLevel: 'warn', engine: a.engine });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await fake?.close();
    for (const s of stores) await s.close();
    await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin?.end();
  });
  beforeEach(() => fake.reset());

  /** POSTs exactly these bytes and headers to one replica. */
  const send = async (h: Harness, body: string, headers: Record<string, string>) => {
    const res = await fetch(h.url, { method: 'POST', headers, body });
    await res.text();
    return res.status;
  };
  const settle = () => new Promise((r) => setTimeout(r, 500));

  it('answers a slash command once when the same signed request is replayed five times to two replicas', async () => {
    const body = new URLSearchParams({ ...fixture<Record<string, string>>('slash-command.json'), text: 'by team last week', response_url: fake.responseUrl('replayed') }).toString();
    const ts = Math.floor(Date.now() / 1000);
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(SIGNING_SECRET, ts, body) };
    const statuses = await Promise.all([a, b, a, b, a].map((h) => send(h, body, headers)));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    await fake.waitFor(() => fake.responses.length >= 1);
    await settle();
    expect(fake.responses).toHaveLength(1);
  });

  it('answers an event once when Slack retries it (same event_id, new timestamp and signature) on the other replica', async () => {
    const payload = { ...fixture('app-mention.json'), event_id: `Ev0RETRY${randomBytes(3).toString('hex')}` };
    const body = JSON.stringify(payload);
    const ts = Math.floor(Date.now() / 1000);
    expect(await send(a, body, { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(SIGNING_SECRET, ts, body) })).toBe(200);
    for (const [n, h] of [[1, b], [2, a]] as const) {
      const retryTs = ts + n;
      const status = await send(h, body, {
        'content-type': 'application/json', 'x-slack-request-timestamp': String(retryTs), 'x-slack-signature': sign(SIGNING_SECRET, retryTs, body),
        'x-slack-retry-num': String(n), 'x-slack-retry-reason': 'http_timeout',
      });
      expect(status).toBe(200);
    }
    await fake.waitFor(() => fake.callsTo('chat.postMessage').length >= 1);
    await settle();
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('still answers two different commands with the same text', async () => {
    await Promise.all([a.command('by team last week', { trigger_id: '111.aaa' }), b.command('by team last week', { trigger_id: '222.bbb' })]);
    await fake.waitFor(() => fake.responses.length >= 2);
    expect(fake.responses).toHaveLength(2);
  });

  it('refuses a request timestamped more than five minutes in the future with 401 and answers nothing', async () => {
    const body = new URLSearchParams({ ...fixture<Record<string, string>>('slash-command.json'), response_url: fake.responseUrl('future') }).toString();
    const res = await a.post(body, { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 });
    expect(res.status).toBe(401);
    const soon = await a.post(body, { timestamp: Math.floor(Date.now() / 1000) + 60 });
    expect(soon.status).toBe(200);
    await fake.waitFor(() => fake.responses.length >= 1);
    await settle();
    expect(fake.responses).toHaveLength(1);
  });
});
