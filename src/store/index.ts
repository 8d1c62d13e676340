import { migrate, type MigrateResult } from './migrate.js';
import { createPgDriver, redactUrl } from './pg-driver.js';
import { createPgliteDriver, DEFAULT_DATA_DIR } from './pglite-driver.js';
import { createStore, type Store } from './store.js';
import type { SqlDriver, StoreLogger } from './types.js';

export * from './types.js';
export type { Store, StoreOps, SendOnceResult } from './store.js';
export type { BudgetInput } from './budgets.js';
export type { DeliveryFilter } from './deliveries.js';
export type { Migration } from './migrations/index.js';
export { createStore } from './store.js';
export { cacheKey } from './cache.js';
export { migrate, migrationChecksum, validateMigrations, type MigrateOptions, type MigrateResult } from './migrate.js';
export { MIGRATIONS } from './migrations/index.js';
export { createPgDriver, redactUrl, type PgDriverOptions } from './pg-driver.js';
export { createPgliteDriver, DEFAULT_DATA_DIR, MEMORY_DATA_DIR, type PgliteDriverOptions } from './pglite-driver.js';

export interface OpenStoreOptions {
  /** PostgreSQL URL; when set, the `pg` driver is used. */
  databaseUrl?: string;
  /** The embedded database's directory (or `memory://`) when no `databaseUrl`. */
  dataDir?: string;
  logger?: StoreLogger;
}

/** The store settings from the environment: `DATABASE_URL`, `FINOPS_DATA_DIR` (empty = unset). */
export function storeOptionsFromEnv(env: Record<string, string | undefined>): Pick<OpenStoreOptions, 'databaseUrl' | 'dataDir'> {
  const databaseUrl = env.DATABASE_URL?.trim();
  const dataDir = env.FINOPS_DATA_DIR?.trim();
  return {
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(dataDir ? { dataDir } : {}),
  };
}

/**
 * Opens the store: PostgreSQL through `pg` when `databaseUrl` is set, else the embedded
 * PGlite in `dataDir` (default `./.finops`, created if missing). Migrates before returning.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store & { migration: MigrateResult }> {
  const driver: SqlDriver =
    options.databaseUrl !== undefined
      ? await createPgDriver({ connectionString: options.databaseUrl, logger: options.logger })
      : await createPgliteDriver({ dataDir: options.dataDir ?? DEFAULT_DATA_DIR });
  try {
    const migration = await migrate(driver, { logger: options.logger });
    options.logger?.info(
      {
        driver: driver.kind,
        location: options.databaseUrl !== undefined ? redactUrl(options.databaseUrl) : (options.dataDir ?? DEFAULT_DATA_DIR),
        schemaVersion: migration.current,
      },
      'store opened',
    );
    return { ...createStore(driver), migration };
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw error;
  }
}
