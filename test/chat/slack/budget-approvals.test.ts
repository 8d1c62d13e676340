/**
 * `/budget` and the approval flow through the real Bolt app: signed slash commands and
 * button clicks (and a forged one), the fake Web API, a real store (PGlite), the access
 * policy of the test organisation. Who decides is the signed request's user id, nothing else.
 */
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationServices } from '../../../src/app/conversation/ports.js';
import { conversationServices } from '../../../src/bot/conversation-services.js';
import { openStore, type Store } from '../../../src/store/index.js';
import type { SlackBlock } from '../../../src/chat/slack/types.js';
import { CHANNELS, PEOPLE, USERGROUPS, teamsConfig } from '../../helpers/teams-config.js';
import { buildTestEngine, fixture, sign, SIGNING_SECRET, startHarness, type Harness } from './test-helpers.js';

let h: Harness;
let store: Store;
let services: ConversationServices;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
  const engine = await buildTestEngine(pino({ level: 'silent' }));
  h = await startHarness({
    engine,
    store,
    usergroups: USERGROUPS,
    services: (mount) => (services = conversationServices({ config: teamsConfig(), engine, store, notifiers: {}, groups: () => mount().groups, console: { admin: false }, logger: pino({ level: 'silent' }) })),
  });
}, 60_000);
afterAll(async () => {
  if (process.env.DEBUG_LOGS) console.log(h.logs.filter((l) => /"level":(40|50)/.test(l)).join('\n'));
  await h?.close();
  await store?.close();
});
beforeEach(() => h.fake.reset());

type Body = { response_type?: string; replace_original?: boolean; text: string; blocks: SlackBlock[] };
const responseFor = async (url: string): Promise<Body> => {
  await h.fake.waitFor(() => h.fake.responses.some((r) => url.endsWith(`/response/${r.id}`)));
  return h.fake.responses.find((r) => url.endsWith(`/response/${r.id}`))!.body as Body;
};
const audit = async () => (await store.listAuditPage({})).map((e) => ({ actor: e.actor, platform: e.platform, action: e.action, detail: e.detail as Record<string, unknown> }));

/** `/budget <text>` typed by `user` in `channel`, signed like Slack signs it. */
async function budget(text: string, user: string, channel: string = CHANNELS.nlp): Promise<Body> {
  const res = await h.command(text, { command: '/budget', user_id: user, channel_id: channel, channel_name: 'nlp-costs' });
  expect(res.status).toBe(200);
  return responseFor(res.responseUrl);
}

/** Files a request as a member of nlp; returns its id and the message posted to nlp's channel. */
async function fileRequest(reason = 'Q4 training run'): Promise<{ id: string; ts: string; approve: SlackBlock; deny: SlackBlock }> {
  const body = await budget(`request nlp-monthly +5000 reason="${reason}"`, PEOPLE.nlpMember);
  const id = /Override request #(\d+) sent/.exec(JSON.stringify(body.blocks))?.[1];
  if (!id) throw new Error(`no request id in ${JSON.stringify(body)}`);
  const posted = h.fake.messages.find((m) => m.channel === CHANNELS.nlp && JSON.stringify(m.blocks).includes(`#${id}`));
  if (!posted) throw new Error('the request was not posted to nlp’s channel');
  const buttons = ((posted.blocks as SlackBlock[]).find((b) => b.type === 'actions')?.elements ?? []) as SlackBlock[];
  const approve = buttons.find((b) => String(b.action_id).includes('override.approve'))!;
  const deny = buttons.find((b) => String(b.action_id).includes('override.deny'))!;
  return { id, ts: posted.ts, approve, deny };
}

/** A signed block_actions payload: `user` clicks `button` on the message `ts` in nlp's channel. */
function clickBody(button: SlackBlock, user: string, ts: string, responseUrl: string): string {
  const payload = fixture('block-actions.json') as Record<string, unknown>;
  payload.user = { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T0FAKE' };
  payload.response_url = responseUrl;
  payload.container = { type: 'message', message_ts: ts, channel_id: CHANNELS.nlp, is_ephemeral: false };
  payload.channel = { id: CHANNELS.nlp, name: 'nlp-costs' };
  payload.message = { type: 'message', ts, text: 'Override request' };
  payload.actions = [{ ...button, block_id: 'finops_actions', action_ts: '1764158460.123456' }];
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

let clicks = 0;
async function click(button: SlackBlock, user: string, ts: string): Promise<Body> {
  const responseUrl = h.fake.responseUrl(`click-${++clicks}`);
  const res = await h.post(clickBody(button, user, ts, responseUrl));
  expect(res.status).toBe(200);
  return responseFor(responseUrl);
}

describe('/budget and the approval flow in Slack (real Bolt, signed requests)', () => {
  it('answers /budget in nlp’s channel with nlp’s budget, privately', async () => {
    const body = await budget('', PEOPLE.nlpMember);
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body.blocks)).toContain('nlp-monthly');
    expect(JSON.stringify(body.blocks)).toContain('50,000.00 USD');
  });

  it('refuses /budget set from someone who is not an administrator, saying whom to ask, and audits it', async () => {
    const body = await budget('set vision-monthly team=vision 9000/month', PEOPLE.nlpMember);
    expect(body.text).toContain(`Only administrators can set budgets: ask ${PEOPLE.admin}`);
    expect((await audit()).at(-1)).toMatchObject({ actor: PEOPLE.nlpMember, platform: 'slack', action: 'budget.set.refused' });
  });

  it('posts a request to nlp’s channel and each approver with Approve and Deny buttons that carry only the verb and the request id', async () => {
    const { id, approve, deny } = await fileRequest();
    expect(approve).toMatchObject({ action_id: expect.stringMatching(/^finops:override\.approve:/), value: id });
    expect(deny.action_id).toMatch(/^finops-input:override\.deny:/);
    expect(JSON.parse(String(deny.value))).toMatchObject({ id, required: true });
    const dms = h.fake.callsTo('conversations.open').map((c) => c.body.users);
    expect(dms).toEqual(expect.arrayContaining([PEOPLE.nlpApprover, PEOPLE.nlpApprover2]));
    expect((await audit()).at(-1)).toMatchObject({ actor: PEOPLE.nlpMember, platform: 'slack', action: 'override.request', detail: { request: id, amount: '5000.00' } });
  });

  it('refuses a stranger, the requester and a tampered id (each told privately, each audited) and decides nothing', async () => {
    const { id, ts, approve } = await fileRequest();
    const updatesBefore = h.fake.callsTo('chat.update').length;

    const stranger = await click(approve, PEOPLE.stranger, ts);
    expect(stranger).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(stranger.text).toContain(`Only the approvers of nlp (${PEOPLE.nlpApprover}, ${PEOPLE.nlpApprover2}) can approve or deny request #${id}`);

    const own = await click(approve, PEOPLE.nlpMember, ts);
    expect(own.text).toContain(`You asked for override #${id} yourself`);

    const tampered = await click({ ...approve, value: '999999' }, PEOPLE.nlpApprover, ts);
    expect(tampered.text).toContain('There is no override request #999999');

    expect(h.fake.callsTo('chat.update')).toHaveLength(updatesBefore);
    expect((await store.getOverride(id))!.status).toBe('pending');
    expect((await audit()).slice(-3)).toEqual([
      expect.objectContaining({ actor: PEOPLE.stranger, action: 'override.refused', detail: expect.objectContaining({ reason: 'not-an-approver', request: id }) }),
      expect.objectContaining({ actor: PEOPLE.nlpMember, action: 'override.refused', detail: expect.objectContaining({ reason: 'own-request', request: id }) }),
      expect.objectContaining({ actor: PEOPLE.nlpApprover, action: 'override.refused', detail: expect.objectContaining({ reason: 'unknown-request', request: '999999' }) }),
    ]);
  });

  it('never hands a click with a forged signature to the handler: 401, nothing decided, nothing audited', async () => {
    const { id, ts, approve } = await fileRequest();
    const before = (await audit()).length;
    const responseUrl = h.fake.responseUrl('forged-click');
    const forged = await h.post(clickBody(approve, PEOPLE.nlpApprover, ts, responseUrl), { secret: 'not-the-signing-secret' });
    expect(forged.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.responses.filter((r) => responseUrl.endsWith(r.id))).toEqual([]);
    expect((await store.getOverride(id))!.status).toBe('pending');
    expect(await audit()).toHaveLength(before);
  });

  it('lets an approver approve: the message is updated for everyone, the requester told, the budget raised, audited; a replay of the same signed click decides nothing', async () => {
    const { id, ts, approve } = await fileRequest();
    const responseUrl = h.fake.responseUrl('approve');
    const body = clickBody(approve, PEOPLE.nlpApprover, ts, responseUrl);
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = sign(SIGNING_SECRET, timestamp, body);

    expect((await h.post(body, { timestamp, signature })).status).toBe(200);
    const told = await responseFor(responseUrl);
    expect(JSON.stringify(told)).toContain(`You approved request #${id}`);
    expect(told.text).toContain('it is now 55,000.00 USD for this period');
    await h.fake.waitFor(() => h.fake.callsTo('chat.update').some((c) => c.body.ts === ts));
    const updated = h.fake.callsTo('chat.update').find((c) => c.body.ts === ts)!.body;
    expect(updated.channel).toBe(CHANNELS.nlp);
    expect(JSON.stringify(updated.blocks)).toContain(`Approved: nlp-monthly +5,000.00 USD (#${id})`);
    expect(JSON.stringify(updated.blocks)).not.toContain('override.approve');
    // The copies in the approvers' direct messages are updated too, and the requester is told directly.
    await h.fake.waitFor(() => h.fake.callsTo('chat.update').length >= 3);
    expect(h.fake.callsTo('conversations.open').map((c) => c.body.users)).toContain(PEOPLE.nlpMember);
    expect((await store.getOverride(id))!).toMatchObject({ status: 'approved', decidedBy: PEOPLE.nlpApprover });
    expect((await audit()).at(-1)).toMatchObject({ actor: PEOPLE.nlpApprover, platform: 'slack', action: 'override.approve', detail: { request: id } });

    // The same signed request again (a replay within Slack's five minutes): answered once, nothing more happens.
    const before = (await audit()).length;
    expect((await h.post(body, { timestamp, signature })).status).toBeLessThan(500);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.responses.filter((r) => responseUrl.endsWith(r.id))).toHaveLength(1);
    expect(await audit()).toHaveLength(before);

    // A new click by the same approver (freshly signed): refused as already decided, audited.
    const second = await click(approve, PEOPLE.nlpApprover, ts);
    expect(second.text).toContain(`Request #${id} was already approved by ${PEOPLE.nlpApprover}`);
    expect((await audit()).at(-1)).toMatchObject({ action: 'override.refused', detail: { reason: 'already-decided' } });
    expect((await audit()).filter((e) => e.action === 'override.approve' && e.detail.request === id)).toHaveLength(1);
  });

  it('gives one decision when two approvers click at once; the other is told who decided', async () => {
    const { id, ts, approve } = await fileRequest();
    const [a, b] = await Promise.all([click(approve, PEOPLE.nlpApprover, ts), click(approve, PEOPLE.nlpApprover2, ts)]);
    const texts = [JSON.stringify(a), JSON.stringify(b)];
    expect(texts.filter((t) => t.includes(`You approved request #${id}`))).toHaveLength(1);
    expect(texts.filter((t) => t.includes(`Request #${id} was already approved by`))).toHaveLength(1);
    const decisions = (await audit()).filter((e) => e.action === 'override.approve' && e.detail.request === id);
    expect(decisions).toHaveLength(1);
  });

  it('asks for the reason to deny in a modal (views.open); the submission denies with it', async () => {
    const { id, ts, deny } = await fileRequest();
    const responseUrl = h.fake.responseUrl('deny');
    expect((await h.post(clickBody(deny, PEOPLE.nlpApprover2, ts, responseUrl))).status).toBe(200);
    await h.fake.waitFor(() => h.fake.callsTo('views.open').length === 1);
    const view = (h.fake.callsTo('views.open')[0]!.body as { view: { private_metadata: string } }).view;
    const submission = {
      type: 'view_submission', team: { id: 'T0FAKE' }, user: { id: PEOPLE.nlpApprover2 }, api_app_id: 'A0FINOPS', trigger_id: '1.2.3',
      view: { id: 'V1', type: 'modal', callback_id: 'finops:input', private_metadata: view.private_metadata, state: { values: { input: { value: { type: 'plain_text_input', value: 'not this quarter' } } } } },
    };
    expect((await h.post(new URLSearchParams({ payload: JSON.stringify(submission) }).toString())).status).toBe(200);
    const told = await responseFor(responseUrl);
    expect(JSON.stringify(told)).toContain(`You denied request #${id}`);
    expect((await store.getOverride(id))!).toMatchObject({ status: 'denied', decidedBy: PEOPLE.nlpApprover2, decisionReason: 'not this quarter' });
    expect((await audit()).at(-1)).toMatchObject({ actor: PEOPLE.nlpApprover2, action: 'override.deny', detail: { request: id, reason: 'not this quarter' } });
  });

  it('shows a member of nlp asking /cost by team last week only nlp', async () => {
    const res = await h.command('by team last week', { user_id: PEOPLE.nlpMember, channel_id: CHANNELS.nlp });
    const body = await responseFor(res.responseUrl);
    const text = JSON.stringify(body.blocks);
    expect(text).toContain('nlp');
    expect(text).toContain('Limited to what you may see: team=nlp.');
    expect(text).not.toMatch(/vision|speech|untagged/);
    // An administrator sees every team.
    const admin = await responseFor((await h.command('by team last week', { user_id: PEOPLE.admin })).responseUrl);
    expect(JSON.stringify(admin.blocks)).toMatch(/vision/);
  });

  it('limits a member of a Slack user group (usergroups.users.list) the same way', async () => {
    const res = await h.command('by team last week', { user_id: PEOPLE.nlpGroupMember, channel_id: CHANNELS.nlp });
    const text = JSON.stringify((await responseFor(res.responseUrl)).blocks);
    expect(text).toContain('Limited to what you may see: team=nlp.');
    expect(text).not.toMatch(/vision|speech/);
    expect(h.fake.callsTo('usergroups.users.list').map((c) => c.body.usergroup)).toContain('S0NLPGRP1');
  });

  it('posts `public` only what the channel’s team may see: nlp’s figure in nlp’s channel, nothing in vision’s', async () => {
    const inNlp = await responseFor((await h.command('by team last week public', { user_id: PEOPLE.nlpMember, channel_id: CHANNELS.nlp })).responseUrl);
    expect(inNlp.response_type).toBe('in_channel');
    expect(JSON.stringify(inNlp.blocks)).not.toMatch(/vision|speech/);
    const inVision = await responseFor((await h.command('by team last week public', { user_id: PEOPLE.admin, channel_id: CHANNELS.vision })).responseUrl);
    expect(inVision.response_type).toBe('in_channel');
    expect(JSON.stringify(inVision.blocks)).toContain('Limited to what this channel may see: team=vision.');
    expect(JSON.stringify(inVision.blocks)).not.toMatch(/\bnlp\b|speech/);
    const refused = await responseFor((await h.command('by team last week public', { user_id: PEOPLE.nlpMember, channel_id: CHANNELS.vision })).responseUrl);
    expect(refused.response_type).toBe('ephemeral');
    expect(JSON.stringify(refused)).toContain('vision’s channel');
  });

  it('refuses a member of nlp asking about vision, saying whom to ask', async () => {
    const res = await h.command('team=vision last month', { user_id: PEOPLE.nlpMember, channel_id: CHANNELS.nlp });
    const text = JSON.stringify(await responseFor(res.responseUrl));
    expect(text).toContain('team=vision is outside it');
    expect(text).toContain(PEOPLE.visionApprover);
    expect(services.access).toBeDefined();
  });
});
