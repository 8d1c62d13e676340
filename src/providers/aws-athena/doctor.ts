import type { AthenaClient, GetTableMetadataOutput, GetWorkGroupOutput } from '@aws-sdk/client-athena';
import { ProviderError } from '../shared/provider-error.js';
import type { DoctorCheck, ProviderContext } from '../types.js';
import { send, type AthenaEnv, type Tally } from './athena-calls.js';
import { compileDoctorSql } from './compile-aux-sql.js';
import { PARTITION_COLUMN, REQUIRED_COLUMNS } from './source-columns.js';
import { runQuery } from './run-query.js';
import type { TableInfo } from './types.js';

const CREDENTIALS_FIX = 'set AWS_PROFILE (with ~/.aws/config), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run the bot with an IAM role (instance profile, ECS task role, IRSA)';
const POLICY_FIX = 'attach the IAM policy of src/providers/aws-athena/README.md to the bot\'s role';

function failed(name: string, err: unknown, fix: string): DoctorCheck {
  const detail = err instanceof Error ? err.message : String(err);
  if (err instanceof ProviderError && err.code === 'permission') return { name, ok: false, detail, fix: /credentials/.test(detail) ? CREDENTIALS_FIX : POLICY_FIX };
  return { name, ok: false, detail, fix };
}

/** Runs one doctor step with a single attempt per call: the doctor reports, it does not insist. */
const once = { attempts: 1 };

/**
 * `finops-bot doctor` for Athena; never throws. Checks, each with its fix:
 * 1. credentials: the SDK's default chain finds some (a local check, no request);
 * 2. the workgroup: exists, is enabled, and has somewhere to write results (its own
 *    location, managed results, or `outputLocation`); its per-query data limit is shown;
 * 3. the table: exists and has the FOCUS columns the bot reads, and the `billing_period`
 *    partitions unless `partitioned: false`;
 * 4. a query over one billing-period partition (this month's): rows and bytes scanned.
 */
export async function runDoctor(table: TableInfo, env: AthenaEnv, client: AthenaClient, ctx: ProviderContext): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const tally: Tally = { calls: 0 };
  const doctorEnv: AthenaEnv = { ...env, retry: { ...env.retry, ...once } };
  try {
    const creds = await client.config.credentials();
    checks.push({ name: 'credentials', ok: true, detail: `found (access key …${creds.accessKeyId.slice(-4)})` });
  } catch (err) {
    checks.push({ name: 'credentials', ok: false, detail: `no AWS credentials found: ${err instanceof Error ? err.message : String(err)}`, fix: CREDENTIALS_FIX });
    return checks;
  }

  const wg = env.errors.workgroup;
  try {
    const out = await send<GetWorkGroupOutput>(doctorEnv, 'GetWorkGroup', { WorkGroup: wg }, ctx.signal, tally, ctx.logger);
    const conf = out.WorkGroup?.Configuration;
    const own = conf?.ResultConfiguration?.OutputLocation;
    const managed = conf?.ManagedQueryResultsConfiguration?.Enabled === true;
    const where = conf?.EnforceWorkGroupConfiguration && own ? own : (env.errors.outputLocation ?? own ?? (managed ? 'managed query results' : undefined));
    const limit = conf?.BytesScannedCutoffPerQuery;
    if (out.WorkGroup?.State === 'DISABLED') {
      checks.push({ name: 'workgroup', ok: false, detail: `workgroup ${wg} is disabled`, fix: `enable workgroup ${wg} in the Athena console, or set workgroup to another one` });
    } else if (where === undefined) {
      checks.push({ name: 'workgroup', ok: false, detail: `workgroup ${wg} has no query result location and none is configured`, fix: 'set outputLocation (s3://…) for this provider, or a query result location on the workgroup' });
    } else {
      checks.push({ name: 'workgroup', ok: true, detail: `${wg}: results to ${where}; ${limit ? `per-query data limit ${limit} bytes` : 'no per-query data limit (set one: see README)'}` });
    }
  } catch (err) {
    checks.push(failed('workgroup', err, `check the workgroup name (${wg}) and region in the configuration`));
  }

  try {
    const out = await send<GetTableMetadataOutput>(doctorEnv, 'GetTableMetadata', { CatalogName: env.catalog, DatabaseName: table.database, TableName: table.table, WorkGroup: wg }, ctx.signal, tally, ctx.logger);
    const columns = new Set((out.TableMetadata?.Columns ?? []).map((c) => (c.Name ?? '').toLowerCase()));
    const partitions = (out.TableMetadata?.PartitionKeys ?? []).map((c) => (c.Name ?? '').toLowerCase());
    const missing = REQUIRED_COLUMNS.filter((c) => !columns.has(c));
    if (missing.length > 0) {
      checks.push({ name: 'table', ok: false, detail: `${table.database}.${table.table} lacks FOCUS columns: ${missing.join(', ')}`, fix: 'point database and table at a FOCUS 1.0 Data Export table (README: table setup)' });
    } else if (table.partitioned && !partitions.includes(PARTITION_COLUMN)) {
      checks.push({ name: 'table', ok: false, detail: `${table.database}.${table.table} has the FOCUS columns but no ${PARTITION_COLUMN} partition (partitions: ${partitions.join(', ') || 'none'})`, fix: `create the table with PARTITIONED BY (${PARTITION_COLUMN} string) (README), or set partitioned: false (every question then scans the whole table)` });
    } else {
      checks.push({ name: 'table', ok: true, detail: `${table.database}.${table.table}: FOCUS columns found${table.partitioned ? `, partitioned by ${PARTITION_COLUMN}` : ', not partitioned (every question scans the whole table)'}` });
    }
  } catch (err) {
    checks.push(failed('table', err, 'check database and table in the configuration (README: table setup)'));
  }

  try {
    const run = await runQuery(compileDoctorSql(table, ctx.now), doctorEnv, ctx.signal, tally, ctx.logger);
    const row = run.rows[0];
    const scope = table.partitioned ? `billing period ${new Date(ctx.now).toISOString().slice(0, 7)}` : 'the last day';
    checks.push({ name: 'query', ok: true, detail: `${row?.row_count ?? 0} rows in ${scope}${row?.latest_charge ? `, latest charge ${row.latest_charge}` : ''}${run.bytesScanned !== undefined ? ` (${run.bytesScanned} bytes scanned)` : ''}` });
  } catch (err) {
    checks.push(failed('query', err, 'see the error above; run the doctor again once it is fixed'));
  }
  return checks;
}
