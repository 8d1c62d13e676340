import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createPgDriver, createPgliteDriver, MEMORY_DATA_DIR } from '../../src/store/index.js';
import { createStore, type Store } from '../../src/store/store.js';
import { migrate } from '../../src/store/migrate.js';
import type { SqlDriver } from '../../src/store/types.js';

/** Hands out drivers on fresh, empty schemas of one database. */
export interface DriverHarness {
  readonly name: string;
  /** A driver whose search_path is a new empty schema; its close() drops the schema. */
  fresh(): Promise<SqlDriver>;
  teardown(): Promise<void>;
}

/** The PostgreSQL the PG block runs against, if any. */
export const PG_TEST_URL = process.env.FINOPS_TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

export function freshSchemaName(): string {
  return `finops_test_${randomBytes(6).toString('hex')}`;
}

/**
 * One in-memory PGlite per test file (starting one takes seconds), a fresh schema per
 * test. PGlite is a single session, so `SET search_path` applies to everything after it.
 */
export function pgliteHarness(): DriverHarness {
  let shared: Promise<SqlDriver> | undefined;
  return {
    name: 'PGlite (in memory)',
    async fresh() {
      shared ??= createPgliteDriver({ dataDir: MEMORY_DATA_DIR });
      const driver = await shared;
      const schema = freshSchemaName();
      await driver.query(`CREATE SCHEMA ${schema}`);
      await driver.query(`SET search_path TO ${schema}`);
      return {
        kind: driver.kind,
        query: (sql, params) => driver.query(sql, params),
        execScript: (sql) => driver.execScript(sql),
        transaction: (fn) => driver.transaction(fn),
        close: async () => {
          await driver.query(`DROP SCHEMA ${schema} CASCADE`);
        },
      };
    },
    async teardown() {
      if (shared !== undefined) await (await shared).close();
    },
  };
}

/** A real PostgreSQL: each fresh() is a new schema `finops_test_<random>`, dropped on close. */
export function pgHarness(url: string): DriverHarness {
  let admin: Promise<SqlDriver> | undefined;
  return {
    name: 'PostgreSQL',
    async fresh() {
      admin ??= createPgDriver({ connectionString: url, max: 2 });
      const adminDriver = await admin;
      const schema = freshSchemaName();
      await adminDriver.query(`CREATE SCHEMA ${schema}`);
      const driver = await createPgDriver({ connectionString: url, schema, max: 12 });
      return {
        kind: driver.kind,
        query: (sql, params) => driver.query(sql, params),
        execScript: (sql) => driver.execScript(sql),
        transaction: (fn) => driver.transaction(fn),
        close: async () => {
          await driver.close();
          await adminDriver.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        },
      };
    },
    async teardown() {
      if (admin !== undefined) await (await admin).close();
    },
  };
}

/** Registers the harness's one-off hooks: warm start before all, teardown after all. */
export function useHarness(harness: DriverHarness): void {
  beforeAll(async () => {
    // Start the database once, with room for PGlite's slow start (seconds).
    await (await harness.fresh()).close();
  }, 240_000);
  afterAll(() => harness.teardown());
}

/** Registers hooks giving each test a driver on a fresh, unmigrated schema. */
export function useFreshDriver(harness: DriverHarness): { readonly driver: SqlDriver } {
  let driver: SqlDriver | undefined;
  beforeEach(async () => {
    driver = await harness.fresh();
  }, 180_000);
  afterEach(async () => {
    await driver?.close();
    driver = undefined;
  });
  return {
    get driver() {
      return driver!;
    },
  };
}

/** Registers hooks giving each test a migrated store on a fresh schema. */
export function useFreshStore(harness: DriverHarness): { readonly store: Store; readonly driver: SqlDriver } {
  const fresh = useFreshDriver(harness);
  let store: Store | undefined;
  beforeEach(async () => {
    await migrate(fresh.driver);
    store = createStore(fresh.driver);
  }, 180_000);
  return {
    get store() {
      return store!;
    },
    get driver() {
      return fresh.driver;
    },
  };
}
