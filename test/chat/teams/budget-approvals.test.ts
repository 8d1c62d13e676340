/**
 * `budget …` and the approval flow through the real Teams adapter (teams-ai over
 * botbuilder's CloudAdapter) and the fake Bot Framework connector, on a real store
 * (PGlite). Who decides is the activity's `from.aadObjectId` — the platform's id in an
 * activity the adapter accepted — never a field of the button's data.
 */
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { conversationServices } from '../../../src/bot/conversation-services.js';
import { ACTION_VERB } from '../../../src/chat/teams/card-elements.js';
import { openStore, type Store } from '../../../src/store/index.js';
import type { WireJson } from '../../fakes/teams-connector.js';
import { PEOPLE, teamsConfig } from '../../helpers/teams-config.js';
import { cardTexts, startTeamsBot, type StartOptions, type TeamsBot } from './test-helpers.js';

let store: Store;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
});
afterAll(async () => {
  await store.close();
});

const withBudgets = (over: Partial<StartOptions> = {}): StartOptions => ({
  store,
  config: teamsConfig(),
  services: (engine, s) => conversationServices({ config: teamsConfig(), engine, store: s, notifiers: {}, groups: () => null, console: { admin: false }, logger: pino({ level: 'silent' }) }),
  ...over,
});

const person = (aadObjectId: string, name = 'Someone') => ({ id: `29:${aadObjectId.slice(0, 8)}`, name, aadObjectId });
const audit = async () => (await store.listAuditPage({})).map((e) => ({ actor: e.actor, platform: e.platform, action: e.action, detail: e.detail as Record<string, unknown> }));

describe('budget and approvals in Teams (real adapter, emulator mode, fake connector)', () => {
  let bot: TeamsBot;
  beforeAll(async () => {
    bot = await startTeamsBot(withBudgets());
  });
  afterAll(async () => {
    await bot.close();
  });
  afterEach(() => {
    expect(bot.connector.unexpected).toEqual([]);
    bot.connector.reset();
  });

  /** A message typed by `from` in a personal chat; returns the texts of the card the bot replied with. */
  async function say(text: string, from: ReturnType<typeof person>): Promise<string[]> {
    bot.connector.reset();
    const res = await bot.post(bot.fixture('message-personal', { text, from }));
    expect(res.status).toBe(200);
    // The reply to the message (a request may also have been posted proactively where the bot is known).
    const replies = bot.connector.calls.filter((c) => c.kind === 'reply').flatMap((c) => ((c.activity.attachments ?? []) as { content: WireJson }[]).map((a) => a.content));
    const card = replies.at(-1);
    if (!card) throw new Error(`no reply to ${text}`);
    return cardTexts(card);
  }

  /** Clicks Approve or Deny (Action.Execute) as `from`; returns the invoke response. */
  async function decide(verb: 'override.approve' | 'override.deny', id: string, from: ReturnType<typeof person>, input?: string) {
    const invoke = bot.fixture('invoke-action-execute', { from });
    invoke.value.action = { type: 'Action.Execute', title: verb === 'override.approve' ? 'Approve' : 'Send', verb: ACTION_VERB, data: { verb, id, ...(input ? { input } : {}) } };
    const res = await bot.post(invoke);
    expect(res.status).toBe(200);
    return res.body as { statusCode: number; type: string; value: unknown };
  }

  async function fileRequest(): Promise<string> {
    const texts = await say('budget request nlp-monthly +5000 reason="Q4 training run"', person(PEOPLE.nlpTeamsMember, 'Nadia'));
    const id = /Override request #(\d+) sent/.exec(texts.join(' '))?.[1];
    if (!id) throw new Error(`no request id in ${texts.join(' | ')}`);
    return id;
  }

  it('answers `budget` with the budgets, and files a request for a member of nlp (audited with the Entra object id)', async () => {
    const shown = await say('budget', person(PEOPLE.nlpTeamsMember));
    expect(shown.join(' ')).toContain('nlp-monthly');
    const id = await fileRequest();
    expect((await audit()).at(-1)).toMatchObject({ actor: PEOPLE.nlpTeamsMember, platform: 'teams', action: 'override.request', detail: { request: id } });
  });

  it('refuses Approve from someone who is not an approver and from the requester, audited, deciding nothing', async () => {
    const id = await fileRequest();
    const stranger = await decide('override.approve', id, person('99999999-9999-9999-9999-999999999999'));
    expect(stranger).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining(`Only the approvers of nlp (${PEOPLE.nlpTeamsApprover}) can approve or deny request #${id}`) });
    const own = await decide('override.approve', id, person(PEOPLE.nlpTeamsMember));
    expect(own.value).toContain(`You asked for override #${id} yourself`);
    // An approver's name in the button data changes nothing: only the activity's sender counts.
    const invoke = bot.fixture('invoke-action-execute', { from: person('99999999-9999-9999-9999-999999999999') });
    invoke.value.action = { type: 'Action.Execute', title: 'Approve', verb: ACTION_VERB, data: { verb: 'override.approve', id, userId: PEOPLE.nlpTeamsApprover, aadObjectId: PEOPLE.nlpTeamsApprover } };
    expect(((await bot.post(invoke)).body as { value: string }).value).toContain('Only the approvers of nlp');
    expect(bot.connector.calls.filter((c) => c.kind === 'update')).toEqual([]);
    expect((await store.getOverride(id))!.status).toBe('pending');
    expect((await audit()).slice(-3).map((e) => [e.actor, e.action, e.detail.reason])).toEqual([
      ['99999999-9999-9999-9999-999999999999', 'override.refused', 'not-an-approver'],
      [PEOPLE.nlpTeamsMember, 'override.refused', 'own-request'],
      ['99999999-9999-9999-9999-999999999999', 'override.refused', 'not-an-approver'],
    ]);
  });

  it('refuses a tampered request id', async () => {
    const res = await decide('override.approve', '12345678', person(PEOPLE.nlpTeamsApprover));
    expect(res.value).toContain('There is no override request #12345678');
    expect((await audit()).at(-1)).toMatchObject({ action: 'override.refused', detail: { reason: 'unknown-request' } });
  });

  it('lets the approver approve: the clicked card is updated (updateActivity), the decision audited; a second click is told who decided', async () => {
    const id = await fileRequest();
    bot.connector.reset();
    const approver = person(PEOPLE.nlpTeamsApprover, 'Aziz');
    const res = await decide('override.approve', id, approver);
    expect(res.value).toEqual(expect.stringContaining('it is now 55,000.00 USD for this period'));
    // The clicked card, and every copy the bot posted proactively, now say who approved (no buttons).
    const updates = bot.connector.calls.filter((c) => c.kind === 'update');
    expect(updates.map((u) => u.activityId)).toContain('1764158404120');
    for (const u of updates) {
      expect(JSON.stringify(u.activity)).toContain(`Approved: nlp-monthly +5,000.00 USD (#${id})`);
      expect(JSON.stringify(u.activity)).not.toContain('override.approve');
    }
    expect((await store.getOverride(id))!).toMatchObject({ status: 'approved', decidedBy: PEOPLE.nlpTeamsApprover });
    expect((await audit()).at(-1)).toMatchObject({ actor: PEOPLE.nlpTeamsApprover, platform: 'teams', action: 'override.approve', detail: { request: id } });

    const again = await decide('override.approve', id, approver);
    expect(again.value).toContain(`Request #${id} was already approved by ${PEOPLE.nlpTeamsApprover}`);
  });

  it('refuses a request filed more than 7 days ago as expired, expiring it (audited)', async () => {
    const stale = await store.createOverride({ budget: 'nlp-monthly', periodStart: '2026-11-01', amount: '10.00', until: null, reason: 'old', requestedBy: PEOPLE.nlpTeamsMember, requestedPlatform: 'teams' }, new Date(Date.parse('2026-11-18T11:00:00Z')));
    const res = await decide('override.approve', stale.id, person(PEOPLE.nlpTeamsApprover));
    expect(res.value).toContain(`Request #${stale.id} expired: nobody decided within 7 days`);
    expect((await store.getOverride(stale.id))!.status).toBe('expired');
    const trail = (await audit()).filter((e) => e.detail.request === stale.id).map((e) => [e.action, e.detail.reason ?? null]);
    expect(trail).toEqual([['override.expire', null], ['override.refused', 'expired']]);
  });

  it('denies with the reason typed into the card’s input; without one it asks for it', async () => {
    const id = await fileRequest();
    const approver = person(PEOPLE.nlpTeamsApprover);
    expect((await decide('override.deny', id, approver)).value).toContain(`Say why you deny request #${id}`);
    const res = await decide('override.deny', id, approver, 'not this quarter');
    expect(res.value).toContain(`You denied +5,000.00 USD on nlp-monthly`);
    expect((await store.getOverride(id))!).toMatchObject({ status: 'denied', decisionReason: 'not this quarter' });
  });

  it('shows a member of nlp asking `by team last week` only nlp', async () => {
    const texts = (await say('by team last week', person(PEOPLE.nlpTeamsMember))).join(' ');
    expect(texts).toContain('nlp');
    expect(texts).toContain('Limited to what you may see: team=nlp.');
    expect(texts).not.toMatch(/vision|speech|untagged/);
  });
});

describe('approvals in Teams with Bot Framework authentication', () => {
  it('never hands an Approve click without a valid token to the handler: 401, nothing decided, nothing audited', async () => {
    const bot = await startTeamsBot(withBudgets({ env: { MICROSOFT_APP_ID: '00000000-0000-0000-0000-00000000b07e', MICROSOFT_APP_PASSWORD: 'not-a-real-secret' } }));
    try {
      const request = await store.createOverride({ budget: 'nlp-monthly', periodStart: '2026-11-01', amount: '10', until: null, reason: 'r', requestedBy: PEOPLE.nlpTeamsMember, requestedPlatform: 'teams' }, new Date('2026-11-26T09:00:00Z'));
      const before = (await audit()).length;
      const invoke: WireJson = bot.fixture('invoke-action-execute', { from: person(PEOPLE.nlpTeamsApprover) });
      invoke.value.action = { type: 'Action.Execute', title: 'Approve', verb: ACTION_VERB, data: { verb: 'override.approve', id: request.id } };
      expect((await bot.post(invoke)).status).toBe(401);
      expect((await bot.post(invoke, { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMGIwN2UifQ.' })).status).toBe(401);
      expect((await store.getOverride(request.id))!.status).toBe('pending');
      expect(await audit()).toHaveLength(before);
      expect(bot.connector.calls).toEqual([]);
    } finally {
      await bot.close();
    }
  });
});
