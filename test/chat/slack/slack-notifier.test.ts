import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Notifier } from '../../../src/app/conversation/types.js';
import { parseConfig } from '../../../src/config/index.js';
import { slackNotifier } from '../../../src/chat/slack/slack-notifier.js';
import { validateBlocks } from '../../../src/chat/slack/validate-blocks.js';
import type { SlackBlock } from '../../../src/chat/slack/types.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api-server.js';
import { digestNotice, stubCharts, threadNotice, updatedNotice } from '../../helpers/notices.js';

const parsed = parseConfig({});
if (!parsed.ok) throw new Error('default config');

let fake: FakeSlackApi;
let notifier: Notifier;
beforeAll(async () => {
  fake = await startFakeSlackApi();
  const client = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  notifier = slackNotifier({ client, logger: pino({ level: 'silent' }), charts: stubCharts(), chartsConfig: parsed.config.charts });
});
afterAll(async () => fake.close());
beforeEach(() => fake.reset());

const blocksOf = (i: number) => fake.messages[i]!.blocks as SlackBlock[];

describe('the Slack Notifier (real WebClient, fake Web API)', () => {
  it('posts a notice: Block Kit within the limits, the plain-text fallback, the ledger key in message metadata, the chart uploaded privately', async () => {
    const ref = await notifier.post('C0NLP', digestNotice());

    expect(ref).toEqual({ platform: 'slack', channel: 'C0NLP', id: fake.messages[0]!.ts });
    const message = fake.messages[0]!;
    expect(message).toMatchObject({ channel: 'C0NLP', text: digestNotice().text, metadata: { event_type: 'finops_notice', event_payload: { key: 'digest:nlp:2026-11-25' } } });
    expect(validateBlocks(blocksOf(0))).toEqual([]);
    expect(blocksOf(0)[0]).toMatchObject({ type: 'header', text: { text: 'Daily digest · nlp · 2026-11-25' } });
    const json = JSON.stringify(blocksOf(0));
    for (const shown of ['Month to date', '81,002.10 USD of 100,000.00 USD', 'llama-70b', '1,220.55 USD', '3.1% of this cost has no model.']) expect(json).toContain(shown);
    expect(blocksOf(0).find((b) => b.type === 'image')).toMatchObject({ slack_file: { id: fake.uploads[0]!.fileId }, alt_text: 'Bar chart of yesterday by model' });
    expect(fake.callsTo('files.completeUploadExternal')[0]!.body).not.toHaveProperty('channel_id');
    const buttons = blocksOf(0).find((b) => b.type === 'actions')!.elements as SlackBlock[];
    expect(buttons.map((b) => [b.action_id, b.value])).toEqual([['finops:ask:by-model', 'team=nlp by model 2026-11-25'], ['finops:snooze:snooze', 'team=nlp']]);
  });

  it('updates the message in place, keeping its ledger key', async () => {
    const ref = await notifier.post('C0NLP', digestNotice());
    await notifier.update(ref, updatedNotice());

    expect(fake.callsTo('chat.update')[0]!.body).toMatchObject({ channel: 'C0NLP', ts: ref.id });
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]).toMatchObject({ text: updatedNotice().text, metadata: { event_payload: { key: 'digest:nlp:2026-11-25' } } });
    expect(blocksOf(0)[0]).toMatchObject({ text: { text: 'Daily digest · nlp · 2026-11-25 (corrected)' } });
  });

  it('replies in the message thread (thread_ts), without metadata when the notice has no key', async () => {
    const ref = await notifier.post('C0NLP', digestNotice());
    const reply = await notifier.reply(ref, threadNotice());

    expect(fake.messages[1]).toMatchObject({ channel: 'C0NLP', thread_ts: ref.id, text: threadNotice().text });
    expect(fake.messages[1]!.metadata).toBeUndefined();
    expect(reply).toEqual({ platform: 'slack', channel: 'C0NLP', id: fake.messages[1]!.ts });
  });

  it('writes to a user directly through conversations.open', async () => {
    const ref = await notifier.direct('U0ALICE', threadNotice());

    expect(fake.callsTo('conversations.open')[0]!.body).toMatchObject({ users: 'U0ALICE' });
    expect(ref).toMatchObject({ platform: 'slack', channel: 'D0ALICE' });
    expect(fake.messages[0]!.channel).toBe('D0ALICE');
  });

  it('finds a posted notice by its ledger key in the channel history since a time, and only then', async () => {
    const since = new Date(Date.now() - 60_000);
    await notifier.post('C0NLP', digestNotice({ key: 'digest:nlp:2026-11-24' }));
    const ref = await notifier.post('C0NLP', digestNotice());

    expect(await notifier.findPosted('C0NLP', 'digest:nlp:2026-11-25', since)).toEqual(ref);
    expect(fake.callsTo('conversations.history')[0]!.body).toMatchObject({ channel: 'C0NLP', include_all_metadata: 'true' });
    expect(await notifier.findPosted('C0NLP', 'digest:nlp:2026-11-23', since)).toBeNull();
    expect(await notifier.findPosted('C0OTHER', 'digest:nlp:2026-11-25', since)).toBeNull();
    expect(await notifier.findPosted('C0NLP', 'digest:nlp:2026-11-25', new Date(Date.now() + 60_000))).toBeNull();
  });

  it('posts without the chart, saying why, when the upload fails', async () => {
    fake.failNext('files.getUploadURLExternal', 'missing_scope');
    await notifier.post('C0NLP', digestNotice());

    expect(blocksOf(0).some((b) => b.type === 'image')).toBe(false);
    expect(JSON.stringify(blocksOf(0))).toContain('The chart could not be attached (missing_scope: give the app the files:write scope and reinstall it)');
  });

  it("fails with Slack's error when the post is refused, so the ledger does not record it", async () => {
    fake.failNext('chat.postMessage', 'channel_not_found');
    await expect(notifier.post('C0GONE', digestNotice({ chart: null }))).rejects.toThrow(/channel_not_found/);
  });
});
