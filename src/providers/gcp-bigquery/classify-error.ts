import { ProviderError } from '../shared/provider-error.js';
import { PayloadError } from './schema.js';
import type { TableRef } from './types.js';

/** What the messages need to name. */
export interface ErrorContext {
  provider: string;
  table: TableRef;
  /** The project that runs the jobs. */
  jobProject: string;
  location?: string;
  maxBytesBilled?: number;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const THROTTLE_REASONS = new Set(['rateLimitExceeded', 'jobRateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);
const UNAVAILABLE_REASONS = new Set(['backendError', 'internalError']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET']);

/** The reasons and status of a Google API error (`ApiError`: `code`, `errors[{reason}]`). */
export function errorReasons(err: unknown): { status: number | undefined; code: string | undefined; reasons: string[]; message: string } {
  const e = (err ?? {}) as { code?: unknown; errors?: unknown; message?: unknown };
  const reasons = Array.isArray(e.errors)
    ? e.errors.map((x) => (x && typeof x === 'object' && 'reason' in x ? String((x as { reason: unknown }).reason) : '')).filter(Boolean)
    : [];
  return {
    status: typeof e.code === 'number' ? e.code : undefined,
    code: typeof e.code === 'string' ? e.code : undefined,
    reasons,
    message: typeof e.message === 'string' ? e.message : String(err),
  };
}

function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

/**
 * Turns what the BigQuery client threw into a `ProviderError` whose message says what to
 * do: the missing permission and the role that grants it, the table that was not found,
 * the byte limit and how to raise it. Throttling and backend errors are retryable.
 */
export function classifyBigQueryError(err: unknown, ctx: ErrorContext): ProviderError {
  if (err instanceof ProviderError) return err;
  const p = ctx.provider;
  const table = `${ctx.table.project}.${ctx.table.dataset}.${ctx.table.table}`;
  if (err instanceof PayloadError) return new ProviderError(p, 'unknown', `${p}: ${err.message}`, false, { cause: err });
  const { status, code, reasons, message } = errorReasons(err);
  const has = (r: string) => reasons.includes(r);
  if (has('bytesBilledLimitExceeded')) {
    const limit = ctx.maxBytesBilled === undefined ? 'the configured limit' : `maxBytesBilled = ${ctx.maxBytesBilled} bytes (${formatBytes(ctx.maxBytesBilled)})`;
    return new ProviderError(p, 'too-expensive',
      `${p}: the query would bill more than ${limit}. Ask about a shorter range, or raise maxBytesBilled for this provider in the configuration (BigQuery: ${message})`,
      false, { cause: err });
  }
  if (reasons.some((r) => THROTTLE_REASONS.has(r)) || status === 429) {
    return new ProviderError(p, 'throttled', `${p}: BigQuery is rate-limiting queries (${reasons[0] ?? status}); try again in a minute`, true, { cause: err });
  }
  if (reasons.some((r) => UNAVAILABLE_REASONS.has(r)) || (status !== undefined && RETRYABLE_STATUS.has(status)) || (code !== undefined && NETWORK_CODES.has(code))) {
    return new ProviderError(p, 'unavailable', `${p}: BigQuery is unavailable (${reasons[0] ?? status ?? code}); try again later`, true, { cause: err });
  }
  if (status === 401 || has('authError')) {
    return new ProviderError(p, 'permission',
      `${p}: Google Cloud rejected the credentials. Set GOOGLE_APPLICATION_CREDENTIALS to a service account key, or run "gcloud auth application-default login" (${message})`,
      false, { cause: err });
  }
  if (has('accessDenied') || status === 403) {
    return new ProviderError(p, 'permission', permissionMessage(p, message, table, ctx), false, { cause: err });
  }
  if (has('notFound') || status === 404) {
    const where = ctx.location ? ` in location ${ctx.location}` : '';
    return new ProviderError(p, 'not-found',
      `${p}: BigQuery did not find the table ${table}${where}. Check the table name in the configuration (the console's "Copy ID"), and that location matches the dataset's (${message})`,
      false, { cause: err });
  }
  if (has('invalidQuery') || has('invalid') || status === 400) {
    return new ProviderError(p, 'invalid-request', `${p}: BigQuery refused the query: ${message}. If the table is a view, point at the export table itself (views hide _PARTITIONTIME)`, false, { cause: err });
  }
  return new ProviderError(p, 'unknown', `${p}: BigQuery query failed: ${message}`, false, { cause: err });
}

/** Names the permission BigQuery said is missing, and the role that grants it. */
function permissionMessage(p: string, message: string, table: string, ctx: ErrorContext): string {
  const jobs = `bigquery.jobs.create on project ${ctx.jobProject} (role BigQuery Job User, roles/bigquery.jobUser)`;
  const data = `bigquery.tables.getData on dataset ${ctx.table.project}.${ctx.table.dataset} (role BigQuery Data Viewer, roles/bigquery.dataViewer)`;
  if (/bigquery\.jobs\.create/i.test(message)) return `${p}: permission denied — grant ${jobs} to the bot's service account (${message})`;
  if (/getData|Table|permission to query/i.test(message)) return `${p}: permission denied reading ${table} — grant ${data} to the bot's service account (${message})`;
  return `${p}: permission denied — the bot's service account needs ${jobs} and ${data} (${message})`;
}
