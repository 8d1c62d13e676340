import { createHash } from 'node:crypto';
import type { BigQuery } from '@google-cloud/bigquery';
import type { DateRange } from '../../core/types.js';
import { cacheTtlMs } from '../shared/cache-ttl.js';
import { withRetry, type RetryOptions } from '../shared/with-retry.js';
import { classifyBigQueryError, type ErrorContext } from './classify-error.js';
import { runQuery } from './run-query.js';
import type { CompiledQuery, ResultRow } from './types.js';
import type { ProviderContext } from '../types.js';

/** Retry knobs a test (or the lead's wiring) may override. */
export type RetrySettings = Pick<RetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs' | 'timeoutMs' | 'random' | 'sleep'>;

export const DEFAULT_RETRY: RetrySettings = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, timeoutMs: 60_000 };

export interface QueryEnv {
  client: BigQuery;
  errors: ErrorContext;
  retry: RetrySettings;
}

export interface CachedRun {
  rows: ResultRow[];
  /** HTTP requests sent (pages, polls and failed attempts included). */
  calls: number;
  cacheHit: boolean;
  bytesProcessed?: number;
}

interface CacheEntry {
  rows: ResultRow[];
  bytesProcessed?: number;
}

/** The cache key: the provider and everything that decides the answer (SQL, parameter values and types, limits). */
export function cacheKey(provider: string, q: CompiledQuery, extra: unknown[] = []): string {
  return createHash('sha256').update(JSON.stringify([provider, q.sql, q.params, q.types, ...extra])).digest('hex');
}

function isEntry(v: unknown): v is CacheEntry {
  return typeof v === 'object' && v !== null && Array.isArray((v as CacheEntry).rows);
}

/**
 * Runs a compiled query once per cache lifetime: a hit makes no call; a miss runs it with
 * bounded retries and a per-attempt timeout, then stores the decoded rows for
 * `cacheTtlMs(range)` (short when the range includes today, since the export still changes).
 */
export async function cachedQuery(
  q: CompiledQuery,
  range: DateRange,
  env: QueryEnv,
  ctx: ProviderContext,
  /** Incremented for every request sent, failed attempts included (the caller's tally survives a throw). */
  counter: { calls: number } = { calls: 0 },
): Promise<CachedRun> {
  const key = cacheKey(env.errors.provider, q, [env.errors.location ?? null, env.errors.maxBytesBilled ?? null]);
  const hit = await ctx.cache.get(key);
  if (isEntry(hit)) return { rows: hit.rows, calls: 0, cacheHit: true, bytesProcessed: 0 };
  const before = counter.calls;
  const run = await withRetry(
    env.errors.provider,
    (signal) =>
      runQuery(q, {
        client: env.client,
        jobProject: env.errors.jobProject,
        location: env.errors.location,
        maximumBytesBilled: env.errors.maxBytesBilled,
        signal,
        onCall: () => void counter.calls++,
      }),
    (err) => classifyBigQueryError(err, env.errors),
    {
      ...env.retry,
      signal: ctx.signal,
      onRetry: ({ attempt, delayMs, error }) =>
        ctx.logger.warn({ provider: env.errors.provider, attempt, delayMs, code: error.code }, 'bigquery query failed; retrying'),
    },
  );
  const entry: CacheEntry = { rows: run.rows, ...(run.bytesProcessed !== undefined ? { bytesProcessed: run.bytesProcessed } : {}) };
  await ctx.cache.put(key, { provider: env.errors.provider, sql: q.sql, params: q.params }, entry, cacheTtlMs(range, ctx.now));
  return { rows: run.rows, calls: counter.calls - before, cacheHit: false, bytesProcessed: run.bytesProcessed };
}
