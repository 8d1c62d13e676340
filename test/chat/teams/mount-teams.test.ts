import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readEnvironment } from '../../../src/config/index.js';
import { openStore, type Store } from '../../../src/store/index.js';
import type { WireJson } from '../../fakes/teams-connector.js';
import { ACTION_VERB, FOLLOW_UP_VERB } from '../../../src/chat/teams/card-elements.js';
import { mountTeams } from '../../../src/chat/teams/mount-teams.js';
import { captureLogger, manyTeamsRecords, NLP_CHANNEL, NOW, startTeamsBot, testConfig, testEngine, type TeamsBot } from './test-helpers.js';

const PERSONAL = 'a:1Hq3Vt9sW2XyZ5bC7dE0fGhJkLmN4pQrStUvWxYz8AbCdEfGh';

/** The texts of every TextRun in a card, in order. */
function texts(card: WireJson): string[] {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === 'TextRun' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

// One in-memory database for the file: starting PGlite takes seconds.
let store: Store;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
});
afterAll(async () => {
  await store.close();
});

describe('Teams over HTTP (emulator mode, fake connector)', () => {
  let bot: TeamsBot;
  beforeAll(async () => {
    bot = await startTeamsBot({ store });
  });
  afterAll(async () => {
    await bot.close();
  });
  afterEach(() => {
    expect(bot.connector.unexpected).toEqual([]);
    bot.connector.reset();
  });

  it('answers a message with an Adaptive Card whose total is the engine\'s', async () => {
    const expected = await bot.engine.ask('by team last week', NOW);
    if (!expected.ok) throw new Error(expected.message);

    const res = await bot.post(bot.fixture('message-personal'));

    expect(res.status).toBe(200);
    const [reply] = bot.connector.messages();
    expect(reply).toBeDefined();
    expect(reply!.kind).toBe('reply');
    expect(reply!.conversationId).toBe(PERSONAL);
    expect(reply!.activityId).toBe('1764158403441');
    const card = bot.connector.cards()[0]!;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    const shown = texts(card);
    expect(shown).toContain(`${expected.answer.total.toLocaleString('en-US', { minimumFractionDigits: 2 })} USD`);
    expect(shown).toContain('Cost by team');
    expect(shown.some((t) => t.startsWith('2026-11-16 → 2026-11-22 (7 days)'))).toBe(true);
    for (const row of expected.answer.rows) expect(shown).toContain(row.key.team);
    const actions = card.actions as { type: string; verb: string; data: { verb: string; id: string }; title: string }[];
    expect(actions.map((a) => a.title)).toEqual(['By model', 'By workload', 'Daily trend', 'Compare with previous period']);
    expect(actions.every((a) => a.type === 'Action.Execute' && a.verb === ACTION_VERB && a.data.verb === 'ask')).toBe(true);
    expect(bot.connector.typing()).toEqual([]);
  });

  it('answers an @mention in a channel with the mention removed, in the thread', async () => {
    const expected = await bot.engine.ask('by team last week', NOW);
    if (!expected.ok) throw new Error(expected.message);

    const res = await bot.post(bot.fixture('message-channel-mention'));

    expect(res.status).toBe(200);
    const [reply] = bot.connector.messages();
    expect(reply!.conversationId).toBe(`${NLP_CHANNEL};messageid=1764158711019`);
    const shown = texts(bot.connector.cards()[0]!);
    expect(shown).toContain(`${expected.answer.total.toLocaleString('en-US', { minimumFractionDigits: 2 })} USD`);
    // No "FinOps" word left over to become an "unused word" note.
    expect(shown.join(' ')).not.toMatch(/finops/i);
    // In a channel the answer can be shared with everyone.
    expect((bot.connector.cards()[0]!.actions as { title: string }[]).map((a) => a.title)).toContain('Share in channel');
  });

  it('keeps a huge answer under the 28 KB message limit at the connector, saying rows were cut', async () => {
    const big = await testEngine(manyTeamsRecords(3000), testConfig(), captureLogger().logger);
    const original = bot.engine.ask;
    bot.engine.ask = (text, now) => big.ask(text, now);
    try {
      await bot.post(bot.fixture('message-personal'));
    } finally {
      bot.engine.ask = original;
    }
    const [reply] = bot.connector.messages();
    expect(Buffer.byteLength(JSON.stringify(reply!.activity))).toBeLessThan(28 * 1024);
    const shown = texts(bot.connector.cards()[0]!);
    expect(shown.some((t) => /^• Showing the \d+ largest of 3,000 rows/.test(t))).toBe(true);
    expect(shown.some((t) => /^… [\d,]+ more$/.test(t))).toBe(true);
  });

  it('answers help with the help card and its examples as buttons', async () => {
    await bot.post(bot.fixture('message-personal', { text: 'help' }));

    const card = bot.connector.cards()[0]!;
    expect(texts(card)[0]).toBe('Ask me about cloud cost');
    expect(texts(card)).toContain('• by team last week');
    expect((card.actions as { data: { id: string } }[]).map((a) => a.data.id)).toContain('by team last week');
  });

  it('answers a bare mention (no question) with help, not silence', async () => {
    await bot.post(bot.fixture('message-channel-mention', { text: '<at>FinOps</at>' }));
    expect(texts(bot.connector.cards()[0]!)[0]).toBe('Ask me about cloud cost');
  });

  it('answers a rejected query with what was wrong, how to fix it and examples', async () => {
    await bot.post(bot.fixture('message-personal', { text: 'modle=llama-70b last week' }));

    const card = bot.connector.cards()[0]!;
    const shown = texts(card);
    expect(shown[0]).toBe('I could not answer that');
    expect(shown.join('\n')).toMatch(/unknown key modle — did you mean model\?/);
    expect(shown).toContain('You asked: modle=llama-70b last week');
    expect((card.actions as unknown[]).length).toBeGreaterThan(0);
  });

  it('answers an engine failure with a failure card and logs it with the same reference', async () => {
    const original = bot.engine.ask.bind(bot.engine);
    bot.engine.ask = async () => {
      throw new Error('disk on fire');
    };
    try {
      await bot.post(bot.fixture('message-personal'));
    } finally {
      bot.engine.ask = original;
    }
    const shown = texts(bot.connector.cards()[0]!);
    expect(shown[0]).toBe('Something went wrong on our side');
    const logged = bot.logs().find((l) => l.msg === 'answering a Teams question failed');
    expect(logged?.err?.message).toBe('disk on fire');
    expect(shown).toContain(logged!.reference);
  });

  it('answers an Action.Execute follow-up with invokeResponse 200 and the drill-down card', async () => {
    await bot.post(bot.fixture('message-personal'));
    const first = bot.connector.cards()[0]!;
    const byModel = (first.actions as { title: string; data: { id: string }; verb: string }[]).find((a) => a.title === 'By model')!;
    bot.connector.reset();
    const expected = await bot.engine.ask(byModel.data.id, NOW);
    if (!expected.ok) throw new Error(expected.message);

    const invoke = bot.fixture('invoke-action-execute');
    invoke.value.action = { type: 'Action.Execute', title: byModel.title, verb: byModel.verb, data: byModel.data };
    const res = await bot.post(invoke);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const card = res.body.value as WireJson;
    expect(texts(card)[0]).toBe('Cost by model');
    expect(texts(card)).toContain(`${expected.answer.total.toLocaleString('en-US', { minimumFractionDigits: 2 })} USD`);
    for (const row of expected.answer.rows) expect(texts(card)).toContain(row.key.model);
    // The card replaces the clicked one for the clicker: nothing is posted to the conversation.
    expect(bot.connector.messages()).toEqual([]);
  });

  it('shares an answer from the Share button in a channel: a new message for everyone, and the clicked card shows it', async () => {
    const mention = bot.fixture('message-channel-mention');
    await bot.post(mention);
    const share = (bot.connector.cards()[0]!.actions as { title: string; verb: string; data: { verb: string; id: string } }[]).find((a) => a.title === 'Share in channel')!;
    expect(share.data.verb).toBe('share');
    bot.connector.reset();

    const invoke = bot.fixture('invoke-action-execute', { conversation: mention.conversation, channelData: mention.channelData });
    invoke.value.action = { type: 'Action.Execute', title: share.title, verb: share.verb, data: share.data };
    const res = await bot.post(invoke);

    expect(res.status).toBe(200);
    const [posted] = bot.connector.messages();
    expect(posted!.conversationId).toBe(mention.conversation.id);
    const sharedCard = bot.connector.cards()[0]!;
    expect(texts(sharedCard)[0]).toBe('Cost by team');
    expect((sharedCard.actions as { title: string }[]).map((a) => a.title)).not.toContain('Share in channel');
    expect(res.body.value).toEqual(sharedCard);
  });

  it('tells only the clicker, as a message, when a button has no use case (a verb of another version; the typed input comes along)', async () => {
    const invoke = bot.fixture('invoke-action-execute');
    invoke.value.action = { type: 'Action.Execute', title: 'Send', verb: ACTION_VERB, data: { verb: 'approve', id: '42', input: 'over budget' } };
    const res = await bot.post(invoke);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining('does nothing in this version') });
    expect(bot.connector.messages()).toEqual([]);
  });

  it('answers the recorded Action.Execute invoke (its query text as Teams sends it)', async () => {
    const res = await bot.post(bot.fixture('invoke-action-execute'));
    expect(res.status).toBe(200);
    expect(texts(res.body.value)[0]).toBe('Cost by model');
  });

  it('answers an Action.Execute without a query with a card, not an error', async () => {
    const invoke = bot.fixture('invoke-action-execute');
    invoke.value.action.data = { verb: FOLLOW_UP_VERB, text: { $where: 'evil' } };
    const res = await bot.post(invoke);
    expect(res.status).toBe(200);
    expect(texts(res.body.value)[0]).toBe('I could not answer that');
  });

  it('routes an Action.Submit fallback (no text, value.verb) to the follow-up, not the message catch-all', async () => {
    await bot.post(bot.fixture('message-action-submit'));
    const shown = texts(bot.connector.cards()[0]!);
    expect(shown[0]).toBe('Cost by team');
    expect(shown.some((t) => t.startsWith('2026-11-16 → 2026-11-22'))).toBe(true);
  });

  it('stores the conversation reference of every message, channel ids without the thread, with the owning team', async () => {
    await bot.post(bot.fixture('message-personal'));
    await bot.post(bot.fixture('message-channel-mention'));

    const personal = await bot.store.getConversationRef('teams', PERSONAL);
    expect(personal).toMatchObject({ platform: 'teams', conversationId: PERSONAL, team: null });
    expect(personal!.reference).toMatchObject({ channelId: 'msteams', serviceUrl: bot.connector.serviceUrl, conversation: { id: PERSONAL, conversationType: 'personal' }, bot: { id: '28:00000000-0000-0000-0000-00000000b07e' } });
    expect(personal!.reference).not.toHaveProperty('activityId');
    const channel = await bot.store.getConversationRef('teams', NLP_CHANNEL);
    expect(channel).toMatchObject({ conversationId: NLP_CHANNEL, team: 'nlp', reference: { conversation: { id: NLP_CHANNEL } } });
  });

  it('stores the reference and greets when the bot is added to a team', async () => {
    const res = await bot.post(bot.fixture('conversation-update-bot-added'));
    expect(res.status).toBe(200);
    expect(await bot.store.getConversationRef('teams', NLP_CHANNEL)).toMatchObject({ team: 'nlp' });
    expect(texts(bot.connector.cards()[0]!)[0]).toBe('Ask me about cloud cost');
  });

  it('posts proactively to a stored conversation as a new message', async () => {
    await bot.post(bot.fixture('conversation-update-bot-added'));
    bot.connector.reset();
    const card = { type: 'AdaptiveCard' as const, $schema: 'x', version: '1.5' as const, body: [{ type: 'TextBlock', text: 'Daily digest' }] };

    const sent = await bot.mount!.sendProactive(NLP_CHANNEL, card);

    const [call] = bot.connector.messages();
    expect(call).toMatchObject({ kind: 'send', conversationId: NLP_CHANNEL });
    expect(call!.activity.attachments[0].content.body[0].text).toBe('Daily digest');
    expect(sent).toEqual({ conversationId: NLP_CHANNEL, activityId: call!.id });
  });

  it('refuses a proactive post to a conversation it has never seen, saying how to fix it', async () => {
    const card = { type: 'AdaptiveCard' as const, $schema: 'x', version: '1.5' as const, body: [] };
    await expect(bot.mount!.sendProactive('19:never@thread.tacv2', card)).rejects.toThrow(/add the bot to that team or chat/);
  });

  it('rejects a body that is not JSON with 400', async () => {
    const res = await fetch(`${bot.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type": "message",' });
    expect(res.status).toBe(400);
    expect(bot.connector.calls).toEqual([]);
  });

  it('logs (and survives) a connector that refuses the reply and the failure card', async () => {
    // 413 is what Teams answers to a message over its size limit; unlike a 5xx it is not retried.
    bot.connector.failNext(413, 2);
    const res = await bot.post(bot.fixture('message-personal'));
    expect(res.status).toBe(200);
    const failed = bot.logs().find((l) => l.msg === 'Teams turn failed');
    expect(failed?.err?.message).toBeDefined();
    expect(bot.logs().find((l) => l.msg === 'could not tell the user about the failed turn')?.reference).toBe(failed!.reference);
    bot.connector.reset();
    // The bot still answers the next message.
    await bot.post(bot.fixture('message-personal'));
    expect(bot.connector.cards()).toHaveLength(1);
  });

  it('sends typing while a slow answer is being computed, then the answer', async () => {
    const original = bot.engine.ask.bind(bot.engine);
    bot.engine.ask = async (text, now) => {
      await new Promise((r) => setTimeout(r, 1300));
      return original(text, now);
    };
    try {
      await bot.post(bot.fixture('message-personal'));
    } finally {
      bot.engine.ask = original;
    }
    expect(bot.connector.typing().length).toBeGreaterThanOrEqual(1);
    expect(bot.connector.calls.at(-1)!.activity.type).toBe('message');
  });
});

describe('Teams with Bot Framework authentication', () => {
  it('refuses a request without an Authorization token with 401 and never answers', async () => {
    const bot = await startTeamsBot({ store, env: { MICROSOFT_APP_ID: '00000000-0000-0000-0000-00000000b07e', MICROSOFT_APP_PASSWORD: 'not-a-real-secret' } });
    try {
      expect(bot.mount?.authenticated).toBe(true);
      const activity = bot.fixture('message-personal', { conversation: { conversationType: 'personal', id: 'a:unauthenticated' } });
      const res = await bot.post(activity);
      expect(res.status).toBe(401);
      const forged = await bot.post(activity, { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' });
      expect(forged.status).toBe(401);
      expect(bot.connector.calls).toEqual([]);
      expect(await bot.store.getConversationRef('teams', 'a:unauthenticated')).toBeNull();
    } finally {
      await bot.close();
    }
  });
});

describe('mountTeams configuration', () => {
  const deps = async (vars: Record<string, string>) => {
    const { logger, lines } = captureLogger();
    const config = testConfig();
    const engine = await testEngine([], config, logger);
    return { lines, deps: { asker: engine, logger, clock: () => NOW, config, env: readEnvironment(vars), store: {} as never } };
  };

  it('mounts nothing when Teams is not configured', async () => {
    const { deps: d } = await deps({});
    const app = express();
    expect(mountTeams(app, d)).toBeNull();
  });

  it('warns that authentication is off in emulator mode', async () => {
    const { deps: d, lines } = await deps({ FINOPS_TEAMS_EMULATOR: '1' });
    const mounted = mountTeams(express(), d);
    expect(mounted?.authenticated).toBe(false);
    const warning = lines().find((l) => l.level === 40);
    expect(warning?.msg).toMatch(/^WARNING: Teams emulator mode .*authentication is OFF/);
  });

  it('refuses FINOPS_TEAMS_EMULATOR=1 beside MICROSOFT_APP_ID: authentication is never turned off for a registered bot', async () => {
    const { deps: d } = await deps({ MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TENANT_ID: 'tenant' });
    const mounted = mountTeams(express(), d);
    expect(mounted).toMatchObject({ authenticated: true, appId: 'id' });
    expect(() => readEnvironment({ FINOPS_TEAMS_EMULATOR: '1', MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw' })).toThrow(/FINOPS_TEAMS_EMULATOR/);
    expect(() => mountTeams(express(), { ...d, env: { ...d.env, teams: { ...d.env.teams, emulator: true } } })).toThrow(/cannot be used with MICROSOFT_APP_ID/);
  });
});
