import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, createPgDriver, createStore, migrate } from '../../src/store/index.js';
import { PG_TEST_URL, freshSchemaName } from './harness.js';

const name = PG_TEST_URL === undefined ? 'the README’s grants on PostgreSQL (skipped: set FINOPS_TEST_DATABASE_URL)' : 'the README’s grants on PostgreSQL';

/** The statements the README gives, for an application role on a schema another role owns. */
function grants(schema: string, app: string): string {
  return `
GRANT USAGE ON SCHEMA ${schema} TO ${app};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${app};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${app};
REVOKE UPDATE, DELETE, TRUNCATE ON ${schema}.audit_log FROM ${app};`;
}

describe.skipIf(PG_TEST_URL === undefined)(name, { timeout: 60_000 }, () => {
  it('let an application role without DDL rights start on a current schema, append audit records, and never change them', async () => {
    const url = new URL(PG_TEST_URL!);
    const admin = await createPgDriver({ connectionString: url.toString(), max: 1 });
    const schema = freshSchemaName();
    const app = `finops_app_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    try {
      await admin.query(`CREATE SCHEMA ${schema}`);
      const owner = await createPgDriver({ connectionString: url.toString(), schema, max: 1 });
      await migrate(owner);
      await owner.close();
      await admin.query(`CREATE ROLE ${app} LOGIN PASSWORD '${password}'`);
      await admin.execScript(grants(schema, app));

      const appUrl = new URL(url);
      appUrl.username = app;
      appUrl.password = password;
      const driver = await createPgDriver({ connectionString: appUrl.toString(), schema, max: 2 });
      try {
        expect(await migrate(driver)).toEqual({ applied: [], current: MIGRATIONS.at(-1)!.version });
        const store = createStore(driver);
        await store.appendAudit({ actor: 'U1', platform: 'slack', action: 'budget.set', subject: 'budget:x' }, new Date('2026-11-01T00:00:00Z'));
        const o = await store.createOverride({ budget: 'x', periodStart: '2026-11-01', amount: '5', until: null, reason: 'r', requestedBy: 'U2', requestedPlatform: 'slack' }, new Date('2026-11-01T00:00:00Z'));
        expect((await store.decideOverride(o.id, 'approved', 'U3', null, new Date('2026-11-02T00:00:00Z'))).won).toBe(true);

        await expect(driver.query("UPDATE audit_log SET actor = 'x'")).rejects.toThrow(/permission denied for table audit_log/);
        await expect(driver.query('DELETE FROM audit_log')).rejects.toThrow(/permission denied for table audit_log/);
        await expect(driver.query('CREATE TABLE sneaky (x int)')).rejects.toThrow(/permission denied for schema/);
        expect((await store.listAudit('budget:x')).map((e) => e.actor)).toEqual(['U1']);
      } finally {
        await driver.close();
      }
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.query(`DROP ROLE IF EXISTS ${app}`);
      await admin.close();
    }
  });
});
