/**
 * Issue 8's examples in Slack (the real Bolt app, signed requests, fake Web API) and in
 * Teams (the real adapter, emulator mode, fake connector), on the bundled sample at the
 * harnesses' fixed clock (2026-11-26 12:00 UTC: the data is complete to Nov 25): each
 * surface shows the engine's figure, or the refusal with its suggestions — never a total
 * for a question it did not understand. (POST /api/ask: test/server/issue-8-examples.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostEngine } from '../../src/app/cost-engine.js';
import { money } from '../../src/render/describe-answer.js';
import { openStore, type Store } from '../../src/store/index.js';
import type { WireJson } from '../fakes/teams-connector.js';
import { sampleEngine } from '../helpers/test-engine.js';
import { NOW, startHarness, type Harness } from './slack/test-helpers.js';
import { startTeamsBot, type TeamsBot } from './teams/test-helpers.js';

/** Questions the bot must answer, with the figure the engine gives. */
const ANSWERED = ['by team vs last month', 'training vs inference last 30 days', 'how much did we spend on GPUs yesterday?'];
/** Questions it must refuse, with a suggestion each refusal must offer. */
const REFUSED: [string, string][] = [
  ['team=nlpp last week', 'nlp'],
  ['lst wek', 'last week'],
  ['today', 'yesterday'],
];

/** A figure in money, as both surfaces print it: a refusal shows none. */
const MONEY = /\d\.\d\d USD/;

let engine: CostEngine;
let slack: Harness;
let teams: TeamsBot;
let store: Store;

beforeAll(async () => {
  engine = await sampleEngine('2026-11-26');
  store = await openStore({ dataDir: 'memory://' });
  slack = await startHarness({ engine, charts: null });
  teams = await startTeamsBot({ engine, store });
}, 120_000);
afterAll(async () => {
  await slack?.close();
  await teams?.close();
  await store?.close();
});

async function engineTotal(text: string): Promise<string> {
  const r = await engine.ask(text, NOW);
  if (!r.ok) throw new Error(`expected an answer to ${text}: ${r.message}`);
  return money(r.answer.total, r.answer.currency);
}

async function slackReply(text: string): Promise<string> {
  slack.fake.reset();
  const res = await slack.command(text);
  expect(res.status).toBe(200);
  const id = res.responseUrl;
  const mine = () => slack.fake.responses.filter((r) => id.endsWith(`/response/${r.id}`));
  // The first post may be the "working on it" ack's follow-up: wait for the one with blocks.
  await slack.fake.waitFor(() => mine().some((r) => Array.isArray((r.body as { blocks?: unknown }).blocks)));
  return JSON.stringify(mine().map((r) => r.body));
}

async function teamsReply(text: string): Promise<string> {
  teams.connector.reset();
  const res = await teams.post(teams.fixture('message-personal', { text }));
  expect(res.status).toBe(200);
  await teams.connector.waitFor((c) => c.activity.type === 'message');
  return JSON.stringify(teams.connector.cards() as WireJson[]);
}

describe.each([
  ['Slack', slackReply],
  ['Teams', teamsReply],
])('issue 8 examples in %s', (_surface, reply) => {
  it.each(ANSWERED)('answers %s with the engine’s total', async (text) => {
    const shown = await reply(text);
    expect(shown).toContain(await engineTotal(text));
    expect(shown).toMatch(MONEY);
  });

  it.each(REFUSED)('refuses %s, offering %s, with no figure', async (text, suggestion) => {
    const r = await engine.ask(text, NOW);
    expect(r.ok).toBe(false);
    const shown = await reply(text);
    expect(shown).toContain(suggestion);
    expect(shown).not.toMatch(MONEY);
  });
});
