import { createHash } from 'node:crypto';
import {
  GetCostAndUsageCommand,
  GetCostForecastCommand,
  GetDimensionValuesCommand,
  GetTagsCommand,
  type CostExplorerClient,
} from '@aws-sdk/client-cost-explorer';
import type * as z from 'zod';
import type { DateRange } from '../../core/types.js';
import { cacheTtlMs } from '../shared/cache-ttl.js';
import { ProviderError } from '../shared/provider-error.js';
import { withRetry, type RetryOptions } from '../shared/with-retry.js';
import type { ProviderContext } from '../types.js';
import { PAGINATION_RACE, classifyCeError } from './classify-error.js';

/** Retry knobs a test (or the lead's wiring) may override. */
export type RetrySettings = Pick<RetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs' | 'timeoutMs' | 'random' | 'sleep'>;

export const DEFAULT_RETRY: RetrySettings = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, timeoutMs: 20_000 };

/** A runaway pagination (a fake or a bug handing back tokens forever) stops here. */
const MAX_PAGES = 500;

export interface CallEnv {
  provider: string;
  client: CostExplorerClient;
  retry: RetrySettings;
}

/** Requests sent (every page and every failed attempt) and answers taken from the cache. */
export interface Tally {
  calls: number;
  cacheHits: number;
}

export type CeOperation = 'GetCostAndUsage' | 'GetTags' | 'GetDimensionValues' | 'GetCostForecast';

const COMMANDS = {
  GetCostAndUsage: GetCostAndUsageCommand,
  GetTags: GetTagsCommand,
  GetDimensionValues: GetDimensionValuesCommand,
  GetCostForecast: GetCostForecastCommand,
} as const;

/** The cache key of one request: the provider, the operation and the exact input JSON. */
export function cacheKey(provider: string, op: CeOperation, input: unknown): string {
  return createHash('sha256').update(JSON.stringify([provider, op, input])).digest('hex');
}

/** One call, with the per-attempt timeout and bounded retries of throttling and outages. */
export async function sendOnce(env: CallEnv, op: CeOperation, input: object, ctx: Pick<ProviderContext, 'signal' | 'logger'>, tally: Tally): Promise<unknown> {
  return withRetry(
    env.provider,
    async (signal) => {
      tally.calls++;
      // The SDK's own retries are off (maxAttempts: 1): these are the only ones.
      const Command = COMMANDS[op] as unknown as new (i: object) => Parameters<CostExplorerClient['send']>[0];
      return env.client.send(new Command(input), { abortSignal: signal });
    },
    (err) => classifyCeError(env.provider, op, err),
    {
      ...env.retry,
      signal: ctx.signal,
      onRetry: ({ attempt, delayMs, error }) => ctx.logger.warn({ provider: env.provider, op, attempt, delayMs, code: error.code }, 'cost explorer call failed; retrying'),
    },
  );
}

/** Validates a payload at the edge; a surprise becomes a `ProviderError` that says where. */
export function parsePayload<S extends z.ZodType>(env: CallEnv, op: CeOperation, schema: S, raw: unknown): z.infer<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new ProviderError(env.provider, 'unknown', `${env.provider}: Cost Explorer returned an unexpected ${op} response (${issue?.path.join('.') || 'body'}: ${issue?.message}); please report it`, false, { cause: r.error });
}

/**
 * All pages of one request, from the cache when it holds them (no call; one cache hit),
 * otherwise by looping on `NextPageToken` (the SDK has no paginator for GetCostAndUsage),
 * each page one call with its own retries. A token that no longer fits the data
 * (`InvalidNextTokenException`, `RequestChangedException`) restarts from the first page
 * once. The decoded pages are cached for `cacheTtlMs(range)`.
 */
export async function pagedCall<S extends z.ZodType<{ NextPageToken?: string | undefined }>>(
  env: CallEnv,
  op: CeOperation,
  input: object,
  schema: S,
  range: DateRange,
  ctx: ProviderContext,
  tally: Tally,
): Promise<z.infer<S>[]> {
  const key = cacheKey(env.provider, op, input);
  const hit = await ctx.cache.get(key).catch((err: unknown) => {
    ctx.logger.warn({ provider: env.provider, err }, 'cost explorer cache read failed');
    return null;
  });
  if (Array.isArray(hit)) {
    tally.cacheHits++;
    return hit as z.infer<S>[];
  }
  let pages: z.infer<S>[] = [];
  for (let restart = 0; ; restart++) {
    pages = [];
    try {
      let token: string | undefined;
      do {
        const raw = await sendOnce(env, op, token ? { ...input, NextPageToken: token } : input, ctx, tally);
        const page = parsePayload(env, op, schema, raw);
        pages.push(page);
        token = page.NextPageToken;
        if (pages.length >= MAX_PAGES && token) throw new ProviderError(env.provider, 'too-expensive', `${env.provider}: ${op} returned more than ${MAX_PAGES} pages; ask about a shorter range or fewer groups`, false);
      } while (token);
      break;
    } catch (err) {
      const name = err instanceof ProviderError && err.cause instanceof Error ? err.cause.name : '';
      if (restart === 0 && PAGINATION_RACE.has(name)) {
        ctx.logger.warn({ provider: env.provider, op, name }, 'cost explorer pages changed; reading again from the first page');
        continue;
      }
      throw err;
    }
  }
  await ctx.cache.put(key, { op, input }, pages, cacheTtlMs(range, ctx.now)).catch((err: unknown) => {
    ctx.logger.warn({ provider: env.provider, err }, 'cost explorer cache write failed');
  });
  return pages;
}
