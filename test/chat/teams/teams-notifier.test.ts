import { afterAll, beforeAll, afterEach, describe, expect, it } from 'vitest';
import type { Notifier } from '../../../src/app/conversation/types.js';
import { openStore, type Store } from '../../../src/store/index.js';
import type { WireJson } from '../../fakes/teams-connector.js';
import { digestNotice, stubCharts, threadNotice, updatedNotice } from '../../helpers/notices.js';
import { cardTexts, NLP_CHANNEL, startTeamsBot, type TeamsBot } from './test-helpers.js';

const PERSONAL = 'a:1Hq3Vt9sW2XyZ5bC7dE0fGhJkLmN4pQrStUvWxYz8AbCdEfGh';
const ADA = '6a1f5c2e-3b4d-4e8f-9a0b-1c2d3e4f5a6b';

const texts = cardTexts;
const cardOf = (activity: WireJson): WireJson => activity.attachments[0].content as WireJson;

let store: Store;
let bot: TeamsBot;
let notifier: Notifier;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
  bot = await startTeamsBot({ store, charts: stubCharts() });
  notifier = bot.mount!.notifier;
  // The bot learns where to post: added to the nlp team's channel, and a personal message from Ada.
  await bot.post(bot.fixture('conversation-update-bot-added'));
  await bot.post(bot.fixture('message-personal', { text: 'help' }));
});
afterAll(async () => {
  await bot.close();
  await store.close();
});
afterEach(() => {
  expect(bot.connector.unexpected).toEqual([]);
  bot.connector.reset();
});

describe('the Teams Notifier (real adapter, fake connector, stored conversation references)', () => {
  it('posts a notice to a channel as a new proactive message: an Adaptive Card with facts, table, the chart embedded and buttons', async () => {
    bot.connector.reset();
    const ref = await notifier.post(NLP_CHANNEL, digestNotice());

    const [call] = bot.connector.messages();
    expect(call).toMatchObject({ kind: 'send', conversationId: NLP_CHANNEL });
    expect(ref).toEqual({ platform: 'teams', channel: NLP_CHANNEL, id: call!.id });
    const card = cardOf(call!.activity);
    expect(texts(card)[0]).toBe('Daily digest · nlp · 2026-11-25');
    for (const shown of ['Month to date', '81,002.10 USD of 100,000.00 USD', 'sdxl', '1,220.55 USD', '• 3.1% of this cost has no model.']) expect(texts(card)).toContain(shown);
    expect(JSON.stringify(card)).not.toContain('"TextBlock"');
    expect(card.body).toContainEqual(expect.objectContaining({ type: 'Image', url: expect.stringMatching(/^data:image\/png;base64,/), altText: 'Bar chart of yesterday by model' }));
    expect(card.actions).toEqual([
      { type: 'Action.Execute', title: 'By model', verb: 'finops.action', data: { verb: 'ask', id: 'team=nlp by model 2026-11-25' } },
      { type: 'Action.Execute', title: 'Snooze 24 h', verb: 'finops.action', data: { verb: 'snooze', id: 'team=nlp' } },
    ]);
  });

  it('updates the posted message (updateActivity)', async () => {
    const ref = await notifier.post(NLP_CHANNEL, digestNotice());
    bot.connector.reset();
    await notifier.update(ref, updatedNotice());

    const [call] = bot.connector.calls;
    expect(call).toMatchObject({ kind: 'update', conversationId: NLP_CHANNEL, activityId: ref.id });
    expect(texts(cardOf(call!.activity))[0]).toBe('Daily digest · nlp · 2026-11-25 (corrected)');
  });

  it("replies in a channel message's thread", async () => {
    const ref = await notifier.post(NLP_CHANNEL, digestNotice());
    bot.connector.reset();
    const reply = await notifier.reply(ref, threadNotice());

    const [call] = bot.connector.messages();
    expect(call).toMatchObject({ kind: 'send', conversationId: `${NLP_CHANNEL};messageid=${ref.id}` });
    expect(texts(cardOf(call!.activity))[0]).toBe('Why the spike');
    expect(reply).toEqual({ platform: 'teams', channel: NLP_CHANNEL, id: call!.id });
  });

  it('writes to a user directly in their personal chat, once they wrote to the bot (by Entra object id, any case)', async () => {
    const ref = await notifier.direct(ADA.toUpperCase(), threadNotice());

    const [call] = bot.connector.messages();
    expect(call).toMatchObject({ kind: 'send', conversationId: PERSONAL });
    expect(ref).toEqual({ platform: 'teams', channel: PERSONAL, id: call!.id });
    // A reply in a personal chat (no threads there) answers the message.
    await notifier.reply(ref, threadNotice());
    expect(bot.connector.messages()[1]).toMatchObject({ kind: 'reply', conversationId: PERSONAL, activityId: ref.id });
  });

  it('says how to fix a post to a conversation or a user it has never seen', async () => {
    await expect(notifier.post('19:never@thread.tacv2', digestNotice())).rejects.toThrow(/add the bot to that team or chat/);
    await expect(notifier.direct('00000000-0000-0000-0000-000000000000', digestNotice())).rejects.toThrow(/must send the bot one message/);
  });

  it('cannot tell whether a message was posted: findPosted is unknown (the ledger reports it uncertain)', async () => {
    expect(await notifier.findPosted(NLP_CHANNEL, 'digest:nlp:2026-11-25', new Date(0))).toBe('unknown');
  });

  it('sends the card again without its embedded chart when Teams refuses it as too large', async () => {
    bot.connector.failNext(413, 1);
    await notifier.post(NLP_CHANNEL, digestNotice());

    const [call] = bot.connector.messages();
    const card = cardOf(call!.activity);
    expect(card.body.some((e: WireJson) => e.type === 'Image')).toBe(false);
    expect(texts(card)).toContain('• The chart is left out: Teams refused the message with the image embedded. Set FINOPS_PUBLIC_URL so Teams loads charts from the bot.');
  });
});
