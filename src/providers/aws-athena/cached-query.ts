import { createHash } from 'node:crypto';
import type { DateRange } from '../../core/types.js';
import { cacheTtlMs } from '../shared/cache-ttl.js';
import type { ProviderContext } from '../types.js';
import type { AthenaEnv, Tally } from './athena-calls.js';
import { runQuery } from './run-query.js';
import type { CompiledQuery, ResultRow } from './types.js';

export interface CachedRun {
  rows: ResultRow[];
  cacheHit: boolean;
  /** Bytes this run scanned: 0 when answered from the cache. */
  bytesScanned?: number;
}

interface CacheEntry {
  rows: ResultRow[];
}

/** The cache key: the provider and everything that decides the answer (SQL, parameters, where it runs). */
export function cacheKey(env: AthenaEnv, q: CompiledQuery): string {
  const e = env.errors;
  return createHash('sha256').update(JSON.stringify([e.provider, q.sql, q.params, env.catalog, e.database, e.workgroup, e.outputLocation ?? null])).digest('hex');
}

function isEntry(v: unknown): v is CacheEntry {
  return typeof v === 'object' && v !== null && Array.isArray((v as CacheEntry).rows);
}

/**
 * Runs a compiled query once per cache lifetime: a hit sends nothing; a miss runs it
 * (`runQuery`) and stores the decoded rows for `cacheTtlMs(range)`, short while the range
 * includes today (the export still changes). A cache that fails is logged and bypassed.
 */
export async function cachedQuery(q: CompiledQuery, range: DateRange, env: AthenaEnv, ctx: ProviderContext, tally: Tally): Promise<CachedRun> {
  const key = cacheKey(env, q);
  const hit = await ctx.cache.get(key).catch((err: unknown) => {
    ctx.logger.warn({ provider: env.errors.provider, err }, 'athena cache read failed');
    return null;
  });
  if (isEntry(hit)) return { rows: hit.rows, cacheHit: true, bytesScanned: 0 };
  const run = await runQuery(q, env, ctx.signal, tally, ctx.logger);
  await ctx.cache.put(key, { provider: env.errors.provider, sql: q.sql, params: q.params }, { rows: run.rows } satisfies CacheEntry, cacheTtlMs(range, ctx.now)).catch((err: unknown) => {
    ctx.logger.warn({ provider: env.errors.provider, err }, 'athena cache write failed');
  });
  return { rows: run.rows, cacheHit: false, ...(run.bytesScanned !== undefined ? { bytesScanned: run.bytesScanned } : {}) };
}
