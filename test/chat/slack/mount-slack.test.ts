import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { money } from '../../../src/render/describe-answer.js';
import { BOT_TOKEN, fixture, NOW, SIGNING_SECRET, startHarness, type Harness } from './test-helpers.js';
import type { SlackBlock } from '../../../src/chat/slack/types.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  // The test client shares the bot's event loop: warm the engine (parser, known values)
  // so the first ack is not measured behind its one-off start-up work.
  await h.engine.ask('by team last week', NOW);
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => h.fake.reset());

const responseFor = async (id: string) => {
  await h.fake.waitFor(() => h.fake.responses.some((r) => id.endsWith(`/response/${r.id}`)));
  return h.fake.responses.find((r) => id.endsWith(`/response/${r.id}`))!.body as { response_type?: string; replace_original?: boolean; text: string; blocks: SlackBlock[] };
};
const totalOf = async (query: string) => {
  const r = await h.engine.ask(query, NOW);
  if (!r.ok) throw new Error(r.message);
  return r.answer;
};
const actionsOf = (blocks: SlackBlock[]) => (blocks.find((b) => b.type === 'actions')?.elements ?? []) as SlackBlock[];

describe('Slack over HTTP (real Bolt, signed requests, fake Web API)', () => {
  it('answers /cost by team last week: a quick ack, then the answer at the response_url with the engine total', async () => {
    const res = await h.command('by team last week');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Working on it') });

    const body = await responseFor(res.responseUrl);
    const answer = await totalOf('by team last week');
    expect(body.response_type).toBe('ephemeral');
    expect(body.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Cost by team · 2026-11-16 → 2026-11-22 (7 days) · effective cost' } });
    expect((body.blocks[1]!.text as { text: string }).text).toContain(`*Total ${money(answer.total, 'USD')}*`);
    for (const row of answer.rows) expect(JSON.stringify(body.blocks)).toContain(money(row.cost, 'USD'));
  });

  it('rejects a forged signature with 401 and answers nothing', async () => {
    const body = new URLSearchParams({ ...fixture<Record<string, string>>('slash-command.json'), response_url: h.fake.responseUrl('forged') }).toString();
    const forged = await h.post(body, { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.responses).toEqual([]);
  });

  it('rejects a timestamp older than five minutes with 401', async () => {
    const body = new URLSearchParams({ ...fixture<Record<string, string>>('slash-command.json'), response_url: h.fake.responseUrl('old') }).toString();
    const old = await h.post(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(old.status).toBe(401);
  });

  it('answers the url_verification challenge', async () => {
    const payload = fixture('url-verification.json');
    const res = await h.event(payload);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: payload.challenge });
  });

  it.each(['help', '', '  HELP '])('answers /cost %j with help and examples in the acknowledgement itself', async (text) => {
    const res = await h.command(text);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as { response_type: string; blocks: SlackBlock[] };
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body.blocks)).toContain('`/cost by team last week`');
    await new Promise((r) => setTimeout(r, 100));
    expect(h.fake.responses).toEqual([]);
  });

  it('answers a rejected query with the fix and example queries, only to the asker', async () => {
    const res = await h.command('modle=x last week');
    expect(res.status).toBe(200);
    const body = await responseFor(res.responseUrl);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('did you mean model?');
    expect(JSON.stringify(body.blocks)).toContain('`/cost by team last week`');
  });

  it('answers a too-long question with how long it may be', async () => {
    const res = await h.command(`by team ${'x'.repeat(2100)}`);
    const body = await responseFor(res.responseUrl);
    expect(body.text).toMatch(/too long \(\d+ characters; at most 2000\)/);
  });

  it('tells the user when the engine fails, with a reference, and logs it', async () => {
    const spy = vi.spyOn(h.engine, 'ask').mockRejectedValueOnce(new Error('disk on fire'));
    try {
      const res = await h.command('by team last week');
      expect(res.status).toBe(200);
      const body = await responseFor(res.responseUrl);
      expect(body.response_type).toBe('ephemeral');
      expect(body.text).toMatch(/Something went wrong .* \(reference [0-9a-f]{8}\)/);
      expect(h.logs.join('\n')).toContain('disk on fire');
    } finally {
      spy.mockRestore();
    }
  });

  it('posts a `public` answer in the channel, saying who asked', async () => {
    const res = await h.command('public by team last week');
    const body = await responseFor(res.responseUrl);
    expect(body.response_type).toBe('in_channel');
    expect(JSON.stringify(body.blocks)).toContain('Shared by <@U0ALICE>');
    expect(actionsOf(body.blocks).map((b) => b.action_id)).not.toContain('finops:share:share');
  });

  it('runs every button of an answer and answers each with its own query', async () => {
    const first = await h.command('by team last week');
    const answer = await responseFor(first.responseUrl);
    const buttons = actionsOf(answer.blocks);
    expect(buttons.map((b) => b.action_id)).toEqual(['finops:ask:by-model', 'finops:ask:by-workload', 'finops:ask:trend', 'finops:ask:compare', 'finops:share:share']);
    for (const button of buttons) {
      const click = await h.click(button);
      expect(click.status).toBe(200);
      const body = await responseFor(click.responseUrl);
      const expected = await totalOf(button.value as string);
      expect((body.blocks[1]!.text as { text: string }).text).toContain(`*Total ${money(expected.total, 'USD')}*`);
      if (button.action_id === 'finops:share:share') {
        expect(body).toMatchObject({ response_type: 'in_channel', replace_original: false });
        expect(JSON.stringify(body.blocks)).toContain('Shared by <@U0ALICE>');
      } else {
        expect(body.replace_original).toBe(true);
      }
    }
    const headers = h.fake.responses.slice(1).map((r) => ((r.body.blocks as SlackBlock[])[0]!.text as { text: string }).text);
    expect(headers[0]).toMatch(/^Cost by model/);
    expect(headers[1]).toMatch(/^Cost by workload/);
    const trend = h.fake.responses[3]!.body.blocks as SlackBlock[];
    expect(JSON.stringify(trend)).toContain('2026-11-22');
    const compare = h.fake.responses[4]!.body.blocks as SlackBlock[];
    expect((compare[1]!.text as { text: string }).text).toMatch(/[▲▼] \d+\.\d% vs 2026-11-09 → 2026-11-15/);
  });

  it('answers a button of an answer posted before the conversation layer (finops_<follow-up>, query text as value)', async () => {
    const click = await h.click({ type: 'button', action_id: 'finops_by-model', text: { type: 'plain_text', text: 'By model' }, value: 'by model last week' });
    const body = await responseFor(click.responseUrl);
    expect(body.replace_original).toBe(true);
    expect((body.blocks[0]!.text as { text: string }).text).toMatch(/^Cost by model/);
  });

  it('tells the clicker privately when a button has no use case (a verb of another version)', async () => {
    const click = await h.click({ type: 'button', action_id: 'finops:approve:approve', text: { type: 'plain_text', text: 'Approve' }, value: '42' });
    const body = await responseFor(click.responseUrl);
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(body.text).toContain('does nothing in this version');
  });

  it('asks for a text in a modal when a button needs one, and hands the click with the text to the action table', async () => {
    const value = JSON.stringify({ id: '42', label: 'Why deny?', placeholder: 'The reason', required: true });
    const click = await h.click({ type: 'button', action_id: 'finops-input:override.deny:deny', text: { type: 'plain_text', text: 'Deny' }, value });
    expect(click.status).toBe(200);
    await h.fake.waitFor(() => h.fake.callsTo('views.open').length === 1);
    const opened = h.fake.callsTo('views.open')[0]!.body as { trigger_id: string; view: { callback_id: string; private_metadata: string; blocks: { optional: boolean; label: { text: string } }[] } };
    expect(opened.trigger_id).toBe(fixture<{ trigger_id: string }>('block-actions.json').trigger_id);
    expect(opened.view).toMatchObject({ callback_id: 'finops:input', blocks: [{ optional: false, label: { text: 'Why deny?' } }] });
    expect(JSON.parse(opened.view.private_metadata)).toMatchObject({ verb: 'override.deny', id: '42', channelId: 'C0COSTS', responseUrl: click.responseUrl });
    expect(h.fake.responses).toEqual([]);

    const submission = {
      type: 'view_submission', team: { id: 'T0FAKE' }, user: { id: 'U0ALICE' }, api_app_id: 'A0FINOPS', trigger_id: '1.2.3',
      view: { id: 'V1', type: 'modal', callback_id: 'finops:input', private_metadata: opened.view.private_metadata, state: { values: { input: { value: { type: 'plain_text_input', value: 'over budget' } } } } },
    };
    const res = await h.post(new URLSearchParams({ payload: JSON.stringify(submission) }).toString());
    expect(res.status).toBe(200);
    // This harness has no budgets (no services): the clicker alone is told, through the click's response_url.
    const body = await responseFor(click.responseUrl);
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(body.text).toContain('Budgets are not available here');
  });

  it('answers a button on a message others see with a new answer only the clicker sees', async () => {
    const click = await h.click({ type: 'button', action_id: 'finops_by-model', text: { type: 'plain_text', text: 'By model' }, value: 'by model last week' }, { isEphemeral: false });
    const body = await responseFor(click.responseUrl);
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
  });

  it('answers an app_mention in its thread with chat.postMessage, the mention stripped', async () => {
    const payload = fixture('app-mention.json');
    const res = await h.event(payload);
    expect(res.status).toBe(200);
    await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').length === 1);
    const call = h.fake.callsTo('chat.postMessage')[0]!;
    const answer = await totalOf('how much did llama-70b cost last week?');
    expect(call.body).toMatchObject({ channel: 'C0COSTS', thread_ts: '1764158400.000200' });
    expect(call.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    const blocks = call.body.blocks as SlackBlock[];
    expect((blocks[1]!.text as { text: string }).text).toContain(`*Total ${money(answer.total, 'USD')}*`);
    expect(JSON.stringify(blocks)).toContain('model=llama-70b');
  });

  it('answers a direct message in the DM, and ignores messages from bots', async () => {
    const payload = fixture('message-im.json') as { event: Record<string, unknown> };
    await h.event(payload);
    await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').length === 1);
    expect(h.fake.callsTo('chat.postMessage')[0]!.body).toMatchObject({ channel: 'D0ALICE' });
    expect(h.fake.callsTo('chat.postMessage')[0]!.body.thread_ts).toBeUndefined();

    h.fake.reset();
    await h.event({ ...payload, event_id: 'Ev0FAKE0003', event: { ...payload.event, bot_id: 'B0OTHER', subtype: 'bot_message' } });
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it('gives the bot a Notifier that posts with the bot token', async () => {
    const ref = await h.mount.notifier.post('C0COSTS', { kind: 'digest', title: 'Daily digest', text: 'nlp spent 12.00 USD yesterday' });
    expect(h.fake.callsTo('chat.postMessage')[0]!.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(ref).toEqual({ platform: 'slack', channel: 'C0COSTS', id: h.fake.messages[0]!.ts });
  });

  it('keeps secrets out of the logs', () => {
    const all = h.logs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(SIGNING_SECRET);
  });
});
