import { describe, expect, it } from 'vitest';
import type { LedgerEntryInput } from '../../../src/store/types.js';
import { useFreshStore, type DriverHarness } from '../harness.js';

const T0 = new Date('2026-05-14T09:00:00.000Z');
const SLOT = new Date('2026-05-14T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

export function jobsLedgerContract(harness: DriverHarness): void {
  describe('job claims', () => {
    const ctx = useFreshStore(harness);

    it('lets exactly one of two concurrent claimers win a slot', async () => {
      const [a, b] = await Promise.all([
        ctx.store.claimJob('digest', SLOT, 'replica-a', MINUTE, T0),
        ctx.store.claimJob('digest', SLOT, 'replica-b', MINUTE, T0),
      ]);

      expect([a, b].filter(Boolean)).toHaveLength(1);
      const run = await ctx.store.getJobRun('digest', SLOT);
      expect(run).toMatchObject({ claimedBy: a ? 'replica-a' : 'replica-b', status: 'running', attempts: 1, leaseUntil: at(MINUTE) });
    });

    it('lets exactly one of ten concurrent claimers win', async () => {
      const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => ctx.store.claimJob('budgets', SLOT, `r${i}`, MINUTE, T0)));

      expect(wins.filter(Boolean)).toHaveLength(1);
    });

    it('hands a crashed run to another replica once its lease expires; the late owner cannot finish it', async () => {
      expect(await ctx.store.claimJob('digest', SLOT, 'a', MINUTE, T0)).toBe(true);
      expect(await ctx.store.claimJob('digest', SLOT, 'b', MINUTE, at(30_000))).toBe(false);
      expect(await ctx.store.claimJob('digest', SLOT, 'b', MINUTE, at(MINUTE))).toBe(true);

      expect(await ctx.store.finishJob('digest', SLOT, 'a', { status: 'done' }, at(61_000))).toBe(false);
      expect(await ctx.store.finishJob('digest', SLOT, 'b', { status: 'done' }, at(62_000))).toBe(true);
      expect(await ctx.store.claimJob('digest', SLOT, 'c', MINUTE, at(24 * 60 * MINUTE))).toBe(false);

      expect(await ctx.store.getJobRun('digest', SLOT)).toEqual({
        job: 'digest',
        scheduledFor: SLOT,
        claimedBy: 'b',
        leaseUntil: at(2 * MINUTE),
        status: 'done',
        attempts: 2,
        startedAt: at(MINUTE),
        finishedAt: at(62_000),
        error: null,
        notes: null,
      });
    });

    it('makes a failed run claimable at once and clears its error on the retry', async () => {
      await ctx.store.claimJob('anomalies', SLOT, 'a', MINUTE, T0);
      expect(await ctx.store.finishJob('anomalies', SLOT, 'a', { status: 'failed', error: 'provider down' }, at(1000))).toBe(true);
      expect(await ctx.store.getJobRun('anomalies', SLOT)).toMatchObject({ status: 'failed', error: 'provider down' });

      expect(await ctx.store.claimJob('anomalies', SLOT, 'b', MINUTE, at(2000))).toBe(true);
      expect(await ctx.store.getJobRun('anomalies', SLOT)).toMatchObject({ status: 'running', error: null, finishedAt: null, attempts: 2 });
    });

    it('keeps the notes a finished run leaves for jobs status', async () => {
      await ctx.store.claimJob('anomalies', SLOT, 'a', MINUTE, T0);
      await ctx.store.finishJob('anomalies', SLOT, 'a', { status: 'done' }, at(1000), ['2026-05-13 not judged yet: estimated']);
      expect((await ctx.store.getJobRun('anomalies', SLOT))?.notes).toEqual(['2026-05-13 not judged yet: estimated']);
    });

    it('keeps a slot with its owner while the lease is extended', async () => {
      await ctx.store.claimJob('idle-gpu', SLOT, 'a', MINUTE, T0);
      expect(await ctx.store.extendJobLease('idle-gpu', SLOT, 'a', MINUTE, at(50_000))).toBe(true);
      expect(await ctx.store.extendJobLease('idle-gpu', SLOT, 'intruder', MINUTE, at(50_000))).toBe(false);

      expect(await ctx.store.claimJob('idle-gpu', SLOT, 'b', MINUTE, at(MINUTE))).toBe(false);
      expect(await ctx.store.claimJob('idle-gpu', SLOT, 'b', MINUTE, at(110_000))).toBe(true);
    });

    it('keeps slots of different jobs and times apart and finds the latest', async () => {
      const later = at(60 * MINUTE);
      expect(await ctx.store.claimJob('digest', SLOT, 'a', MINUTE, T0)).toBe(true);
      expect(await ctx.store.claimJob('digest', later, 'a', MINUTE, T0)).toBe(true);
      expect(await ctx.store.claimJob('budgets', SLOT, 'a', MINUTE, T0)).toBe(true);

      expect((await ctx.store.latestJobRun('digest'))?.scheduledFor).toEqual(later);
      expect(await ctx.store.latestJobRun('never-ran')).toBeNull();
      expect(await ctx.store.getJobRun('digest', at(1))).toBeNull();
    });

    it('rejects a lease that is not a positive duration', async () => {
      for (const lease of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(ctx.store.claimJob('digest', SLOT, 'a', lease, T0)).rejects.toMatchObject({ code: 'invalid-argument' });
      }
      expect(await ctx.store.getJobRun('digest', SLOT)).toBeNull();
    });
  });

  describe('message ledger', () => {
    const ctx = useFreshStore(harness);
    const entry: LedgerEntryInput = { ledgerKey: 'budgets:nlp-monthly:2026-05:80', job: 'budgets', channel: 'C0123456789', platform: 'slack' };

    it('records a key once: the first caller wins, later ones are told no', async () => {
      expect(await ctx.store.recordMessage(entry, T0)).toBe(true);
      expect(await ctx.store.recordMessage({ ...entry, channel: 'other' }, at(1000))).toBe(false);

      expect(await ctx.store.getMessage(entry.ledgerKey)).toEqual({ ...entry, postedAt: T0, messageRef: null });
    });

    it('lets exactly one of many concurrent recorders win', async () => {
      const wins = await Promise.all(Array.from({ length: 10 }, () => ctx.store.recordMessage(entry, T0)));

      expect(wins.filter(Boolean)).toHaveLength(1);
    });

    it('posts once when two replicas send the same message at the same time', async () => {
      let posts = 0;
      const post = async () => {
        posts += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { ts: '1715677200.000100', channel: 'C0123456789' };
      };

      const results = await Promise.all([ctx.store.sendOnce(entry, T0, post), ctx.store.sendOnce(entry, T0, post)]);

      expect(posts).toBe(1);
      expect(results.map((r) => r.sent).sort()).toEqual([false, true]);
      expect(results.map((r) => r.messageRef)).toEqual([
        { ts: '1715677200.000100', channel: 'C0123456789' },
        { ts: '1715677200.000100', channel: 'C0123456789' },
      ]);
    });

    it('leaves nothing marked when posting fails, so a retry posts', async () => {
      const failed = ctx.store.sendOnce(entry, T0, async (tx) => {
        await tx.appendAudit({ actor: 'bot', platform: 'slack', action: 'alert.sent', subject: 'budget:nlp-monthly' }, T0);
        throw new Error('slack 500');
      });

      await expect(failed).rejects.toThrow('slack 500');
      expect(await ctx.store.getMessage(entry.ledgerKey)).toBeNull();
      expect(await ctx.store.listAudit('budget:nlp-monthly')).toEqual([]);

      const retry = await ctx.store.sendOnce(entry, at(1000), async () => ({ ts: '2' }));
      expect(retry).toEqual({ sent: true, messageRef: { ts: '2' } });
      expect(await ctx.store.getMessage(entry.ledgerKey)).toMatchObject({ postedAt: at(1000), messageRef: { ts: '2' } });
    });

    it('stores and replaces conversation references', async () => {
      const ref = { platform: 'teams', conversationId: '19:abc123@thread.tacv2', reference: { serviceUrl: 'https://smba.trafficmanager.net/emea/' }, team: 'nlp' };
      await ctx.store.saveConversationRef(ref, T0);
      await ctx.store.saveConversationRef({ ...ref, reference: { serviceUrl: 'https://example.test/' } }, at(1000));

      expect(await ctx.store.getConversationRef('teams', ref.conversationId)).toEqual({
        ...ref,
        reference: { serviceUrl: 'https://example.test/' },
        updatedAt: at(1000),
      });
      expect(await ctx.store.getConversationRef('slack', ref.conversationId)).toBeNull();
    });
  });
}
