import { describe, expect, it, vi } from 'vitest';
import { MIGRATIONS, migrate, migrationChecksum, type Migration } from '../../../src/store/index.js';
import { StoreError } from '../../../src/store/types.js';
import { useFreshDriver, type DriverHarness } from '../harness.js';

// Tests that build on top of the first migration apply only it: later ones are real
// migrations with their own versions, which a made-up version 2 would collide with.
const init = MIGRATIONS[0]!;

async function tableExists(driver: { query: (sql: string, p: string[]) => Promise<{ rows: { found: boolean }[] }> }, name: string) {
  const result = await driver.query('SELECT to_regclass($1) IS NOT NULL AS found', [name]);
  return result.rows[0]!.found;
}

export function migrationContract(harness: DriverHarness): void {
  describe('migrations', () => {
    const ctx = useFreshDriver(harness);

    it('applies every migration once and records version, name and checksum', async () => {
      const first = await migrate(ctx.driver);
      const second = await migrate(ctx.driver);

      expect(first).toEqual({ applied: MIGRATIONS.map((m) => m.version), current: MIGRATIONS.at(-1)!.version });
      expect(second).toEqual({ applied: [], current: MIGRATIONS.at(-1)!.version });
      const rows = await ctx.driver.query<{ version: number; name: string; checksum: string; applied_at: Date }>(
        'SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version',
      );
      expect(rows.rows.map(({ version, name, checksum }) => ({ version, name, checksum }))).toEqual(
        MIGRATIONS.map((m) => ({ version: m.version, name: m.name, checksum: migrationChecksum(m.sql) })),
      );
      expect(rows.rows[0]!.applied_at).toBeInstanceOf(Date);
      for (const table of ['query_cache', 'budgets', 'budget_overrides', 'audit_log', 'job_runs', 'message_ledger', 'conversation_refs', 'snoozes', 'message_deliveries', 'console_messages']) {
        expect(await tableExists(ctx.driver, table), table).toBe(true);
      }
    });

    it('applies each migration exactly once when several replicas migrate at the same time', async () => {
      const results = await Promise.all([migrate(ctx.driver), migrate(ctx.driver), migrate(ctx.driver)]);

      expect(results.flatMap((r) => r.applied).sort()).toEqual(MIGRATIONS.map((m) => m.version));
      expect(results.every((r) => r.current === MIGRATIONS.at(-1)!.version)).toBe(true);
    });

    it('refuses to run when an applied migration was edited, naming it and the fix', async () => {
      await migrate(ctx.driver, { migrations: [init] });
      const edited: Migration[] = [{ ...init, sql: `${init.sql}\nCREATE TABLE sneaky (x int);` }];

      const error = await migrate(ctx.driver, { migrations: edited }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('migration-checksum');
      expect((error as StoreError).message).toContain('Migration 1 (init)');
      expect((error as StoreError).message).toContain('new migration');
      expect(await tableExists(ctx.driver, 'sneaky')).toBe(false);
    });

    it('treats CRLF line endings as the same SQL', async () => {
      await migrate(ctx.driver);
      const crlf: Migration[] = MIGRATIONS.map((m) => ({ ...m, sql: m.sql.replace(/\n/g, '\r\n') }));

      await expect(migrate(ctx.driver, { migrations: crlf })).resolves.toEqual({ applied: [], current: MIGRATIONS.at(-1)!.version });
    });

    it('applies a new migration on top of applied ones', async () => {
      await migrate(ctx.driver, { migrations: [init] });
      const next: Migration = { version: 2, name: 'add-widgets', sql: 'CREATE TABLE widgets (id int PRIMARY KEY);' };

      const result = await migrate(ctx.driver, { migrations: [init, next] });

      expect(result).toEqual({ applied: [2], current: 2 });
      expect(await tableExists(ctx.driver, 'widgets')).toBe(true);
    });

    it('rolls a failing migration back completely and does not record it', async () => {
      await migrate(ctx.driver, { migrations: [init] });
      const broken: Migration = { version: 2, name: 'broken', sql: 'CREATE TABLE half_done (x int);\nSELECT * FROM no_such_table;' };

      await expect(migrate(ctx.driver, { migrations: [init, broken] })).rejects.toThrow(/no_such_table/);

      expect(await tableExists(ctx.driver, 'half_done')).toBe(false);
      const versions = await ctx.driver.query<{ version: number }>('SELECT version FROM schema_migrations');
      expect(versions.rows).toEqual([{ version: 1 }]);
    });

    it('warns but runs when the database knows a migration this build does not (rolling deploy)', async () => {
      const next: Migration = { version: 2, name: 'from-the-future', sql: 'CREATE TABLE future (x int);' };
      await migrate(ctx.driver, { migrations: [init, next] });
      const logger = { info: vi.fn(), warn: vi.fn() };

      const result = await migrate(ctx.driver, { migrations: [init], logger });

      expect(result).toEqual({ applied: [], current: 2 });
      expect(logger.warn).toHaveBeenCalledWith({ version: 2, name: 'from-the-future' }, expect.stringContaining('does not know'));
    });

    it('rejects a malformed migration list before touching the database', async () => {
      const backwards: Migration[] = [init, { version: 3, name: 'three', sql: 'SELECT 1;' }, { version: 2, name: 'two-after-three', sql: 'SELECT 1;' }];

      await expect(migrate(ctx.driver, { migrations: backwards })).rejects.toMatchObject({ code: 'migration-invalid' });
      expect(await tableExists(ctx.driver, 'schema_migrations')).toBe(false);
    });
  });
}
