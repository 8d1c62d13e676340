import { createHash } from 'node:crypto';
import { iso, isoAfter, jsonParam, toDate } from './sql-values.js';
import type { CacheEntry, Json, SqlExecutor } from './types.js';

/** A cache key: sha256 (hex) of the provider id and the request with object keys sorted. */
export function cacheKey(provider: string, request: Json): string {
  return createHash('sha256').update(`${provider}\n${canonicalJson(request)}`).digest('hex');
}

function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as Json)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface CacheRow {
  key: string;
  provider: string;
  request: Json;
  response: Json;
  created_at: Date;
  expires_at: Date;
}

/** The entry under `key` unless it has expired by `now`. */
export async function cacheGet(db: SqlExecutor, key: string, now: Date): Promise<CacheEntry | null> {
  const result = await db.query<CacheRow>(
    'SELECT key, provider, request, response, created_at, expires_at FROM query_cache WHERE key = $1 AND expires_at > $2::timestamptz',
    [key, iso(now)],
  );
  const row = result.rows[0];
  if (row === undefined) return null;
  return {
    key: row.key,
    provider: row.provider,
    request: row.request,
    response: row.response,
    createdAt: toDate(row.created_at),
    expiresAt: toDate(row.expires_at),
  };
}

/** Stores (or replaces) an entry that expires `ttlMs` after `now`. */
export async function cachePut(
  db: SqlExecutor,
  key: string,
  provider: string,
  request: Json,
  response: Json,
  ttlMs: number,
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO query_cache (key, provider, request, response, created_at, expires_at)
     VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::timestamptz, $6::timestamptz)
     ON CONFLICT (key) DO UPDATE SET provider = EXCLUDED.provider, request = EXCLUDED.request,
       response = EXCLUDED.response, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at`,
    [key, provider, jsonParam(request), jsonParam(response), iso(now), isoAfter(now, ttlMs, 'The cache TTL')],
  );
}

/** Deletes entries expired by `now`; returns how many. */
export async function cachePurgeExpired(db: SqlExecutor, now: Date): Promise<number> {
  const result = await db.query('DELETE FROM query_cache WHERE expires_at <= $1::timestamptz', [iso(now)]);
  return result.rowCount;
}
