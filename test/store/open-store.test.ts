import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { MIGRATIONS, openStore, redactUrl, storeOptionsFromEnv, StoreError } from '../../src/store/index.js';
import { freshSchemaName, PG_TEST_URL, pgHarness } from './harness.js';

const NOW = new Date('2026-05-14T09:00:00.000Z');
const tmp = mkdtempSync(join(tmpdir(), 'finops-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('storeOptionsFromEnv', () => {
  it('reads DATABASE_URL and FINOPS_DATA_DIR, treating blank as unset', () => {
    expect(storeOptionsFromEnv({ DATABASE_URL: 'postgres://h/db', FINOPS_DATA_DIR: '/var/lib/finops' })).toEqual({
      databaseUrl: 'postgres://h/db',
      dataDir: '/var/lib/finops',
    });
    expect(storeOptionsFromEnv({ DATABASE_URL: '  ', FINOPS_DATA_DIR: '' })).toEqual({});
    expect(storeOptionsFromEnv({})).toEqual({});
  });
});

describe('redactUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactUrl('postgres://bot:s3cret@db.internal:5432/finops')).toBe('postgres://bot:***@db.internal:5432/finops');
    expect(redactUrl('postgres://postgres@127.0.0.1:5432/test')).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(redactUrl('not a url :: s3cret')).toBe('(unparseable DATABASE_URL)');
  });
});

describe('openStore on the embedded database', { timeout: 180_000 }, () => {
  it('creates a missing data directory, migrates once, and keeps data across restarts', async () => {
    const dataDir = join(tmp, 'nested', 'data');
    const logger = { info: vi.fn(), warn: vi.fn() };

    const first = await openStore({ dataDir, logger });
    await first.recordMessage({ ledgerKey: 'digest:sub-1:2026-05-14', job: 'digest', channel: 'C1', platform: 'slack' }, NOW);
    await first.close();
    const second = await openStore({ dataDir });
    const kept = await second.recordMessage({ ledgerKey: 'digest:sub-1:2026-05-14', job: 'digest', channel: 'C1', platform: 'slack' }, NOW);
    await second.close();

    expect(existsSync(dataDir)).toBe(true);
    expect(first.driver).toBe('pglite');
    expect(first.migration).toEqual({ applied: MIGRATIONS.map((m) => m.version), current: MIGRATIONS.at(-1)!.version });
    expect(second.migration).toEqual({ applied: [], current: MIGRATIONS.at(-1)!.version });
    expect(kept).toBe(false);
    expect(logger.info).toHaveBeenCalledWith(expect.objectContaining({ driver: 'pglite', location: dataDir }), 'store opened');
  });

  it('refuses queries after close with a coded error', async () => {
    const store = await openStore({ dataDir: 'memory://' });
    await store.close();

    await expect(store.cachePurgeExpired(NOW)).rejects.toMatchObject({ code: 'closed' });
  });

  it('says which directory it cannot create and how to fix it', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'not a directory');

    const error = await openStore({ dataDir: join(file, 'db') }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'connection', message: expect.stringContaining('FINOPS_DATA_DIR') });
  });
});

describe('openStore on PostgreSQL', () => {
  it('fails fast with a redacted URL and a fix when the server is unreachable', async () => {
    const error = await openStore({ databaseUrl: 'postgres://bot:s3cret@127.0.0.1:1/finops' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('connection');
    expect((error as StoreError).message).toContain('postgres://bot:***@127.0.0.1:1/finops');
    expect((error as StoreError).message).not.toContain('s3cret');
    expect((error as StoreError).message).toContain('DATABASE_URL');
  });

  it.skipIf(PG_TEST_URL === undefined)(
    `picks the pg driver when a database URL is given${PG_TEST_URL === undefined ? ' (skipped: set FINOPS_TEST_DATABASE_URL)' : ''}`,
    async () => {
      const harness = pgHarness(PG_TEST_URL!);
      const holder = await harness.fresh(); // creates and later drops a schema of our own
      const schema = (await holder.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
      const url = new URL(PG_TEST_URL!);
      url.searchParams.set('options', `-c search_path=${schema}`);

      const store = await openStore({ databaseUrl: url.toString() });
      await store.close();
      await holder.close();
      await harness.teardown();

      expect(store.driver).toBe('pg');
      expect(store.migration.current).toBe(MIGRATIONS.at(-1)!.version);
      expect(schema).toMatch(/^finops_test_/);
      expect(freshSchemaName()).not.toBe(schema);
    },
  );
});
