import { iso, isoAfter } from './sql-values.js';
import type { SqlExecutor } from './types.js';

/**
 * Remembers `key` until `ttlMs` after `now`; true when this call is the first to see it
 * (or the last sighting has expired), false for a repeat. One statement, so two replicas
 * racing on the same key get one true between them.
 */
export async function firstSighting(db: SqlExecutor, key: string, ttlMs: number, now: Date): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO seen_requests (key, seen_at, expires_at) VALUES ($1, $2::timestamptz, $3::timestamptz)
     ON CONFLICT (key) DO UPDATE SET seen_at = EXCLUDED.seen_at, expires_at = EXCLUDED.expires_at
       WHERE seen_requests.expires_at <= EXCLUDED.seen_at
     RETURNING key`,
    [key, iso(now), isoAfter(now, ttlMs, 'How long a request is remembered')],
  );
  return result.rowCount === 1;
}

/** Forgets sightings expired by `now`; returns how many. */
export async function purgeSightings(db: SqlExecutor, now: Date): Promise<number> {
  const result = await db.query('DELETE FROM seen_requests WHERE expires_at <= $1::timestamptz', [iso(now)]);
  return result.rowCount;
}
