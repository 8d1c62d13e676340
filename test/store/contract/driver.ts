import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/store/types.js';
import { useFreshStore, type DriverHarness } from '../harness.js';

const NOW = new Date('2026-05-14T09:00:00.000Z');

/** Strings that break a query that interpolates instead of binding. */
export const HOSTILE = [
  "x' OR 1=1 --",
  "'); DROP TABLE audit_log; --",
  '$1 $2 ::jsonb',
  'back\\slash \\x00 "double" `tick`',
  'ünïcødé ✓ 🚀 \u2028',
  ' '.repeat(3) + 'padded\n\ttabs',
];

export function driverContract(harness: DriverHarness): void {
  describe('driver', () => {
    const ctx = useFreshStore(harness);

    it('counts returned rows for SELECT and changed rows for UPDATE', async () => {
      await ctx.driver.query('CREATE TABLE t (x int)');
      await ctx.driver.query('INSERT INTO t VALUES (1), (2), (3)');

      const selected = await ctx.driver.query<{ x: number }>('SELECT x FROM t WHERE x >= $1 ORDER BY x', [2]);
      const updated = await ctx.driver.query('UPDATE t SET x = x + 10 WHERE x < $1', [3]);

      expect(selected).toEqual({ rows: [{ x: 2 }, { x: 3 }], rowCount: 2 });
      expect(updated).toEqual({ rows: [], rowCount: 2 });
    });

    it('rolls a transaction back when its function throws, and rethrows', async () => {
      await ctx.driver.query('CREATE TABLE t (x int)');

      const outcome = ctx.driver.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES ($1)', [1]);
        throw new Error('boom');
      });

      await expect(outcome).rejects.toThrow('boom');
      expect((await ctx.driver.query('SELECT * FROM t')).rowCount).toBe(0);
    });

    it('never lets a concurrent query see another transaction’s uncommitted rows', async () => {
      await ctx.driver.query('CREATE TABLE t (x int)');
      let inserted!: () => void;
      const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));

      const tx = ctx.driver.transaction(async (t) => {
        await t.query('INSERT INTO t VALUES (1)');
        inserted();
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error('rolled back');
      });
      await Promise.race([insertedSignal, tx.catch(() => undefined)]);
      const seen = await ctx.driver.query<{ n: string }>('SELECT count(*)::text AS n FROM t');

      await expect(tx).rejects.toThrow('rolled back');
      expect(seen.rows).toEqual([{ n: '0' }]);
    });

    it('serialises concurrent read-modify-write transactions (row lock) without losing updates', async () => {
      await ctx.driver.query('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)');
      await ctx.driver.query('INSERT INTO counter VALUES (1, 0)');

      await Promise.all(
        Array.from({ length: 8 }, () =>
          ctx.driver.transaction(async (tx) => {
            const { rows } = await tx.query<{ n: number }>('SELECT n FROM counter WHERE id = 1 FOR UPDATE');
            await new Promise((resolve) => setTimeout(resolve, 2));
            await tx.query('UPDATE counter SET n = $1 WHERE id = 1', [rows[0]!.n + 1]);
          }),
        ),
      );

      expect((await ctx.driver.query('SELECT n FROM counter')).rows).toEqual([{ n: 8 }]);
    });

    it('fails loudly (no deadlock) when the driver itself is called inside its transaction', async () => {
      const outcome = ctx.driver.transaction(async () => ctx.driver.query('SELECT 1'));

      await expect(outcome).rejects.toBeInstanceOf(StoreError);
      await expect(ctx.driver.transaction(async () => ctx.driver.query('SELECT 1'))).rejects.toMatchObject({ code: 'nested-query' });
      expect((await ctx.driver.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });

    it('stores hostile strings verbatim and never matches them as SQL', async () => {
      await ctx.store.appendAudit({ actor: 'someone-else', platform: 'slack', action: 'x', subject: 'real' }, NOW);
      for (const text of HOSTILE) {
        await ctx.store.appendAudit({ actor: text, platform: text, action: text, subject: text, detail: { [text]: text, list: [text] } }, NOW);
        await ctx.store.saveConversationRef({ platform: 'teams', conversationId: text, reference: { text }, team: text }, NOW);
      }

      for (const text of HOSTILE) {
        const audit = await ctx.store.listAudit(text);
        expect(audit.map(({ actor, platform, action, subject, detail }) => ({ actor, platform, action, subject, detail }))).toEqual([
          { actor: text, platform: text, action: text, subject: text, detail: { [text]: text, list: [text] } },
        ]);
        expect((await ctx.store.getConversationRef('teams', text))?.reference).toEqual({ text });
      }
      expect(await ctx.store.cacheGet("x' OR 1=1 --", NOW)).toBeNull();
      expect(await ctx.store.listAudit('real')).toHaveLength(1);
    });

    it('rejects text containing a NUL byte (PostgreSQL text cannot hold it) on both drivers', async () => {
      await expect(ctx.store.appendAudit({ actor: 'a\u0000b', platform: 'p', action: 'a', subject: 's' }, NOW)).rejects.toThrow(/0x00|null character|\\u0000/i);
    });

    it('rejects an invalid clock value with a coded error', async () => {
      await expect(ctx.store.cachePurgeExpired(new Date('nope'))).rejects.toMatchObject({ code: 'invalid-argument' });
    });
  });
}
