import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { DateRange, Metric } from '../../core/types.js';
import type { ProviderContext, ProviderDeps, QueryProvider } from '../types.js';
import { DEFAULT_RETRY, type RetrySettings } from './ce-calls.js';
import { doctorChecks } from './doctor.js';
import { fetchCosts, type FetchEnv } from './fetch-costs.js';
import { costForecast, type CeForecast } from './forecast.js';
import { knownValues } from './known-values.js';
import type { CostExplorerConfig } from './types.js';

export type { CostExplorerConfig } from './types.js';
export type { CeForecast } from './forecast.js';
export type { RetrySettings } from './ce-calls.js';
export { compileRequest, compileNeeds, needsTagKeys } from './compile-request.js';
export { validateExpression } from './expression.js';
export { CE_ACTIONS } from './classify-error.js';

export const DEFAULT_MAX_REQUESTS = 40;

/** What the factory takes besides the configuration: the usual deps, and test seams. */
export type CostExplorerDeps = ProviderDeps & {
  /** A ready client (tests); otherwise one is built from the configuration. */
  client?: CostExplorerClient;
  retry?: Partial<RetrySettings>;
};

/** The Cost Explorer provider: a `QueryProvider` plus Cost Explorer's own forecast. */
export interface CostExplorerProvider extends QueryProvider {
  /** Cost Explorer's forecast from today (UTC) to `range.end`, unfiltered; null when the range is past. */
  forecast(range: DateRange, metric: Metric, ctx: ProviderContext): Promise<CeForecast | null>;
}

/**
 * AWS Cost Explorer as a push-down provider: each scan becomes a few grouped
 * GetCostAndUsage requests (never one per group), answered as cost records at the grain
 * the allocation layer finishes. The client's own retries are off: `withRetry` does them
 * with a per-call timeout. Credentials come from the SDK's default chain.
 */
export function createCostExplorerProvider(config: CostExplorerConfig, deps: CostExplorerDeps): CostExplorerProvider {
  const id = config.name ?? 'aws-cost-explorer';
  const client = deps.client ?? new CostExplorerClient({
    region: config.region,
    maxAttempts: 1,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
  });
  const env: FetchEnv = {
    provider: id,
    client,
    retry: { ...DEFAULT_RETRY, ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}), ...deps.retry },
    maxRequests: config.maxRequests ?? DEFAULT_MAX_REQUESTS,
  };
  return {
    kind: 'query',
    id,
    type: 'aws-cost-explorer',
    providerNames: ['AWS'],
    describe: () => `aws-cost-explorer: ${config.region}${config.endpoint ? ` via ${config.endpoint}` : ''}`,
    fetch: (request, ctx) => fetchCosts(env, request, ctx),
    async knownValues(range, allocation, ctx) {
      return (await knownValues(env, range, allocation, ctx)).values;
    },
    async doctor(ctx) {
      try {
        return await doctorChecks(env, client, ctx);
      } catch (err) {
        return [{ name: `${id}: doctor`, ok: false, detail: err instanceof Error ? err.message : String(err) }];
      }
    },
    forecast: (range, metric, ctx) => costForecast(env, range, metric, ctx),
  };
}
