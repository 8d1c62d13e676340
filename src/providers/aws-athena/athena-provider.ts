import { AthenaClient } from '@aws-sdk/client-athena';
import { ConfigError } from '../../config/config-error.js';
import { validateTimeZone } from '../../core/dates.js';
import type { FetchRequest, FetchResult, ProviderContext, ProviderDeps, QueryProvider } from '../types.js';
import { abortableSleep, DEFAULT_POLL, DEFAULT_QUERY_TIMEOUT_MS, DEFAULT_RETRY, type AthenaEnv, type PollSettings, type RetrySettings, type Tally } from './athena-calls.js';
import { cachedQuery } from './cached-query.js';
import { compileFetchSql } from './compile-sql.js';
import { runDoctor } from './doctor.js';
import { fetchKnownValues } from './known-values.js';
import { sqlIdentifier } from './sql-text.js';
import { sourceEnd } from '../shared/period-end.js';
import { toCostRecord } from './to-cost-record.js';
import type { AthenaProviderConfig, TableInfo } from './types.js';
import { requestTally } from '../shared/request-tally.js';

/** What the factory takes besides the configuration: the usual deps, and test seams. */
export type AthenaProviderDeps = ProviderDeps & {
  /** A ready client (tests); otherwise one is built from the configuration. */
  client?: AthenaClient;
  retry?: Partial<RetrySettings>;
  poll?: Partial<PollSettings>;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
};

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,254}$/;

function invalid(path: string, message: string): ConfigError {
  return new ConfigError('CONFIG_INVALID', 'The aws-athena provider cannot start:', [{ path, message }]);
}

/**
 * AWS Data Exports (FOCUS 1.0) in S3, queried with Athena, as a push-down provider: each
 * fetch runs one aggregate query and returns records at the grain the allocation layer
 * finishes (local day × the FOCUS columns and tags its rules read), amounts exact. The
 * database and table names are the only configuration in the SQL text besides tag keys
 * and the zone; they are validated here and quoted. Credentials come from the SDK's
 * default chain; the SDK's own retries are off (`send` retries, counted).
 */
export function createAthenaProvider(config: AthenaProviderConfig, deps: AthenaProviderDeps): QueryProvider {
  const id = config.name ?? 'aws-athena';
  for (const key of ['database', 'table'] as const) {
    if (!NAME.test(config[key] ?? '')) throw invalid(key, `expected a Glue ${key} name (letters, digits, underscores, hyphens), got ${JSON.stringify(String(config[key]).slice(0, 80))}`);
  }
  const tz = validateTimeZone(config.timezone ?? 'UTC');
  if (!tz.ok) throw invalid('timezone', tz.error);
  const database = config.database.toLowerCase();
  const tableName = config.table.toLowerCase();
  const table: TableInfo = { database, table: tableName, quoted: `${sqlIdentifier(database)}.${sqlIdentifier(tableName)}`, partitioned: config.partitioned !== false, timezone: tz.timezone };
  const client = deps.client ?? new AthenaClient({ region: config.region, maxAttempts: 1, ...(config.endpoint ? { endpoint: config.endpoint } : {}) });
  const workgroup = config.workgroup ?? 'primary';
  const env: AthenaEnv = {
    client,
    errors: { provider: id, workgroup, database, table: tableName, ...(config.outputLocation ? { outputLocation: config.outputLocation } : {}) },
    catalog: config.catalog ?? 'AwsDataCatalog',
    retry: { ...DEFAULT_RETRY, ...deps.retry },
    poll: { ...DEFAULT_POLL, ...deps.poll },
    timeoutMs: config.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    sleep: deps.sleep ?? abortableSleep,
  };

  async function fetch(request: FetchRequest, ctx: ProviderContext): Promise<FetchResult> {
    const tally: Tally = requestTally(ctx);
    const compiled = compileFetchSql(request, table);
    const run = await cachedQuery(compiled, request.range, env, ctx, tally);
    const records = [];
    let withoutCost = 0;
    for (const row of run.rows) {
      if (row.usage_day === null || row.usage_day === undefined) continue; // the freshness row
      const rec = toCostRecord(id, row, compiled);
      withoutCost += Number(row.rows_without_cost ?? 0) || 0;
      if (rec) records.push(rec);
    }
    const notes = withoutCost > 0
      ? [`${withoutCost} row${withoutCost === 1 ? '' : 's'} of ${database}.${tableName} in this range ${withoutCost === 1 ? 'has' : 'have'} neither BilledCost nor EffectiveCost and ${withoutCost === 1 ? 'is' : 'are'} left out.`]
      : [];
    ctx.logger.debug({ provider: id, calls: tally.calls, cacheHit: run.cacheHit, rows: records.length, bytes: run.bytesScanned }, 'athena fetch done');
    return { records, calls: tally.calls, cacheHits: run.cacheHit ? 1 : 0, ...(run.bytesScanned !== undefined ? { bytesScanned: run.bytesScanned } : {}), ...sourceEnd(run.rows), notes };
  }

  return {
    kind: 'query',
    id,
    type: 'aws-athena',
    providerNames: ['AWS'],
    describe: () => `aws-athena: ${database}.${tableName} (workgroup ${workgroup}, ${config.region}${config.endpoint ? ` via ${config.endpoint}` : ''})`,
    fetch,
    knownValues: (range, allocation, ctx) => fetchKnownValues(range, allocation, table, env, ctx),
    async doctor(ctx) {
      try {
        return await runDoctor(table, env, client, ctx);
      } catch (err) {
        return [{ name: 'doctor', ok: false, detail: err instanceof Error ? err.message : String(err) }];
      }
    },
  };
}
