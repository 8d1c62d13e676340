import { describe, expect, it } from 'vitest';
import type { OverrideRequest } from '../../../src/store/types.js';
import { useFreshStore, type DriverHarness } from '../harness.js';

const T0 = new Date('2026-11-14T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

const REQUEST: OverrideRequest = {
  budget: 'nlp-monthly',
  periodStart: '2026-11-01',
  amount: '5000',
  until: null,
  reason: 'Q4 training run',
  requestedBy: 'U0BBBBBBB',
  requestedPlatform: 'slack',
};

/** The audit log (append-only, paged export) and override totals across periods. */
export function auditOverridesContract(harness: DriverHarness): void {
  describe('audit log and override periods', () => {
    const ctx = useFreshStore(harness);

    it('refuses UPDATE, DELETE and TRUNCATE on the audit log, whoever runs them', async () => {
      await ctx.store.appendAudit({ actor: 'U1', platform: 'slack', action: 'budget.set', subject: 'budget:a' }, T0);

      await expect(ctx.driver.query("UPDATE audit_log SET actor = 'someone-else'")).rejects.toThrow(/append-only: UPDATE refused/);
      await expect(ctx.driver.query('DELETE FROM audit_log')).rejects.toThrow(/append-only: DELETE refused/);
      await expect(ctx.driver.query('TRUNCATE audit_log')).rejects.toThrow(/append-only: TRUNCATE refused/);
      expect((await ctx.store.listAudit('budget:a')).map((e) => e.actor)).toEqual(['U1']);
    });

    it('pages through the whole log in write order, from --since on', async () => {
      for (let i = 0; i < 5; i++) {
        await ctx.store.appendAudit({ actor: `U${i}`, platform: 'teams', action: 'override.request', subject: `budget:b${i % 2}`, detail: { i } }, at(i * 1000));
      }

      const first = await ctx.store.listAuditPage({ limit: 2 });
      const second = await ctx.store.listAuditPage({ limit: 2, afterId: first.at(-1)!.id });
      const since = await ctx.store.listAuditPage({ since: at(3000) });

      expect(first.map((e) => e.actor)).toEqual(['U0', 'U1']);
      expect(second.map((e) => e.actor)).toEqual(['U2', 'U3']);
      expect(since.map((e) => [e.actor, e.at, e.detail])).toEqual([
        ['U3', at(3000), { i: 3 }],
        ['U4', at(4000), { i: 4 }],
      ]);
      await expect(ctx.store.listAuditPage({ afterId: '1 OR 1=1' })).rejects.toMatchObject({ code: 'invalid-argument' });
    });

    it('orders by id as a number, not as text: record 10 comes after record 9 (audit pages, newest requests, channel feeds)', async () => {
      for (let i = 0; i < 12; i++) {
        await ctx.store.appendAudit({ actor: `U${i}`, platform: 'slack', action: 'override.request', subject: 'budget:n', detail: { i } }, T0);
        await ctx.store.createOverride({ ...REQUEST, amount: String(i + 1) }, T0);
        await ctx.store.postConsoleMessage({ channel: 'team-nlp', notice: { i }, threadOf: null, key: null }, T0);
      }

      expect((await ctx.store.listAuditPage({ limit: 11 })).map((e) => e.actor)).toEqual(Array.from({ length: 11 }, (_, i) => `U${i}`));
      expect((await ctx.store.listAudit('budget:n', 3)).map((e) => e.actor)).toEqual(['U11', 'U10', 'U9']);
      expect((await ctx.store.listOverrides('nlp-monthly', 3)).map((o) => o.amount)).toEqual(['12', '11', '10']);
      expect((await ctx.store.listConsoleMessages('team-nlp')).map((m) => (m.notice as { i: number }).i)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    });

    it('counts an approved override in its own period and, with until, in every later period up to that date', async () => {
      const once = await ctx.store.createOverride({ ...REQUEST, amount: '100' }, T0);
      const standing = await ctx.store.createOverride({ ...REQUEST, amount: '5000.50', until: '2026-12-31' }, T0);
      const pending = await ctx.store.createOverride({ ...REQUEST, amount: '7', until: '2027-06-30' }, T0);
      for (const o of [once, standing]) await ctx.store.decideOverride(o.id, 'approved', 'U0AAAAAAA', null, at(1000));

      expect(await ctx.store.approvedOverrideTotal('nlp-monthly', '2026-10-01')).toBe('0');
      expect(await ctx.store.approvedOverrideTotal('nlp-monthly', '2026-11-01')).toBe('5100.50');
      expect(await ctx.store.approvedOverrideTotal('nlp-monthly', '2026-12-01')).toBe('5000.50');
      expect(await ctx.store.approvedOverrideTotal('nlp-monthly', '2027-01-01')).toBe('0');
      expect((await ctx.store.listOverrides('nlp-monthly')).map((o) => [o.id, o.status])).toEqual([
        [pending.id, 'pending'],
        [standing.id, 'approved'],
        [once.id, 'approved'],
      ]);
      expect(await ctx.store.listOverrides('other')).toEqual([]);
    });
  });
}
