/**
 * Issue 12, item 1: past the queue, chat users get a polite "busy" message (never a
 * failure), after Slack's acknowledgement — through the real Bolt app and its signatures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostEngine } from '../../../src/app/cost-engine.js';
import { AnswerPool } from '../../../src/app/pool/answer-pool.js';
import { PooledAsker } from '../../../src/app/pool/pooled-asker.js';
import { buildTestEngine, startHarness, type Harness } from '../../chat/slack/test-helpers.js';
import { silentLogger } from '../../helpers/test-engine.js';

let h: Harness;
let pool: AnswerPool;
let release: (() => void)[] = [];

beforeAll(async () => {
  const engine = await buildTestEngine(silentLogger);
  // No threads: questions are admitted on the event loop, one at a time, none queued.
  pool = new AnswerPool({ settings: { threads: 0, queueLimit: 0, deadlineMs: 10_000 }, runtime: null, logger: silentLogger });
  const asker = new PooledAsker(engine, pool);
  // The surfaces take the pooled asker where they took the engine.
  h = await startHarness({ engine: Object.assign(Object.create(engine) as CostEngine, { ask: asker.ask.bind(asker) }) });
});
afterAll(async () => {
  release.forEach((r) => r());
  await h?.close();
});

describe('a full queue in Slack', () => {
  it('acknowledges the slash command, then answers through the response_url that the bot is busy and when to ask again', async () => {
    // Hold the only admission slot, as a long question would.
    release = [pool.admit()];
    const r = await h.command('by team last week');
    expect(r.status).toBe(200);
    await h.fake.waitFor(() => h.fake.responses.some((x) => r.responseUrl.endsWith(x.id)), 20_000);
    const posted = h.fake.responses.find((x) => r.responseUrl.endsWith(x.id))!;
    expect(String(posted.body.text)).toMatch(/^I am answering many questions right now: ask again in \d+ s\.$/);
    release.forEach((f) => f());
    release = [];
    const again = await h.command('by team last week');
    await h.fake.waitFor(() => h.fake.responses.some((x) => again.responseUrl.endsWith(x.id)), 20_000);
    expect(String(h.fake.responses.find((x) => again.responseUrl.endsWith(x.id))!.body.text)).not.toMatch(/many questions/);
  }, 60_000);
});
