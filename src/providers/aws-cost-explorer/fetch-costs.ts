import type { DateRange } from '../../core/types.js';
import { ProviderError } from '../shared/provider-error.js';
import type { FetchRequest, FetchResult, ProviderContext } from '../types.js';
import { pagedCall, type CallEnv, type Tally } from './ce-calls.js';
import type { CeDimension } from './ce-vocabulary.js';
import { compileNeeds, compileRequest, needsTagKeys } from './compile-request.js';
import { decodeResults, estimatedNote } from './decode-results.js';
import { costAndUsagePageSchema, dimensionValuesPageSchema, tagsPageSchema } from './schema.js';
import type { Discovery } from './types.js';
import { requestTally } from '../shared/request-tally.js';

export interface FetchEnv extends CallEnv {
  /** Refuse a query that needs more GetCostAndUsage requests than this. */
  maxRequests: number;
}

/** Every tag key present in the range, exact spellings (`GetTags` without `TagKey`). */
export async function discoverTagKeys(env: CallEnv, range: DateRange, ctx: ProviderContext, tally: Tally): Promise<string[]> {
  const pages = await pagedCall(env, 'GetTags', { TimePeriod: { Start: range.start, End: range.end } }, tagsPageSchema, range, ctx, tally);
  return [...new Set(pages.flatMap((p) => p.Tags))];
}

/** The values of one tag key (exact spelling) in the range. */
export async function discoverTagValues(env: CallEnv, tagKey: string, range: DateRange, ctx: ProviderContext, tally: Tally): Promise<string[]> {
  const pages = await pagedCall(env, 'GetTags', { TimePeriod: { Start: range.start, End: range.end }, TagKey: tagKey }, tagsPageSchema, range, ctx, tally);
  return [...new Set(pages.flatMap((p) => p.Tags))].filter((v) => v !== '');
}

/** The values of one dimension in the range (pages of at most 1000). */
export async function discoverDimensionValues(env: CallEnv, dim: CeDimension, range: DateRange, ctx: ProviderContext, tally: Tally): Promise<string[]> {
  const input = { TimePeriod: { Start: range.start, End: range.end }, Dimension: dim, Context: 'COST_AND_USAGE', MaxResults: 1000 };
  const pages = await pagedCall(env, 'GetDimensionValues', input, dimensionValuesPageSchema, range, ctx, tally);
  return [...new Set(pages.flatMap((p) => p.DimensionValues.map((d) => d.Value)))];
}

/**
 * One scan of the engine against Cost Explorer:
 * 1. discover the tag key spellings present in the range (when a key reads tags);
 * 2. discover the values the filters and shared rules must be expanded over;
 * 3. compile the GetCostAndUsage requests (refusing more than `maxRequests`);
 * 4. run each (cache first, every page), decode, and say which days are estimated.
 * Every discovery and request is cached on its own, so a repeated scan makes no call.
 */
export async function fetchCosts(env: FetchEnv, req: FetchRequest, ctx: ProviderContext): Promise<FetchResult> {
  const tally: Tally = requestTally(ctx);
  const tagKeys = needsTagKeys(req) ? await discoverTagKeys(env, req.range, ctx, tally) : [];
  const needs = compileNeeds(req, tagKeys);
  const discovery: Discovery = { tagKeys, tagValues: {}, dimensionValues: {} };
  for (const t of needs.tagValuesOf) discovery.tagValues[t] = await discoverTagValues(env, t, req.range, ctx, tally);
  for (const d of needs.dimensions) discovery.dimensionValues[d] = await discoverDimensionValues(env, d, req.range, ctx, tally);

  const plan = compileRequest(req, discovery);
  if (plan.requests.length > env.maxRequests) {
    throw new ProviderError(env.provider, 'too-expensive',
      `${env.provider}: this query needs ${plan.requests.length} Cost Explorer requests ($0.01 each, more with pages), over the limit of ${env.maxRequests}. Group or filter by fewer keys, or raise maxRequests for this provider in the configuration.`,
      false);
  }
  const records = [];
  const estimated: string[] = [];
  for (const r of plan.requests) {
    const pages = await pagedCall(env, 'GetCostAndUsage', r.input, costAndUsagePageSchema, req.range, ctx, tally);
    const decoded = decodeResults(pages, r);
    for (const rec of decoded.records) records.push(rec);
    estimated.push(...decoded.estimated);
  }
  ctx.logger.debug({ provider: env.provider, requests: plan.requests.map((r) => r.purpose), calls: tally.calls, cacheHits: tally.cacheHits, records: records.length }, 'cost explorer scan');
  const note = estimatedNote(estimated);
  return { records, calls: tally.calls, cacheHits: tally.cacheHits, notes: note ? [...plan.notes, note] : plan.notes };
}
