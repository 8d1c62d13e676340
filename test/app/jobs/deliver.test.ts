import { describe, expect, it } from 'vitest';
import { runJobSlot } from '../../../src/app/jobs/run-slot.js';
import { snoozeScope } from '../../../src/app/jobs/snooze.js';
import type { JobMessage } from '../../../src/app/jobs/types.js';
import { pgliteHarness, useFreshStore, useHarness } from '../../store/harness.js';
import { alertMessage, config, FakeNotifier, manualClock, runDeps, staticJob } from './helpers.js';

const harness = pgliteHarness();
const CFG = config({
  teams: {
    nlp: { slack: { channel: 'C0NLP00001' }, teams: { conversation: '19:nlp@thread.tacv2' } },
    finance: { slack: { channel: 'C0FINANCE0' }, scope: 'all', default: true },
  },
});
const S1 = new Date('2026-11-26T09:00:00Z');
const S2 = new Date('2026-11-26T10:00:00Z');
const MINUTE = 60_000;

describe('exactly-once delivery of job messages', { timeout: 60_000 }, () => {
  useHarness(harness);
  const ctx = useFreshStore(harness);

  async function withTeamsReference() {
    await ctx.store.saveConversationRef({ platform: 'teams', conversationId: '19:nlp@thread.tacv2', reference: { serviceUrl: 'https://teams.test/' }, team: 'nlp' }, S1);
  }

  function fakes() {
    return { slack: new FakeNotifier('slack'), teams: new FakeNotifier('teams', 'unknown'), console: new FakeNotifier('console') };
  }

  it('posts each message once to every channel of the owning team, and nothing when run again', async () => {
    await withTeamsReference();
    const f = fakes();
    const clock = manualClock('2026-11-26T09:00:01Z');
    const deps = runDeps(ctx.store, CFG, [f.slack, f.teams, f.console], clock.now);
    const job = staticJob('budgets', () => [alertMessage('budget:nlp-monthly:2026-11-01:80:50000.00', 'nlp')]);

    const first = await runJobSlot(job, S1, deps);
    const again = await runJobSlot(job, S1, deps);
    clock.advance(MINUTE);
    const nextSlot = await runJobSlot(job, S2, deps);

    expect(first.lines).toEqual([
      expect.objectContaining({
        job: 'budgets',
        slot: '2026-11-26T09:00:00.000Z',
        key: 'budget:nlp-monthly:2026-11-01:80:50000.00',
        status: 'posted',
        team: 'nlp',
        targets: [
          { platform: 'slack', channel: 'C0NLP00001' },
          { platform: 'teams', channel: '19:nlp@thread.tacv2' },
          { platform: 'console', channel: 'nlp' },
        ],
      }),
    ]);
    expect(first.summary).toEqual({ job: 'budgets', slot: '2026-11-26T09:00:00.000Z', claimed: true, posted: 1, duplicate: 0, snoozed: 0, failed: 0, uncertain: 0 });
    expect(again.lines).toEqual([]);
    expect(again.summary).toMatchObject({ claimed: false, reason: expect.stringMatching(/^already done/) });
    expect(nextSlot.lines.map((l) => l.status)).toEqual(['duplicate']);
    for (const n of [f.slack, f.teams, f.console]) expect(n.posts).toHaveLength(1);
    expect(f.slack.posts[0]!.notice.key).toBe('budget:nlp-monthly:2026-11-01:80:50000.00');
  });

  it('bundles several alerts for one channel into one message, and sends what no team owns to the default entry', async () => {
    await withTeamsReference();
    const f = fakes();
    const deps = runDeps(ctx.store, CFG, [f.slack, f.teams, f.console], manualClock('2026-11-26T09:00:01Z').now);
    const job = staticJob('anomalies', () => [alertMessage('spike:team=nlp:2026-11-25', 'nlp'), alertMessage('spike:model=x:2026-11-25', 'nlp'), alertMessage('spike:team=(untagged):2026-11-25', 'finance')]);

    const report = await runJobSlot(job, S1, deps);

    expect(report.summary.posted).toBe(3);
    const nlpPosts = f.slack.posts.filter((p) => p.channel === 'C0NLP00001');
    expect(nlpPosts).toHaveLength(1);
    expect(nlpPosts[0]!.notice.title).toBe('2 alerts for nlp');
    expect(nlpPosts[0]!.notice.key).toMatch(/^bundle:2:/);
    expect(nlpPosts[0]!.notice.actions?.map((a) => a.label)).toEqual(['Snooze 24 h · scope:spike:team=nlp:2026-11-25', 'Snooze 24 h · scope:spike:model=x:2026-11-25']);
    expect(f.slack.posts.filter((p) => p.channel === 'C0FINANCE0').map((p) => p.notice.key)).toEqual(['spike:team=(untagged):2026-11-25']);
    const rows = await ctx.store.getDeliveries(['spike:team=nlp:2026-11-25', 'spike:model=x:2026-11-25']);
    expect(new Set(rows.filter((r) => r.platform === 'slack').map((r) => r.messageKey))).toEqual(new Set([nlpPosts[0]!.notice.key]));
  });

  it('keeps one failing channel from blocking the others and retries it at the next run, posting the stored message', async () => {
    await withTeamsReference();
    const f = fakes();
    f.slack.failNext = 1;
    const clock = manualClock('2026-11-26T09:00:01Z');
    const deps = runDeps(ctx.store, CFG, [f.slack, f.teams, f.console], clock.now);
    let text = 'first wording';
    const job = staticJob('digest', () => [alertMessage('digest:nlp:2026-11-25', 'nlp', { kind: 'digest', snoozeScope: undefined, notice: { kind: 'digest', title: 'Digest', text } })]);

    const first = await runJobSlot(job, S1, deps);
    text = 'second wording';
    clock.advance(MINUTE);
    const second = await runJobSlot(job, S2, deps);

    expect(first.lines[0]!.status).toBe('failed');
    expect(first.summary).toMatchObject({ posted: 0, failed: 1 });
    expect(f.console.posts).toHaveLength(1);
    expect(f.teams.posts).toHaveLength(1);
    expect(second.lines.map((l) => l.status)).toEqual(['posted']);
    expect(f.slack.posts.map((p) => p.notice.text)).toEqual(['first wording']);
    expect(f.console.posts).toHaveLength(1);
    expect((await ctx.store.getDeliveries(['digest:nlp:2026-11-25'])).map((d) => [d.platform, d.status, d.attempts])).toEqual([
      ['console', 'sent', 1],
      ['slack', 'sent', 2],
      ['teams', 'sent', 1],
    ]);
  });

  it('settles entries a dead run left claimed: found on Slack → marked, unknowable on Teams → uncertain, surely not on the console → posted', async () => {
    await withTeamsReference();
    const f = fakes();
    const key = 'spike:team=nlp:2026-11-25';
    const message: JobMessage = alertMessage(key, 'nlp');
    // The dead replica claimed all three channels and got as far as posting to Slack.
    await ctx.store.claimDeliveries(
      (['slack', 'teams', 'console'] as const).map((platform) => ({
        platform,
        channel: { slack: 'C0NLP00001', teams: '19:nlp@thread.tacv2', console: 'nlp' }[platform],
        ledgerKey: key,
        job: 'anomalies',
        slot: S1,
        messageKey: key,
        notice: { ...message.notice, key } as never,
        item: { kind: 'spike', team: 'nlp', text: message.text, facts: {} },
      })),
      'dead-replica',
      S1,
    );
    await f.slack.post('C0NLP00001', { ...message.notice, key });
    const clock = manualClock('2026-11-26T09:00:30Z');
    const deps = runDeps(ctx.store, CFG, [f.slack, f.teams, f.console], clock.now, { leaseMs: MINUTE });

    const tooSoon = await runJobSlot(staticJob('anomalies', () => [message]), S2, deps);
    expect(tooSoon.lines.map((l) => l.status)).toEqual(['duplicate']);
    expect(f.console.posts).toHaveLength(0);

    clock.set('2026-11-26T11:00:00Z');
    const later = await runJobSlot(staticJob('anomalies', () => [message]), new Date('2026-11-26T11:00:00Z'), deps);

    expect(later.lines).toHaveLength(1);
    expect(later.lines[0]).toMatchObject({ key, status: 'uncertain' });
    expect(later.summary).toMatchObject({ uncertain: 1, posted: 0 });
    expect(f.slack.posts).toHaveLength(1);
    expect(f.teams.posts).toHaveLength(0);
    expect(f.console.posts).toHaveLength(1);
    const rows = await ctx.store.getDeliveries([key]);
    expect(rows.map((r) => [r.platform, r.status])).toEqual([
      ['console', 'sent'],
      ['slack', 'sent'],
      ['teams', 'uncertain'],
    ]);
    expect(rows.find((r) => r.platform === 'teams')!.error).toMatch(/cannot tell/);
  });

  it('reports a Teams conversation the bot has no reference for as failed, and delivers once it has one', async () => {
    const f = fakes();
    const clock = manualClock('2026-11-26T09:00:01Z');
    const deps = runDeps(ctx.store, CFG, [f.slack, f.teams, f.console], clock.now);
    const job = staticJob('digest', () => [alertMessage('digest:nlp:2026-11-25', 'nlp', { snoozeScope: undefined })]);

    const first = await runJobSlot(job, S1, deps);
    expect(first.lines[0]!.status).toBe('failed');
    expect((await ctx.store.getDeliveries(['digest:nlp:2026-11-25'])).find((d) => d.platform === 'teams')!.error).toMatch(/no reference for the Teams conversation/);

    await withTeamsReference();
    clock.advance(MINUTE);
    const second = await runJobSlot(job, S2, deps);
    expect(second.lines[0]!.status).toBe('posted');
    expect(f.teams.posts).toHaveLength(1);
    expect(f.slack.posts).toHaveLength(1);
  });

  it('holds a snoozed alert back without recording it, and posts it once the snooze is lifted', async () => {
    await withTeamsReference();
    const f = fakes();
    const clock = manualClock('2026-11-26T09:00:01Z');
    const deps = runDeps(ctx.store, CFG, [f.slack, f.teams, f.console], clock.now);
    const message = alertMessage('spike:team=nlp:2026-11-25', 'nlp', { snoozeScope: 'team=nlp' });
    await snoozeScope(ctx.store, 'team=nlp', { platform: 'slack', userId: 'U0AAAAAAA' }, new Date(clock.now()));

    const snoozed = await runJobSlot(staticJob('anomalies', () => [message]), S1, deps);
    expect(snoozed.lines.map((l) => l.status)).toEqual(['snoozed']);
    expect(snoozed.summary).toMatchObject({ snoozed: 1, posted: 0 });
    expect(await ctx.store.getDeliveries([message.key])).toEqual([]);

    clock.advance(25 * 60 * MINUTE);
    const after = await runJobSlot(staticJob('anomalies', () => [message]), S2, deps);
    expect(after.lines.map((l) => l.status)).toEqual(['posted']);
  });

  it('records and posts nothing on a dry run, and says what it would post', async () => {
    const f = fakes();
    const deps = runDeps(ctx.store, CFG, [f.console], manualClock('2026-11-26T09:00:01Z').now);
    const report = await runJobSlot(staticJob('digest', () => [alertMessage('digest:nlp:2026-11-25', 'nlp'), alertMessage('orphan', null)]), S1, deps, { dryRun: true });

    expect(report.lines.map((l) => [l.key, l.status, l.targets])).toEqual([['digest:nlp:2026-11-25', 'dry-run', [{ platform: 'console', channel: 'nlp' }]]]);
    expect(report.summary).toMatchObject({ claimed: false, reason: expect.stringMatching(/^dry run/) });
    expect(report.notes).toEqual(
      expect.arrayContaining([expect.stringMatching(/nlp: slack C0NLP00001 not configured/), expect.stringMatching(/orphan: no teams: entry owns it/)]),
    );
    expect(f.console.posts).toEqual([]);
    expect(await ctx.store.getJobRun('digest', S1)).toBeNull();
    expect(await ctx.store.listDeliveries()).toEqual([]);
  });

  it('stops a run that is asked to stop before posting and hands its lease back, so another replica finishes it', async () => {
    const f = fakes();
    const stop = new AbortController();
    const clock = manualClock('2026-11-26T09:00:01Z');
    const job = staticJob('digest', () => {
      stop.abort();
      return [alertMessage('digest:nlp:2026-11-25', 'nlp')];
    });

    const stopped = await runJobSlot(job, S1, runDeps(ctx.store, CFG, [f.console], clock.now), { signal: stop.signal });
    expect(stopped.error).toMatch(/stopped.*lease handed back/);
    expect(f.console.posts).toEqual([]);
    expect(await ctx.store.getJobRun('digest', S1)).toMatchObject({ status: 'running', leaseUntil: new Date(clock.now()) });

    const other = await runJobSlot(staticJob('digest', () => [alertMessage('digest:nlp:2026-11-25', 'nlp')]), S1, runDeps(ctx.store, CFG, [f.console], clock.now, { owner: 'replica-b' }));
    expect(other.summary).toMatchObject({ claimed: true, posted: 1 });
    expect(await ctx.store.getJobRun('digest', S1)).toMatchObject({ status: 'done', claimedBy: 'replica-b', attempts: 2 });
  });

  it('records a job that fails as failed, with its error, so the slot is retried', async () => {
    const deps = runDeps(ctx.store, CFG, [new FakeNotifier('console')], manualClock('2026-11-26T09:00:01Z').now);
    const broken = { ...staticJob('budgets', () => []), compose: async () => Promise.reject(new Error('Cost Explorer is down')) };

    const report = await runJobSlot(broken, S1, deps);

    expect(report.error).toBe('Cost Explorer is down');
    expect(await ctx.store.getJobRun('budgets', S1)).toMatchObject({ status: 'failed', error: 'Cost Explorer is down' });
  });
});
