import { describe, expect, it } from 'vitest';
import { decideOverride, effectiveAmount, expireOverrides, overrideActionHandlers, runBudgetCommand } from '../../../src/app/budgets/index.js';
import type { Identity, Reply } from '../../../src/app/conversation/types.js';
import type { Store } from '../../../src/store/index.js';
import { CHANNELS, PEOPLE, teamsConfig } from '../../helpers/teams-config.js';
import { useFreshStore, type DriverHarness } from '../../store/harness.js';
import { budgetDeps } from './budget-fixture.js';

const T0 = Date.parse('2026-11-14T09:00:00.000Z');
const DAY = 86_400_000;
const slack = (userId: string): Identity => ({ platform: 'slack', userId });
const teams = (userId: string): Identity => ({ platform: 'teams', userId });
const inNlp = { channelId: CHANNELS.nlp };

async function audit(store: Store) {
  const rows = await store.listAuditPage({});
  return rows.map((e) => ({ actor: e.actor, platform: e.platform, action: e.action, subject: e.subject, detail: e.detail }));
}

function requestId(reply: Reply): string {
  if (reply.kind !== 'notice') throw new Error(`expected the request to be filed, got ${JSON.stringify(reply)}`);
  return (reply.data as { request: { id: string } }).request.id;
}

/** The approval flow's use cases, with identities, on one store driver. */
export function approvalFlowSuite(harness: DriverHarness): void {
  const ctx = useFreshStore(harness);

  async function fileRequest(deps = budgetDeps(ctx.store), who = slack(PEOPLE.nlpMember), text = 'budget request nlp-monthly +5000 reason="Q4 training run"', at = T0) {
    return requestId(await runBudgetCommand(deps, who, inNlp, text, at));
  }

  describe('a request', () => {
    it('goes to the team’s channels and each approver, with Approve and Deny asking a reason, every copy remembered, audited', async () => {
      const deps = budgetDeps(ctx.store);

      const reply = await runBudgetCommand(deps, slack(PEOPLE.nlpMember), inNlp, 'budget request nlp-monthly +5000 until=2026-12-31 reason="Q4 training run"', T0);

      expect(reply).toMatchObject({ kind: 'notice', public: false, notice: { kind: 'override-requested', text: expect.stringContaining('went to the approvers of nlp (U0AAAAAAA, U0AAAAAA2, 0000000a-0000-0000-0000-000000000000) on slack, teams, console') } });
      const id = requestId(reply);
      expect(deps.sent.map((s) => [s.op, s.platform, s.to])).toEqual([
        ['post', 'slack', CHANNELS.nlp],
        ['direct', 'slack', PEOPLE.nlpApprover],
        ['direct', 'slack', PEOPLE.nlpApprover2],
        ['post', 'teams', CHANNELS.nlpTeams],
        ['direct', 'teams', PEOPLE.nlpTeamsApprover],
        ['post', 'console', 'nlp'],
      ]);
      const notice = deps.sent[0]!.notice;
      expect(notice).toMatchObject({ kind: 'override-request', title: `Override request #${id}: nlp-monthly +5,000.00 USD` });
      expect(notice.actions).toEqual([
        { verb: 'override.approve', id, label: 'Approve', style: 'primary' },
        { verb: 'override.deny', id, label: 'Deny', style: 'danger', input: { label: 'Why deny this request?', placeholder: 'The requester reads this', required: true } },
      ]);
      expect((await ctx.store.getOverride(id))!.messageRefs).toEqual(deps.sent.map((s) => s.ref));
      expect(await audit(ctx.store)).toEqual([
        { actor: PEOPLE.nlpMember, platform: 'slack', action: 'override.request', subject: 'budget:nlp-monthly', detail: { request: id, amount: '5000.00', periodStart: '2026-11-01', until: '2026-12-31', reason: 'Q4 training run', team: 'nlp' } },
      ]);
    });

    it('is refused to someone outside the team, and audited', async () => {
      const deps = budgetDeps(ctx.store);

      const reply = await runBudgetCommand(deps, slack(PEOPLE.visionMember), inNlp, 'budget request nlp-monthly +5000 reason="please"', T0);

      expect(reply).toMatchObject({ kind: 'rejected', message: 'Only members of nlp can ask for more on nlp-monthly. Ask an approver of nlp (U0AAAAAAA, U0AAAAAA2) or an administrator to add you to teams.nlp.members.' });
      expect(deps.sent).toEqual([]);
      expect(await audit(ctx.store)).toEqual([{ actor: PEOPLE.visionMember, platform: 'slack', action: 'override.request.refused', subject: 'budget:nlp-monthly', detail: { reason: 'not-a-member', team: 'nlp', amount: '5000.00' } }]);
    });

    it('is accepted from a user-group member, and in the team’s channel when the team lists no members', async () => {
      const open = teamsConfig({ teams: { nlp: { slack: { channel: CHANNELS.nlp }, approvers: { slack: [PEOPLE.nlpApprover] } } } });

      await fileRequest(budgetDeps(ctx.store), slack(PEOPLE.nlpGroupMember));
      const inChannel = await runBudgetCommand(budgetDeps(ctx.store, { config: open }), slack(PEOPLE.stranger), inNlp, 'budget request nlp-monthly +1 reason=x', T0);
      const elsewhere = await runBudgetCommand(budgetDeps(ctx.store, { config: open }), slack(PEOPLE.stranger), { channelId: 'C0OTHER001' }, 'budget request nlp-monthly +1 reason=x', T0);

      expect(inChannel.kind).toBe('notice');
      expect(elsewhere.kind).toBe('rejected');
    });

    it('says what is wrong with an unknown budget or a past until date', async () => {
      const deps = budgetDeps(ctx.store);

      expect(await runBudgetCommand(deps, slack(PEOPLE.nlpMember), inNlp, 'budget request nlp-montly +5 reason=x', T0)).toMatchObject({
        kind: 'rejected', message: 'There is no budget named “nlp-montly” — did you mean nlp-monthly? Budgets: nlp-monthly.', suggestions: ['/budget show nlp-monthly'],
      });
      expect(await runBudgetCommand(deps, slack(PEOPLE.nlpMember), inNlp, 'budget request nlp-monthly +5 until=2026-11-13 reason=x', T0)).toMatchObject({
        kind: 'rejected', message: 'until=2026-11-13 is in the past (today is 2026-11-14): give a date from today on, or leave until= out for this month only.',
      });
    });

    it('is filed even when a chat is down, and says where it went', async () => {
      const deps = budgetDeps(ctx.store, { failing: ['slack'] });

      const reply = await runBudgetCommand(deps, slack(PEOPLE.nlpMember), inNlp, 'budget request nlp-monthly +5000 reason=x', T0);

      expect(reply).toMatchObject({ kind: 'notice', notice: { text: expect.stringContaining('on teams, console.') } });
      expect((await ctx.store.getOverride(requestId(reply)))!.messageRefs).toHaveLength(3);
    });
  });

  describe('a decision', () => {
    it('by an approver: the request is updated everywhere, the requester told, the budget is base + approved', async () => {
      const deps = budgetDeps(ctx.store);
      const id = await fileRequest(deps);
      const clicked = deps.sent[1]!.ref;
      deps.sent.length = 0;

      const outcome = await decideOverride(deps, { identity: slack(PEOPLE.nlpApprover), requestId: id, decision: 'approved', clicked, now: T0 + 1000 });

      expect(outcome).toMatchObject({ ok: true, override: { status: 'approved', decidedBy: PEOPLE.nlpApprover }, notice: { kind: 'override-approved', title: `Approved: nlp-monthly +5,000.00 USD (#${id})` } });
      expect(outcome.ok && outcome.notice.actions).toBeUndefined();
      expect(outcome.ok && outcome.notice.body).toEqual(['nlp-monthly is now *55,000.00 USD* for November 2026.']);
      expect(outcome.ok && outcome.toClicker.text).toBe(`You approved +5,000.00 USD on nlp-monthly: it is now 55,000.00 USD for this period. ${PEOPLE.nlpMember} has been told.`);
      expect(deps.sent.filter((s) => s.op === 'update').map((s) => [s.platform, s.to])).toEqual([
        ['slack', CHANNELS.nlp],
        ['slack', `D-${PEOPLE.nlpApprover2}`],
        ['teams', CHANNELS.nlpTeams],
        ['teams', `D-${PEOPLE.nlpTeamsApprover}`],
        ['console', 'nlp'],
      ]);
      expect(deps.sent.filter((s) => s.op === 'direct').map((s) => [s.platform, s.to, s.notice.title])).toEqual([['slack', PEOPLE.nlpMember, `Your override request #${id} was approved`]]);
      expect(await effectiveAmount(ctx.store, { name: 'nlp-monthly', amount: '50000.00' }, '2026-11-01')).toBe('55000.00');
      expect((await audit(ctx.store)).at(-1)).toEqual({
        actor: PEOPLE.nlpApprover, platform: 'slack', action: 'override.approve', subject: 'budget:nlp-monthly',
        detail: { request: id, amount: '5000.00', periodStart: '2026-11-01', until: null, requestedBy: PEOPLE.nlpMember, reason: null },
      });
    });

    it('by a Teams approver identified by the Entra object id', async () => {
      const deps = budgetDeps(ctx.store);
      const id = await fileRequest(deps);

      const outcome = await decideOverride(deps, { identity: teams(PEOPLE.nlpTeamsApprover.toUpperCase()), requestId: id, decision: 'denied', reason: '  over the quarter’s plan ', now: T0 + 1000 });

      expect(outcome).toMatchObject({ ok: true, override: { status: 'denied', decisionReason: 'over the quarter’s plan' } });
      expect(deps.sent.find((s) => s.op === 'direct' && s.to === PEOPLE.nlpMember)!.notice.text).toContain('over the quarter’s plan');
      expect(await effectiveAmount(ctx.store, { name: 'nlp-monthly', amount: '50000.00' }, '2026-11-01')).toBe('50000.00');
    });

    it('needs a reason to deny, and changes nothing without one', async () => {
      const deps = budgetDeps(ctx.store);
      const id = await fileRequest(deps);

      const outcome = await decideOverride(deps, { identity: slack(PEOPLE.nlpApprover), requestId: id, decision: 'denied', reason: '   ', now: T0 + 1000 });

      expect(outcome).toMatchObject({ ok: false, reason: 'reason-required', notice: { text: `Say why you deny request #${id}: the requester reads it.` } });
      expect((await ctx.store.getOverride(id))!.status).toBe('pending');
    });
  });

  describe('refusals, each answered and audited', () => {
    it('the requester cannot approve their own request, even when they are an approver', async () => {
      const deps = budgetDeps(ctx.store);
      const byMember = await fileRequest(deps);
      const byApprover = await fileRequest(deps, slack(PEOPLE.nlpApprover));

      const a = await decideOverride(deps, { identity: slack(PEOPLE.nlpMember), requestId: byMember, decision: 'approved', now: T0 + 1 });
      const b = await decideOverride(deps, { identity: slack(PEOPLE.nlpApprover), requestId: byApprover, decision: 'approved', now: T0 + 1 });

      expect(a).toMatchObject({ ok: false, reason: 'own-request', notice: { kind: 'override-refused', text: `You asked for override #${byMember} yourself, so someone else decides it: the approvers of nlp (U0AAAAAAA, U0AAAAAA2).` } });
      expect(b).toMatchObject({ ok: false, reason: 'own-request' });
      expect((await ctx.store.getOverride(byApprover))!.status).toBe('pending');
      expect((await audit(ctx.store)).filter((e) => e.action === 'override.refused')).toEqual([
        { actor: PEOPLE.nlpMember, platform: 'slack', action: 'override.refused', subject: 'budget:nlp-monthly', detail: { reason: 'own-request', request: byMember, decision: 'approved' } },
        { actor: PEOPLE.nlpApprover, platform: 'slack', action: 'override.refused', subject: 'budget:nlp-monthly', detail: { reason: 'own-request', request: byApprover, decision: 'approved' } },
      ]);
    });

    it('a non-approver cannot decide: a stranger, another team’s approver, an administrator, an approver’s id on the wrong platform', async () => {
      const deps = budgetDeps(ctx.store);
      const id = await fileRequest(deps);

      for (const identity of [slack(PEOPLE.stranger), slack(PEOPLE.visionApprover), slack(PEOPLE.admin), teams(PEOPLE.nlpApprover), { platform: 'api' as const, userId: PEOPLE.nlpApprover }]) {
        const outcome = await decideOverride(deps, { identity, requestId: id, decision: 'approved', now: T0 + 1 });
        expect(outcome, identity.userId).toMatchObject({ ok: false, reason: 'not-an-approver' });
      }
      expect((await ctx.store.getOverride(id))!.status).toBe('pending');
      const refusals = (await audit(ctx.store)).filter((e) => e.action === 'override.refused');
      expect(refusals.map((e) => [e.actor, e.platform, (e.detail as { reason: string }).reason])).toEqual([
        [PEOPLE.stranger, 'slack', 'not-an-approver'],
        [PEOPLE.visionApprover, 'slack', 'not-an-approver'],
        [PEOPLE.admin, 'slack', 'not-an-approver'],
        [PEOPLE.nlpApprover, 'teams', 'not-an-approver'],
        [PEOPLE.nlpApprover, 'api', 'not-an-approver'],
      ]);
    });

    it('two approvers at once give one decision; the other is told who decided', async () => {
      const deps = budgetDeps(ctx.store);
      const id = await fileRequest(deps);

      const [a, b] = await Promise.all([
        decideOverride(deps, { identity: slack(PEOPLE.nlpApprover), requestId: id, decision: 'approved', now: T0 + 1000 }),
        decideOverride(deps, { identity: slack(PEOPLE.nlpApprover2), requestId: id, decision: 'denied', reason: 'no', now: T0 + 1000 }),
      ]);

      expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
      const winner = a.ok ? a : b;
      const loser = a.ok ? b : a;
      const winnerId = a.ok ? PEOPLE.nlpApprover : PEOPLE.nlpApprover2;
      const status = a.ok ? 'approved' : 'denied';
      expect(winner).toMatchObject({ ok: true, override: { status, decidedBy: winnerId } });
      expect(loser).toMatchObject({ ok: false, reason: 'already-decided', notice: { text: `Request #${id} was already ${status} by ${winnerId} at 2026-11-14 09:00 UTC: the first decision counts.` } });
      const trail = (await audit(ctx.store)).slice(1);
      expect(trail.map((e) => [e.action, e.actor])).toEqual(expect.arrayContaining([[a.ok ? 'override.approve' : 'override.deny', winnerId], ['override.refused', a.ok ? PEOPLE.nlpApprover2 : PEOPLE.nlpApprover]]));
      expect(trail).toHaveLength(2);
      expect(trail.find((e) => e.action === 'override.refused')!.detail).toMatchObject({ reason: 'already-decided', decidedBy: winnerId, status });
      expect(deps.sent.filter((s) => s.op === 'direct' && s.to === PEOPLE.nlpMember)).toHaveLength(1);
    });

    it('a later click on a decided request is told who decided', async () => {
      const deps = budgetDeps(ctx.store);
      const id = await fileRequest(deps);
      await decideOverride(deps, { identity: slack(PEOPLE.nlpApprover), requestId: id, decision: 'approved', now: T0 + 1000 });

      const late = await decideOverride(deps, { identity: slack(PEOPLE.nlpApprover2), requestId: id, decision: 'denied', reason: 'x', now: T0 + 60_000 });

      expect(late).toMatchObject({ ok: false, reason: 'already-decided', notice: { text: `Request #${id} was already approved by ${PEOPLE.nlpApprover} at 2026-11-14 09:00 UTC: the first decision counts.` } });
    });

    it('a tampered or unknown id is refused and audited under the id given', async () => {
      const deps = budgetDeps(ctx.store);
      await fileRequest(deps);

      for (const id of ['424242', '1 OR 1=1', "1'; DROP TABLE audit_log; --", '', '-1', 'x'.repeat(5000)]) {
        const outcome = await decideOverride(deps, { identity: slack(PEOPLE.nlpApprover), requestId: id, decision: 'approved', now: T0 + 1 });
        expect(outcome, id.slice(0, 20)).toMatchObject({ ok: false, reason: 'unknown-request', notice: { text: expect.stringContaining('There is no override request #') } });
      }
      const refusals = (await audit(ctx.store)).filter((e) => e.action === 'override.refused');
      expect(refusals).toHaveLength(6);
      expect(refusals[0]).toEqual({ actor: PEOPLE.nlpApprover, platform: 'slack', action: 'override.refused', subject: 'override:424242', detail: { reason: 'unknown-request', request: '424242', decision: 'approved' } });
      expect(refusals.at(-1)!.subject).toBe(`override:${'x'.repeat(64)}`);
    });

    it('an expired request is refused: after 7 days it expires, is audited, updated everywhere, and its requester told', async () => {
      const deps = budgetDeps(ctx.store);
      const id = await fileRequest(deps);
      deps.sent.length = 0;

      const outcome = await decideOverride(deps, { identity: slack(PEOPLE.nlpApprover), requestId: id, decision: 'approved', now: T0 + 7 * DAY });
      const again = await decideOverride(deps, { identity: slack(PEOPLE.nlpApprover2), requestId: id, decision: 'approved', now: T0 + 8 * DAY });

      expect(outcome).toMatchObject({ ok: false, reason: 'expired', notice: { text: expect.stringMatching(new RegExp(`^Request #${id} expired: nobody decided within 7 days`)) } });
      expect(again).toMatchObject({ ok: false, reason: 'expired' });
      expect((await ctx.store.getOverride(id))!.status).toBe('expired');
      expect(deps.sent.filter((s) => s.op === 'update')).toHaveLength(6);
      expect(deps.sent.find((s) => s.op === 'update')!.notice).toMatchObject({ kind: 'override-expired', title: `Expired: nlp-monthly +5,000.00 USD (#${id})` });
      expect(deps.sent.filter((s) => s.op === 'direct').map((s) => s.to)).toEqual([PEOPLE.nlpMember]);
      expect((await audit(ctx.store)).slice(1).map((e) => [e.actor, e.platform, e.action, (e.detail as { reason?: string }).reason ?? null])).toEqual([
        ['finops-bot', 'scheduler', 'override.expire', null],
        [PEOPLE.nlpApprover, 'slack', 'override.refused', 'expired'],
        [PEOPLE.nlpApprover2, 'slack', 'override.refused', 'expired'],
      ]);
    });
  });

  describe('expireOverrides (the job)', () => {
    it('expires only requests pending for 7 days, once', async () => {
      const deps = budgetDeps(ctx.store);
      const old = await fileRequest(deps, slack(PEOPLE.nlpMember), undefined, T0);
      const decided = await fileRequest(deps, slack(PEOPLE.nlpMember), undefined, T0);
      const fresh = await fileRequest(deps, slack(PEOPLE.nlpMember), undefined, T0 + 2 * DAY);
      await decideOverride(deps, { identity: slack(PEOPLE.nlpApprover), requestId: decided, decision: 'approved', now: T0 + DAY });

      const first = await expireOverrides(deps, T0 + 7 * DAY);
      const second = await expireOverrides(deps, T0 + 7 * DAY + 1);

      expect(first.map((o) => o.id)).toEqual([old]);
      expect(second).toEqual([]);
      expect((await ctx.store.getOverride(fresh))!.status).toBe('pending');
      expect((await ctx.store.getOverride(decided))!.status).toBe('approved');
      expect((await audit(ctx.store)).filter((e) => e.action === 'override.expire')).toEqual([
        { actor: 'finops-bot', platform: 'scheduler', action: 'override.expire', subject: 'budget:nlp-monthly', detail: { request: old, amount: '5000.00', periodStart: '2026-11-01', requestedBy: PEOPLE.nlpMember, filedAt: '2026-11-14T09:00:00.000Z' } },
      ]);
    });
  });

  describe('the button handlers', () => {
    it('turn a decision into an update for everyone and a refusal into a private answer', async () => {
      const deps = budgetDeps(ctx.store);
      const id = await fileRequest(deps);
      const handlers = overrideActionHandlers(deps);
      const click = (identity: Identity, verb: 'override.approve' | 'override.deny', input?: string) =>
        handlers[verb]({ verb, id, identity, conversation: { channelId: CHANNELS.nlp, private: false, isDm: false, canShare: false }, now: T0 + 1000, ...(input === undefined ? {} : { input }) });

      const stranger = await click(slack(PEOPLE.stranger), 'override.approve');
      const deny = await click(slack(PEOPLE.nlpApprover), 'override.deny', 'not this quarter');

      expect(stranger).toMatchObject({ kind: 'private', notice: { kind: 'override-refused', text: `Only the approvers of nlp (U0AAAAAAA, U0AAAAAA2) can approve or deny request #${id}.` } });
      expect(deny).toMatchObject({ kind: 'update', notice: { kind: 'override-denied' }, toClicker: { title: `You denied request #${id}` } });
    });

    it('explain how to request an override from a budget’s button', async () => {
      const deps = budgetDeps(ctx.store);

      const result = await overrideActionHandlers(deps)['override.request']({ verb: 'override.request', id: 'nlp-monthly', identity: slack(PEOPLE.nlpMember), conversation: { channelId: CHANNELS.nlp, private: false, isDm: false, canShare: false }, now: T0 });

      expect(result).toMatchObject({ kind: 'reply', replace: false, reply: { kind: 'notice', notice: { kind: 'budget-status', actions: [] } } });
      expect(result.kind === 'reply' && result.reply.kind === 'notice' && result.reply.notice.notes!.at(-1)).toMatch(/^To ask for more, type: budget request nlp-monthly \+<amount>/);
    });
  });
}
