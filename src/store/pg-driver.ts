import pg from 'pg';
import { redactText, redactUrl as redactUrlText } from '../redact.js';
import { TransactionGuard } from './transaction-guard.js';
import { StoreError, type QueryResult, type SqlDriver, type SqlExecutor, type SqlParam, type StoreLogger } from './types.js';

export interface PgDriverOptions {
  /** A PostgreSQL URL, as in `DATABASE_URL`. */
  connectionString: string;
  /** Put this schema first on every connection's search_path (tests use a fresh one each). */
  schema?: string;
  /** Pool size; default 10. */
  max?: number;
  logger?: StoreLogger;
}

/**
 * Opens a `pg` connection pool as a `SqlDriver` and checks that it can connect, so a wrong
 * `DATABASE_URL` fails at start-up with a message rather than on the first question.
 */
export async function createPgDriver(options: PgDriverOptions): Promise<SqlDriver> {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
    throw new StoreError('invalid-argument', `Invalid schema name "${options.schema}": use lower-case letters, digits and underscores.`);
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // An idle client losing its connection (server restart) must not crash the process;
  // the pool replaces it on the next query.
  pool.on('error', (error) => options.logger?.warn({ err: redactText(error.message) }, 'idle PostgreSQL connection lost'));
  try {
    await pool.query('SELECT 1');
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new StoreError(
      'connection',
      `Cannot connect to PostgreSQL at ${redactUrl(options.connectionString)}: ${redactText((cause as Error).message)}. Check that the server is running and DATABASE_URL is right, or unset DATABASE_URL to use the embedded database.`,
      { cause },
    );
  }
  return new PgDriver(pool);
}

/** The URL with its password and secret query parameters (`?password=`) replaced by `***`, safe to log or show. */
export function redactUrl(url: string): string {
  return URL.canParse(url) ? redactUrlText(url) : '(unparseable DATABASE_URL)';
}

class PgDriver implements SqlDriver {
  readonly kind = 'pg' as const;
  readonly #pool: pg.Pool;
  readonly #guard = new TransactionGuard();
  #closed = false;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async query<T extends object>(sql: string, params: readonly SqlParam[] = []): Promise<QueryResult<T>> {
    this.#assertUsable();
    return normalise(await this.#pool.query(sql, [...params]));
  }

  async execScript(sql: string): Promise<void> {
    this.#assertUsable();
    await this.#pool.query(sql);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.#assertUsable();
    const client = await this.#pool.connect();
    const tx: SqlExecutor = {
      query: async <R extends object>(sql: string, params: readonly SqlParam[] = []) =>
        normalise<R>(await client.query(sql, [...params])),
      execScript: async (sql: string) => {
        await client.query(sql);
      },
    };
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await this.#guard.within(() => fn(tx));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError; // the connection is unusable: drop it from the pool
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  #assertUsable(): void {
    this.#guard.assertOutside();
    if (this.#closed) throw new StoreError('closed', 'The store is closed. Open a new one with openStore().');
  }
}

function normalise<T>(result: pg.QueryResult): QueryResult<T> {
  return { rows: result.rows as T[], rowCount: Math.max(result.rowCount ?? 0, result.rows.length) };
}
