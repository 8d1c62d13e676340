import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationServices } from '../../../src/app/conversation/ports.js';
import { idleGpuReport } from '../../../src/app/gpu/idle-gpu-report.js';
import { ACTION_VERB } from '../../../src/chat/teams/card-elements.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { sampleDeps } from '../../app/gpu/gpu-test-deps.js';
import { startTeamsBot, testConfig, type TeamsBot } from './test-helpers.js';

const CLICKER = '6a1f5c2e-3b4d-4e8f-9a0b-1c2d3e4f5a6b';
const gpu = sampleDeps('2026-11-26');
let bot: TeamsBot;
let store: Store;

describe('GPU questions and the jobs’ buttons on Teams (the real adapter, the fake connector)', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
    const services: ConversationServices = { config: testConfig(), store, notifiers: {}, gpu };
    bot = await startTeamsBot({ store, services });
  });
  afterAll(async () => {
    await bot.close();
    await store.close();
  });
  afterEach(() => {
    expect(bot.connector.unexpected).toEqual([]);
    bot.connector.reset();
  });

  it('answers `idle gpu last 7 days` with the idle report as a card', async () => {
    const res = await bot.post(bot.fixture('message-personal', { text: 'idle gpu last 7 days' }));
    expect(res.status).toBe(200);
    const expected = await idleGpuReport(gpu, { range: { start: Date.parse('2026-11-19T00:00:00Z'), end: Date.parse('2026-11-26T00:00:00Z') }, dates: { start: '2026-11-19', end: '2026-11-26' }, by: 'resource' });
    const card = JSON.stringify(bot.connector.cards()[0]);
    expect(card).toContain(expected.notice.text);
    expect(card).toContain('vision-sandbox-p4d');
  });

  it('snoozes a scope for the clicker the token names (Action.Execute), telling only the clicker', async () => {
    const invoke = bot.fixture('invoke-action-execute');
    invoke.value.action = { type: 'Action.Execute', title: 'Snooze 24 h', verb: ACTION_VERB, data: { verb: 'snooze', id: 'team=nlp' } };
    const res = await bot.post(invoke);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, value: expect.stringMatching(/^Alerts about team=nlp are snoozed until 2026-11-27 12:00 UTC/) });
    expect(bot.connector.messages()).toEqual([]);
    expect(await store.activeSnooze('team=nlp', new Date('2026-11-26T12:00:00Z'))).toMatchObject({ by: CLICKER, kind: 'snooze' });
  });

  it('answers `unsnooze team=nlp` typed in a chat', async () => {
    await bot.post(bot.fixture('message-personal', { text: 'unsnooze team=nlp' }));
    expect(JSON.stringify(bot.connector.cards()[0])).toContain('Alerts about team=nlp are on again.');
    expect(await store.activeSnooze('team=nlp', new Date('2026-11-26T12:00:00Z'))).toBeNull();
  });
});
