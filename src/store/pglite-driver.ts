import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite, type Results, type Transaction } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.js';
import { Mutex } from './mutex.js';
import { TransactionGuard } from './transaction-guard.js';
import { StoreError, type QueryResult, type SqlDriver, type SqlExecutor, type SqlParam } from './types.js';

/** The embedded database's default home, relative to the working directory. */
export const DEFAULT_DATA_DIR = './.finops';
/** The in-memory data dir (tests). */
export const MEMORY_DATA_DIR = 'memory://';

export interface PgliteDriverOptions {
  /** A directory (created if missing) or `memory://`. Default `./.finops`. */
  dataDir?: string;
}

/**
 * Opens the embedded PostgreSQL (PGlite, WASM) as a `SqlDriver`.
 * PGlite is a single connection, so every statement and transaction goes through one
 * FIFO mutex: concurrent transactions run one after the other, never interleaved.
 * Only one process may open a data directory at a time: a lock file in it (see
 * `lockDataDir`) refuses a second one, naming the holder.
 */
export async function createPgliteDriver(options: PgliteDriverOptions = {}): Promise<SqlDriver> {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  let location = dataDir;
  if (!dataDir.includes('://')) {
    location = resolve(dataDir);
    try {
      mkdirSync(location, { recursive: true });
    } catch (cause) {
      throw new StoreError(
        'connection',
        `Cannot create the embedded database directory ${location}: ${(cause as Error).message}. Set FINOPS_DATA_DIR to a writable directory, or set DATABASE_URL to use PostgreSQL.`,
        { cause },
      );
    }
  }
  // One process per directory: a second PGlite on the same files loses acknowledged rows.
  const unlock = location.includes('://') ? () => undefined : lockDataDir(location);
  let db: PGlite;
  try {
    db = await PGlite.create(location);
  } catch (cause) {
    unlock();
    throw new StoreError(
      'connection',
      `Cannot open the embedded database in ${location}: ${(cause as Error).message}. If another finops-bot process uses this FINOPS_DATA_DIR, stop it or point this one elsewhere.`,
      { cause },
    );
  }
  return new PgliteDriver(db, unlock);
}

class PgliteDriver implements SqlDriver {
  readonly kind = 'pglite' as const;
  readonly #db: PGlite;
  readonly #mutex = new Mutex();
  readonly #guard = new TransactionGuard();
  #closed = false;

  readonly #unlock: () => void;

  constructor(db: PGlite, unlock: () => void) {
    this.#db = db;
    this.#unlock = unlock;
  }

  query<T extends object>(sql: string, params: readonly SqlParam[] = []): Promise<QueryResult<T>> {
    return this.#exclusive(async () => normalise(await this.#db.query<T>(sql, [...params])));
  }

  execScript(sql: string): Promise<void> {
    return this.#exclusive(async () => {
      await this.#db.exec(sql);
    });
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#exclusive(() => this.#db.transaction((tx) => this.#guard.within(() => fn(wrap(tx)))));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Wait for whatever holds the mutex, so close never cuts a transaction in half.
    try {
      await this.#mutex.run(() => this.#db.close());
    } finally {
      this.#unlock();
    }
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.#guard.assertOutside();
    if (this.#closed) return Promise.reject(closedError());
    return this.#mutex.run(fn);
  }
}

function wrap(tx: Transaction): SqlExecutor {
  return {
    async query<T extends object>(sql: string, params: readonly SqlParam[] = []) {
      return normalise(await tx.query<T>(sql, [...params]));
    },
    async execScript(sql: string) {
      await tx.exec(sql);
    },
  };
}

/** PGlite reports 0 affected rows for a SELECT; the port counts returned rows there. */
function normalise<T>(result: Results<T>): QueryResult<T> {
  return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
}

function closedError(): StoreError {
  return new StoreError('closed', 'The store is closed. Open a new one with openStore().');
}
