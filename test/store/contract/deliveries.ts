import { describe, expect, it } from 'vitest';
import type { DeliveryClaim, DeliveryTarget } from '../../../src/store/types.js';
import { useFreshStore, type DriverHarness } from '../harness.js';

const T0 = new Date('2026-11-26T09:00:00.000Z');
const SLOT = new Date('2026-11-26T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;
const SLACK: DeliveryTarget = { platform: 'slack', channel: 'C0123456789' };
const CONSOLE: DeliveryTarget = { platform: 'console', channel: 'nlp' };

function claim(ledgerKey: string, target: DeliveryTarget = SLACK): DeliveryClaim {
  return { ...target, ledgerKey, job: 'budgets', slot: SLOT, messageKey: ledgerKey, notice: { kind: 'budget-threshold', text: ledgerKey }, item: { kind: 'budget-threshold', team: 'nlp' } };
}

export function deliveriesContract(harness: DriverHarness): void {
  describe('delivery ledger', () => {
    const ctx = useFreshStore(harness);

    it('lets exactly one of many racing replicas claim a key on a channel, and keeps channels apart', async () => {
      const wins = await Promise.all(Array.from({ length: 8 }, (_, i) => ctx.store.claimDeliveries([claim('k1')], `r${i}`, T0)));

      expect(wins.flat()).toEqual(['k1']);
      expect(await ctx.store.claimDeliveries([claim('k1', CONSOLE), claim('k1')], 'r9', T0)).toEqual(['k1']);
      const rows = await ctx.store.getDeliveries(['k1']);
      expect(rows.map((r) => [r.platform, r.status, r.attempts])).toEqual([
        ['console', 'claimed', 1],
        ['slack', 'claimed', 1],
      ]);
    });

    it('stores the bundled message with the claim in one transaction and marks it sent after the post', async () => {
      await ctx.store.transaction(async (tx) => {
        expect(await tx.claimDeliveries([claim('a'), claim('b')], 'r1', T0)).toEqual(['a', 'b']);
        expect(await tx.setDeliveryMessage(SLACK, ['a', 'b'], 'r1', 'batch:x', { text: 'two alerts' })).toBe(2);
      });
      expect(await ctx.store.finishDeliveries('batch:x', SLACK, 'someone-else', { status: 'sent', messageRef: null }, at(1000))).toBe(0);
      expect(await ctx.store.finishDeliveries('batch:x', SLACK, 'r1', { status: 'sent', messageRef: { ts: '1.2' } }, at(1000))).toBe(2);

      const [a] = await ctx.store.getDeliveries(['a']);
      expect(a).toMatchObject({ status: 'sent', messageKey: 'batch:x', notice: { text: 'two alerts' }, messageRef: { ts: '1.2' }, sentAt: at(1000), claimedBy: 'r1', slot: SLOT, job: 'budgets' });
      expect(await ctx.store.claimDeliveries([claim('a')], 'r2', at(2000))).toEqual([]);
    });

    it('rolls a claim back whole when the transaction fails', async () => {
      await expect(
        ctx.store.transaction(async (tx) => {
          await tx.claimDeliveries([claim('a')], 'r1', T0);
          throw new Error('compose failed');
        }),
      ).rejects.toThrow('compose failed');
      expect(await ctx.store.getDeliveries(['a'])).toEqual([]);
    });

    it('hands a claim left by a dead run to exactly one replica once it is stale, telling what it was', async () => {
      await ctx.store.claimDeliveries([claim('k')], 'dead', T0);

      expect(await ctx.store.takeOverDeliveries('k', SLACK, 'r1', at(-1), at(10_000))).toEqual([]);
      const taken = await Promise.all([
        ctx.store.takeOverDeliveries('k', SLACK, 'r1', T0, at(MINUTE)),
        ctx.store.takeOverDeliveries('k', SLACK, 'r2', T0, at(MINUTE)),
      ]);

      expect(taken.map((t) => t.length).sort()).toEqual([0, 1]);
      expect(taken.flat()[0]).toMatchObject({ ledgerKey: 'k', status: 'claimed', claimedBy: 'dead', claimedAt: T0, attempts: 1 });
      const [row] = await ctx.store.getDeliveries(['k']);
      expect(row).toMatchObject({ status: 'claimed', claimedAt: at(MINUTE), attempts: 2 });
      expect(['r1', 'r2']).toContain(row!.claimedBy);
    });

    it('retries a failed delivery, and never hands out a sent or uncertain one', async () => {
      await ctx.store.claimDeliveries([claim('f'), claim('s'), claim('u')], 'r1', T0);
      await ctx.store.finishDeliveries('f', SLACK, 'r1', { status: 'failed', error: 'slack 500' }, at(1000));
      await ctx.store.finishDeliveries('s', SLACK, 'r1', { status: 'sent', messageRef: null }, at(1000));
      await ctx.store.finishDeliveries('u', SLACK, 'r1', { status: 'uncertain', error: 'Teams cannot tell' }, at(1000));

      const failed = await ctx.store.takeOverDeliveries('f', SLACK, 'r2', at(-MINUTE), at(2000));
      expect(failed).toMatchObject([{ status: 'failed', error: 'slack 500' }]);
      expect(await ctx.store.takeOverDeliveries('s', SLACK, 'r2', at(MINUTE), at(2000))).toEqual([]);
      expect(await ctx.store.takeOverDeliveries('u', SLACK, 'r2', at(MINUTE), at(2000))).toEqual([]);
      await ctx.store.finishDeliveries('f', SLACK, 'r2', { status: 'sent', messageRef: { ts: '9' } }, at(3000));
      expect((await ctx.store.getDeliveries(['f']))[0]).toMatchObject({ status: 'sent', error: null, attempts: 2, messageRef: { ts: '9' } });
    });

    it('lists deliveries by job, status and age, newest first', async () => {
      await ctx.store.claimDeliveries([claim('old')], 'r1', T0);
      await ctx.store.claimDeliveries([{ ...claim('new'), job: 'digest' }], 'r1', at(MINUTE));
      await ctx.store.finishDeliveries('old', SLACK, 'r1', { status: 'failed', error: 'x' }, at(1000));

      expect((await ctx.store.listDeliveries()).map((d) => d.ledgerKey)).toEqual(['new', 'old']);
      expect((await ctx.store.listDeliveries({ job: 'budgets' })).map((d) => d.ledgerKey)).toEqual(['old']);
      expect((await ctx.store.listDeliveries({ statuses: ['claimed'] })).map((d) => d.ledgerKey)).toEqual(['new']);
      expect((await ctx.store.listDeliveries({ since: at(1) })).map((d) => d.ledgerKey)).toEqual(['new']);
      expect(await ctx.store.listDeliveries({ statuses: [] })).toEqual([]);
    });
  });

  describe('job leases handed back, recent runs', () => {
    const ctx = useFreshStore(harness);

    it('lets another replica claim a slot at once when its owner hands the lease back', async () => {
      await ctx.store.claimJob('digest', SLOT, 'a', MINUTE, T0);
      expect(await ctx.store.releaseJobLease('digest', SLOT, 'b', at(1000))).toBe(false);
      expect(await ctx.store.releaseJobLease('digest', SLOT, 'a', at(1000))).toBe(true);

      expect(await ctx.store.claimJob('digest', SLOT, 'b', MINUTE, at(1000))).toBe(true);
      expect(await ctx.store.getJobRun('digest', SLOT)).toMatchObject({ claimedBy: 'b', attempts: 2, error: null });
    });

    it('lists the most recent slots of a job', async () => {
      for (let i = 0; i < 4; i++) await ctx.store.claimJob('budgets', at(i * MINUTE), 'a', MINUTE, T0);
      expect((await ctx.store.listJobRuns('budgets', 2)).map((r) => r.scheduledFor)).toEqual([at(3 * MINUTE), at(2 * MINUTE)]);
      expect(await ctx.store.listJobRuns('digest')).toEqual([]);
    });
  });

  describe('snoozes by scope', () => {
    const ctx = useFreshStore(harness);

    it('lists the snoozes in force and lifts one', async () => {
      await ctx.store.snooze({ resource: 'team=nlp', until: at(24 * 60 * MINUTE), by: 'U0AAAAAAA', kind: 'snooze' }, T0);
      await ctx.store.snooze({ resource: 'budget:nlp-monthly', until: at(MINUTE), by: 'U0AAAAAAA', kind: 'snooze' }, T0);

      expect((await ctx.store.listSnoozes(T0)).map((s) => s.resource)).toEqual(['budget:nlp-monthly', 'team=nlp']);
      expect((await ctx.store.listSnoozes(at(MINUTE))).map((s) => s.resource)).toEqual(['team=nlp']);
      expect(await ctx.store.unsnooze('team=nlp')).toBe(true);
      expect(await ctx.store.unsnooze('team=nlp')).toBe(false);
      expect(await ctx.store.activeSnooze('team=nlp', T0)).toBeNull();
    });
  });
}
