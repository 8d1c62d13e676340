import { createHash } from 'node:crypto';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import { StoreError, type SqlDriver, type SqlExecutor, type StoreLogger } from './types.js';

export interface MigrateOptions {
  /** Default: every migration shipped with this build. */
  migrations?: readonly Migration[];
  logger?: StoreLogger;
}

export interface MigrateResult {
  /** Versions this call applied (empty when the schema was already current). */
  applied: number[];
  /** The newest version now recorded in the database. */
  current: number;
}

/** sha256 (hex) of a migration's SQL; line endings are normalised so a CRLF checkout matches. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/**
 * Throws unless versions start at 1 and increase (a number reserved by work on another
 * branch may be skipped), each with a kebab-case name and some SQL.
 */
export function validateMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((m, index) => {
    const previous = index === 0 ? 0 : migrations[index - 1]!.version;
    if (!Number.isInteger(m.version) || (index === 0 ? m.version !== 1 : m.version <= previous)) {
      throw new StoreError('migration-invalid', `Migration at position ${index + 1} has version ${m.version}; versions must start at 1 and increase (1, 2, 3…), with no repeats.`);
    }
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(m.name)) {
      throw new StoreError('migration-invalid', `Migration ${m.version} has the name "${m.name}"; use kebab-case (e.g. "add-snoozes").`);
    }
    if (m.sql.trim() === '') {
      throw new StoreError('migration-invalid', `Migration ${m.version} (${m.name}) has no SQL.`);
    }
  });
}

/**
 * Brings the schema up to date. Safe to call from several replicas at once.
 *  1. Validate the migration list.
 *  2. Under a transaction-scoped advisory lock (per schema), create `schema_migrations`
 *     if missing and check every applied migration's checksum against this build's SQL.
 *  3. For each migration not yet applied: in its own transaction, take the same lock,
 *     re-check (another replica may have just applied it), run the SQL, record it.
 * A changed checksum stops everything: an applied migration must never be edited.
 */
export async function migrate(driver: SqlDriver, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = options.migrations ?? MIGRATIONS;
  validateMigrations(migrations);

  const applied = await driver.transaction(async (tx) => {
    await lock(tx);
    // Only when missing: a replica whose role may not create tables (README: the audit
    // log's grants) starts on a schema another role keeps up to date.
    const found = await tx.query<{ found: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS found");
    if (!found.rows[0]!.found) await tx.query(`CREATE TABLE schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      checksum   text NOT NULL
    )`);
    return readApplied(tx);
  });
  for (const row of applied) verify(row, migrations, options.logger);

  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.some((row) => row.version === migration.version)) continue;
    const ran = await driver.transaction(async (tx) => {
      await lock(tx);
      const existing = await tx.query<AppliedRow>(
        'SELECT version, name, checksum FROM schema_migrations WHERE version = $1',
        [migration.version],
      );
      if (existing.rows[0] !== undefined) {
        verify(existing.rows[0], migrations, options.logger);
        return false;
      }
      await tx.execScript(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migrationChecksum(migration.sql),
      ]);
      return true;
    });
    if (ran) {
      done.push(migration.version);
      options.logger?.info({ version: migration.version, name: migration.name }, 'store migration applied');
    }
  }
  const latest = await driver.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  return { applied: done, current: latest.rows[0]?.version ?? 0 };
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

async function lock(tx: SqlExecutor): Promise<void> {
  // Keyed by schema, so separate schemas (parallel test runs) do not wait on each other.
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('finops-bot:migrate:' || current_schema(), 0))");
}

async function readApplied(tx: SqlExecutor): Promise<AppliedRow[]> {
  const result = await tx.query<AppliedRow>('SELECT version, name, checksum FROM schema_migrations ORDER BY version');
  return result.rows;
}

function verify(row: AppliedRow, migrations: readonly Migration[], logger: StoreLogger | undefined): void {
  const known = migrations.find((m) => m.version === row.version);
  if (known === undefined) {
    // A newer build migrated this database (a rolling deploy): its tables are a superset.
    logger?.warn({ version: row.version, name: row.name }, 'database has a migration this build does not know');
    return;
  }
  if (migrationChecksum(known.sql) !== row.checksum) {
    throw new StoreError(
      'migration-checksum',
      `Migration ${row.version} (${row.name}) was applied with different SQL than this build ships (checksum ${row.checksum.slice(0, 12)}… in the database, ${migrationChecksum(known.sql).slice(0, 12)}… in the code). Applied migrations must never be edited: restore the original SQL and put the change in a new migration.`,
    );
  }
}
