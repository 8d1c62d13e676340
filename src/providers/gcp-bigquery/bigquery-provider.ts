import type { BigQuery } from '@google-cloud/bigquery';
import { ConfigError } from '../../config/config-error.js';
import { validateTimeZone } from '../../core/dates.js';
import { ProviderError } from '../shared/provider-error.js';
import type { FetchRequest, FetchResult, ProviderContext, ProviderDeps, QueryProvider } from '../types.js';
import { cachedQuery, DEFAULT_RETRY, type QueryEnv, type RetrySettings } from './cached-query.js';
import { compileFetchSql, type TableInfo } from './compile-sql.js';
import { createBigQueryClient } from './create-client.js';
import { runDoctor } from './doctor.js';
import { fetchKnownValues } from './known-values.js';
import { detectExportKind, parseTableName } from './table-name.js';
import { PROVIDER_NAME, toCostRecord } from './to-cost-record.js';
import type { BigQueryProviderConfig } from './types.js';
import { requestTally } from '../shared/request-tally.js';

/** What the factory takes besides the configuration. */
export type BigQueryProviderDeps = ProviderDeps & {
  /** A ready client (tests pass one built by `createBigQueryClient` with a fake auth client). */
  client?: BigQuery;
  /** Retry and timeout knobs (defaults: 4 attempts, 60 s per attempt). */
  retry?: Partial<RetrySettings>;
};

const NO_LIST_COLUMN = /Unrecognized name: cost_at_list/i;

function invalid(path: string, message: string): ConfigError {
  return new ConfigError('CONFIG_INVALID', 'The gcp-bigquery provider cannot start:', [{ path, message }]);
}

/**
 * The Google Cloud billing export in BigQuery, as a push-down provider: each fetch runs
 * one aggregate query in BigQuery and returns records at the grain the allocation layer
 * needs (day × the columns and labels its rules read). Rejects a table path that is not
 * a plain `project.dataset.table` at construction (it is the only non-parameter SQL text).
 */
export function createBigQueryProvider(config: BigQueryProviderConfig, deps: BigQueryProviderDeps): QueryProvider {
  const id = config.name ?? 'gcp-bigquery';
  const parsed = parseTableName(config.table, config.projectId);
  if (!parsed.ok) throw invalid('table', parsed.error);
  const tz = validateTimeZone(config.timezone ?? 'UTC');
  if (!tz.ok) throw invalid('timezone', tz.error);
  if (config.maxBytesBilled !== undefined && !(Number.isSafeInteger(config.maxBytesBilled) && config.maxBytesBilled > 0)) {
    throw invalid('maxBytesBilled', `expected a positive whole number of bytes, got ${config.maxBytesBilled}`);
  }
  const ref = parsed.ref;
  const table: TableInfo = { ref, kind: config.export ?? detectExportKind(ref), timezone: tz.timezone };
  const jobProject = config.projectId ?? ref.project;
  const client = deps.client ?? createBigQueryClient(config, jobProject);
  const env: QueryEnv = {
    client,
    errors: { provider: id, table: ref, jobProject, location: config.location, maxBytesBilled: config.maxBytesBilled },
    retry: { ...DEFAULT_RETRY, ...deps.retry },
  };
  // Learned once: an export without `cost_at_list` answers the list metric from `cost`.
  let listColumnMissing = false;

  async function fetch(request: FetchRequest, ctx: ProviderContext): Promise<FetchResult> {
    const counter = requestTally(ctx);
    const notes: string[] = [];
    let compiled = compileFetchSql(request, table, { listCost: !listColumnMissing });
    let run;
    try {
      run = await cachedQuery(compiled, request.range, env, ctx, counter);
    } catch (err) {
      const missing = compiled.listColumn && err instanceof ProviderError && err.code === 'invalid-request' && NO_LIST_COLUMN.test(err.message);
      if (!missing) throw err;
      listColumnMissing = true;
      compiled = compileFetchSql(request, table, { listCost: false });
      run = await cachedQuery(compiled, request.range, env, ctx, counter);
    }
    if (request.metric === 'list' && !compiled.listColumn) {
      notes.push(`${ref.table} has no cost_at_list column (an older billing export), so list cost is shown as the cost before credits.`);
    }
    if (compiled.unavailable.includes('resourceId') && request.keys.includes('resource')) {
      notes.push(`${ref.table} is a standard billing export, which has no resource names; point ${id} at the detailed (resource-level) export to see resources.`);
    }
    const records = run.rows.map((row) => toCostRecord(row, compiled));
    ctx.logger.debug({ provider: id, calls: counter.calls, cacheHit: run.cacheHit, rows: records.length, bytes: run.bytesProcessed }, 'bigquery fetch done');
    return {
      records,
      calls: counter.calls,
      cacheHits: run.cacheHit ? 1 : 0,
      ...(run.bytesProcessed !== undefined ? { bytesScanned: run.bytesProcessed } : {}),
      notes,
    };
  }

  return {
    kind: 'query',
    id,
    type: 'gcp-bigquery',
    providerNames: [PROVIDER_NAME],
    describe: () => `gcp-bigquery: ${ref.project}.${ref.dataset}.${ref.table} (${table.kind} export${config.location ? `, ${config.location}` : ''})`,
    fetch,
    knownValues: (range, allocation, ctx) => fetchKnownValues(range, allocation, table, env, ctx),
    doctor: (ctx) => runDoctor(table, env, ctx),
  };
}
