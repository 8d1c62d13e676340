import { describe, expect, it } from 'vitest';
import type { Json, OverrideRequest } from '../../../src/store/types.js';
import { useFreshStore, type DriverHarness } from '../harness.js';

const T0 = new Date('2026-05-14T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 3_600_000;

const REQUEST: OverrideRequest = {
  budget: 'nlp-monthly',
  periodStart: '2026-05-01',
  amount: '5000',
  until: '2026-12-31',
  reason: 'training run for the Q2 model',
  requestedBy: 'U0REQUESTER',
  requestedPlatform: 'slack',
};

export function cacheOverridesContract(harness: DriverHarness): void {
  describe('query cache', () => {
    const ctx = useFreshStore(harness);
    const response: Json = { rows: [{ team: 'nlp', amount: '1234.56' }], notes: ["it's \"quoted\""], empty: [], n: 1.5, nil: null };

    it('returns an entry until it expires, then nothing', async () => {
      await ctx.store.cachePut('k1', 'focus', { q: 'cost by team' }, response, HOUR, T0);

      expect(await ctx.store.cacheGet('k1', at(HOUR - 1))).toEqual({
        key: 'k1',
        provider: 'focus',
        request: { q: 'cost by team' },
        response,
        createdAt: T0,
        expiresAt: at(HOUR),
      });
      expect(await ctx.store.cacheGet('k1', at(HOUR))).toBeNull();
      expect(await ctx.store.cacheGet('missing', T0)).toBeNull();
    });

    it('replaces an entry on put and round-trips a top-level JSON array', async () => {
      await ctx.store.cachePut('k1', 'focus', {}, { old: true }, HOUR, T0);
      await ctx.store.cachePut('k1', 'aws-cost-explorer', ['a', 1], [1, 'two', { three: 3 }], 2 * HOUR, at(1000));

      expect(await ctx.store.cacheGet('k1', at(HOUR + 1))).toMatchObject({
        provider: 'aws-cost-explorer',
        request: ['a', 1],
        response: [1, 'two', { three: 3 }],
        expiresAt: at(1000 + 2 * HOUR),
      });
    });

    it('purges only expired entries and says how many', async () => {
      await ctx.store.cachePut('short', 'focus', {}, {}, HOUR, T0);
      await ctx.store.cachePut('long', 'focus', {}, {}, 3 * HOUR, T0);

      expect(await ctx.store.cachePurgeExpired(at(2 * HOUR))).toBe(1);
      expect(await ctx.store.cachePurgeExpired(at(2 * HOUR))).toBe(0);
      expect(await ctx.store.cacheGet('long', at(2 * HOUR))).not.toBeNull();
    });

    it('rejects a TTL that is not a positive duration', async () => {
      for (const ttl of [0, -5, Number.NaN]) {
        await expect(ctx.store.cachePut('k', 'focus', {}, {}, ttl, T0)).rejects.toMatchObject({ code: 'invalid-argument' });
      }
    });
  });

  describe('budget overrides, budgets, audit, snoozes', () => {
    const ctx = useFreshStore(harness);

    it('files a pending request with its amount kept exact', async () => {
      const created = await ctx.store.createOverride({ ...REQUEST, amount: '999999999999999999.123456789' }, T0);

      expect(created).toEqual({
        ...REQUEST,
        amount: '999999999999999999.123456789',
        id: expect.stringMatching(/^\d+$/),
        status: 'pending',
        decidedBy: null,
        decidedAt: null,
        decisionReason: null,
        messageRefs: [],
        createdAt: T0,
      });
      expect(await ctx.store.getOverride(created.id)).toEqual(created);
    });

    it('lets only the first of two concurrent decisions win and tells the loser who decided', async () => {
      const { id } = await ctx.store.createOverride(REQUEST, T0);

      const [a, b] = await Promise.all([
        ctx.store.decideOverride(id, 'approved', 'U0APPROVER1', null, at(1000)),
        ctx.store.decideOverride(id, 'denied', 'U0APPROVER2', 'too much', at(1000)),
      ]);

      expect([a.won, b.won].filter(Boolean)).toHaveLength(1);
      const winner = a.won ? a : b;
      const loser = a.won ? b : a;
      expect(loser.decidedBy).toBe(winner.decidedBy);
      expect(loser.override).toEqual(winner.override);
      expect((await ctx.store.getOverride(id))?.status).toBe(a.won ? 'approved' : 'denied');
    });

    it('tells a later click who decided and changes nothing', async () => {
      const { id } = await ctx.store.createOverride(REQUEST, T0);
      await ctx.store.decideOverride(id, 'denied', 'U0APPROVER1', "x' OR 1=1 --", at(1000));

      const late = await ctx.store.decideOverride(id, 'approved', 'U0APPROVER2', null, at(2000));

      expect(late).toMatchObject({ won: false, decidedBy: 'U0APPROVER1' });
      expect(late.override).toMatchObject({ status: 'denied', decisionReason: "x' OR 1=1 --", decidedAt: at(1000) });
    });

    it('answers "no such request" for unknown and malformed ids', async () => {
      await ctx.store.createOverride(REQUEST, T0);
      for (const id of ['424242', '1 OR 1=1', "1'; --", '', '-1', '99999999999999999999999']) {
        expect(await ctx.store.decideOverride(id, 'approved', 'U0APPROVER1', null, T0)).toEqual({ won: false, decidedBy: null, override: null });
      }
    });

    it('sums approved overrides exactly and ignores other statuses and periods', async () => {
      const a = await ctx.store.createOverride({ ...REQUEST, amount: '0.1' }, T0);
      const b = await ctx.store.createOverride({ ...REQUEST, amount: '0.2' }, T0);
      const c = await ctx.store.createOverride({ ...REQUEST, amount: '700' }, T0);
      const d = await ctx.store.createOverride({ ...REQUEST, amount: '50', periodStart: '2026-06-01' }, T0);
      for (const o of [a, b, d]) await ctx.store.decideOverride(o.id, 'approved', 'U0APPROVER1', null, T0);
      await ctx.store.decideOverride(c.id, 'denied', 'U0APPROVER1', 'no', T0);

      expect(await ctx.store.approvedOverrideTotal('nlp-monthly', '2026-05-01')).toBe('0.3');
      expect(await ctx.store.approvedOverrideTotal('other', '2026-05-01')).toBe('0');
    });

    it('expires requests left pending and records message references', async () => {
      const old = await ctx.store.createOverride(REQUEST, T0);
      const fresh = await ctx.store.createOverride(REQUEST, at(48 * HOUR));
      expect(await ctx.store.addOverrideMessageRef(old.id, { platform: 'slack', ts: '1' })).toBe(true);
      expect(await ctx.store.addOverrideMessageRef(old.id, { platform: 'teams', activityId: 'x' })).toBe(true);

      const expired = await ctx.store.expirePendingOverrides(at(24 * HOUR), at(49 * HOUR));

      expect(expired.map((o) => o.id)).toEqual([old.id]);
      expect(expired[0]).toMatchObject({ status: 'expired', decidedAt: at(49 * HOUR), messageRefs: [{ platform: 'slack', ts: '1' }, { platform: 'teams', activityId: 'x' }] });
      expect((await ctx.store.getOverride(fresh.id))?.status).toBe('pending');
      expect((await ctx.store.decideOverride(old.id, 'approved', 'U0APPROVER1', null, at(50 * HOUR))).won).toBe(false);
    });

    it('rejects amounts and dates that are not exact decimal text or YYYY-MM-DD', async () => {
      for (const amount of ['-5', '1e3', 'abc', '', '5,000', ' 5', '0.1234567891']) {
        await expect(ctx.store.createOverride({ ...REQUEST, amount }, T0)).rejects.toMatchObject({ code: 'invalid-argument' });
      }
      await expect(ctx.store.createOverride({ ...REQUEST, periodStart: '2026-5-1' }, T0)).rejects.toMatchObject({ code: 'invalid-argument' });
      await expect(ctx.store.createOverride({ ...REQUEST, amount: '0' }, T0)).rejects.toThrow(/check constraint/i);
    });

    it('stores budgets with exact amounts and rejects bad thresholds', async () => {
      const budget = { name: 'nlp-monthly', scope: 'team=nlp', amount: '50000.10', currency: 'USD', period: 'month' as const, thresholds: [50, 80, 100], team: 'nlp', forecast: true };
      await ctx.store.upsertBudget(budget, 'U0ADMIN', T0);
      await ctx.store.upsertBudget({ ...budget, amount: '60000' }, 'U0ADMIN2', at(1000));

      expect(await ctx.store.listBudgets()).toEqual([{ ...budget, amount: '60000', updatedAt: at(1000), updatedBy: 'U0ADMIN2' }]);
      await expect(ctx.store.upsertBudget({ ...budget, thresholds: [0] }, 'U0ADMIN', T0)).rejects.toMatchObject({ code: 'invalid-argument' });
    });

    it('lists the audit trail newest first, limited', async () => {
      for (let i = 0; i < 5; i++) {
        await ctx.store.appendAudit({ actor: `U${i}`, platform: 'slack', action: 'override.requested', subject: 'budget:nlp-monthly', detail: { i } }, at(i * 1000));
      }

      const trail = await ctx.store.listAudit('budget:nlp-monthly', 2);

      expect(trail.map((e) => [e.actor, e.at, e.detail])).toEqual([
        ['U4', at(4000), { i: 4 }],
        ['U3', at(3000), { i: 3 }],
      ]);
    });

    it('keeps a snooze in force until it ends', async () => {
      await ctx.store.snooze({ resource: 'i-0abc', until: at(24 * HOUR), by: 'U0USER', kind: 'snooze' }, T0);

      expect(await ctx.store.activeSnooze('i-0abc', at(HOUR))).toEqual({ resource: 'i-0abc', until: at(24 * HOUR), by: 'U0USER', kind: 'snooze', createdAt: T0 });
      expect(await ctx.store.activeSnooze('i-0abc', at(24 * HOUR))).toBeNull();
      expect(await ctx.store.activeSnooze('i-other', T0)).toBeNull();
    });
  });
}
