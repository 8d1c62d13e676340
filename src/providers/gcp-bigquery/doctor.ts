import type { ProviderContext, DoctorCheck } from '../types.js';
import { ProviderError } from '../shared/provider-error.js';
import { withRetry } from '../shared/with-retry.js';
import { classifyBigQueryError } from './classify-error.js';
import type { QueryEnv } from './cached-query.js';
import { compileDoctorSql } from './compile-aux-sql.js';
import type { TableInfo } from './compile-sql.js';
import { runQuery } from './run-query.js';
import { timestampCellToIso } from './schema.js';

const CREDENTIALS_FIX =
  'Set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, use workload identity, or run "gcloud auth application-default login".';

/** Runs one doctor step once (no retries: the doctor reports, it does not insist), never throwing. */
async function attempt<T>(env: QueryEnv, ctx: ProviderContext, fn: (signal: AbortSignal) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: ProviderError }> {
  try {
    const value = await withRetry(env.errors.provider, fn, (e) => classifyBigQueryError(e, env.errors), {
      ...env.retry,
      attempts: 1,
      signal: ctx.signal,
    });
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: err instanceof ProviderError ? err : classifyBigQueryError(err, env.errors) };
  }
}

/**
 * `finops-bot doctor` for the BigQuery provider:
 * 1. credentials: the client can get request headers;
 * 2. the table exists and looks like a billing export (tables.get);
 * 3. `bigquery.jobs.create` on the job project, and
 * 4. a tiny query (one day of partitions) that reads the table.
 * Each failure says how to fix it; nothing throws.
 */
export async function runDoctor(table: TableInfo, env: QueryEnv, ctx: ProviderContext): Promise<DoctorCheck[]> {
  const { ref } = table;
  const path = `${ref.project}.${ref.dataset}.${ref.table}`;
  const checks: DoctorCheck[] = [];

  const creds = await attempt(env, ctx, async () => {
    await env.client.authClient.getRequestHeaders();
  });
  checks.push(creds.ok
    ? { name: 'credentials', ok: true, detail: 'Google Cloud credentials found' }
    : { name: 'credentials', ok: false, detail: creds.error.message, fix: CREDENTIALS_FIX });

  const meta = await attempt(env, ctx, async () => {
    const [m] = await env.client.dataset(ref.dataset, { projectId: ref.project }).table(ref.table).getMetadata();
    return m as { schema?: { fields?: { name?: string }[] }; numRows?: string; type?: string };
  });
  if (meta.ok) {
    const names = new Set((meta.value.schema?.fields ?? []).map((f) => f.name));
    const missing = ['usage_start_time', 'cost', 'credits', 'labels', 'project', 'service', 'sku'].filter((c) => !names.has(c));
    const kind = names.has('resource') ? 'detailed' : 'standard';
    checks.push(missing.length === 0
      ? { name: 'table', ok: true, detail: `${path}: ${kind} billing export${names.has('cost_at_list') ? '' : ' (no cost_at_list: list cost falls back to cost)'}${kind !== table.kind ? `; configured as ${table.kind}` : ''}` }
      : { name: 'table', ok: false, detail: `${path} lacks billing export columns: ${missing.join(', ')}`, fix: 'Point table at the Cloud Billing export table itself (gcp_billing_export_v1_… or gcp_billing_export_resource_v1_…); views hide _PARTITIONTIME.' });
  } else {
    checks.push({ name: 'table', ok: false, detail: meta.error.message, fix: meta.error.code === 'permission' ? `Grant BigQuery Data Viewer on dataset ${ref.project}.${ref.dataset}.` : 'Check the table path (BigQuery console → table → Copy ID) and location.' });
  }

  const q = compileDoctorSql(table);
  const tiny = await attempt(env, ctx, (signal) =>
    runQuery(q, { client: env.client, jobProject: env.errors.jobProject, location: env.errors.location, maximumBytesBilled: env.errors.maxBytesBilled, signal, onCall: () => {} }),
  );
  checks.push(jobsCheck(tiny, env.errors.jobProject));
  if (tiny.ok) {
    const row = tiny.value.rows[0];
    const latest = timestampCellToIso(row?.latest_export ?? null);
    checks.push({ name: 'query', ok: true, detail: `${row?.row_count ?? 0} rows exported in the last day${latest ? `, latest export ${latest}` : ''}${tiny.value.bytesProcessed !== undefined ? ` (${tiny.value.bytesProcessed} bytes scanned)` : ''}` });
  } else {
    checks.push({ name: 'query', ok: false, detail: tiny.error.message, fix: queryFix(tiny.error, ref.project, ref.dataset) });
  }
  return checks;
}

/** BigQuery checks `bigquery.jobs.create` before it reads the table: a table-level denial means the job was allowed. */
function jobsCheck(tiny: { ok: true } | { ok: false; error: ProviderError }, jobProject: string): DoctorCheck {
  const name = 'bigquery.jobs.create';
  if (tiny.ok) return { name, ok: true, detail: `can run query jobs in project ${jobProject}` };
  const { error } = tiny;
  if (error.code === 'permission' && /bigquery\.jobs\.create/.test(error.message)) {
    return { name, ok: false, detail: error.message, fix: `Grant BigQuery Job User (roles/bigquery.jobUser) on project ${jobProject} to the bot's service account.` };
  }
  if (error.code === 'permission' || error.code === 'not-found' || error.code === 'too-expensive' || error.code === 'invalid-request') {
    return { name, ok: true, detail: `can run query jobs in project ${jobProject} (the query itself failed: see below)` };
  }
  return { name, ok: false, detail: `not checked: ${error.message}`, fix: 'Run the doctor again once BigQuery answers.' };
}

function queryFix(error: ProviderError, project: string, dataset: string): string {
  switch (error.code) {
    case 'permission': return `Grant BigQuery Data Viewer (roles/bigquery.dataViewer) on dataset ${project}.${dataset}.`;
    case 'too-expensive': return 'Raise maxBytesBilled for this provider.';
    case 'not-found': return 'Check the table path and location in the configuration.';
    default: return 'Check the error above; run the doctor again once BigQuery answers.';
  }
}
