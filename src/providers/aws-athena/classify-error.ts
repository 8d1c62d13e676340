import { ProviderError } from '../shared/provider-error.js';

/** The IAM actions a query needs, for messages and the README's policy. */
export const ATHENA_ACTIONS = ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution', 'athena:GetWorkGroup', 'athena:GetTableMetadata'] as const;

const POLICY = 'the policy in src/providers/aws-athena/README.md';

/** What the messages name. */
export interface ErrorContext {
  provider: string;
  workgroup: string;
  database: string;
  table: string;
  outputLocation?: string;
}

const THROTTLED = new Set(['TooManyRequestsException', 'ThrottlingException', 'RequestLimitExceeded']);
const CREDENTIALS = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException', 'InvalidClientTokenId', 'CredentialsProviderError', 'SignatureDoesNotMatch']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET', 'TimeoutError']);

/** A query that ended FAILED or CANCELLED, with what Athena said. */
export class QueryFailedError extends Error {
  override readonly name = 'QueryFailedError';
  constructor(
    readonly state: string,
    readonly reason: string,
    readonly retryable: boolean,
    readonly queryExecutionId: string,
  ) {
    super(`query ${queryExecutionId} ${state}: ${reason}`);
  }
}

function details(err: unknown): { name: string; code: string | undefined; message: string; status: number | undefined; fault: string | undefined; reason: string | undefined } {
  const e = (err ?? {}) as { name?: unknown; code?: unknown; message?: unknown; $fault?: unknown; $metadata?: { httpStatusCode?: unknown }; Reason?: unknown };
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    code: typeof e.code === 'string' ? e.code : undefined,
    message: typeof e.message === 'string' ? e.message : String(err),
    status: typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined,
    fault: typeof e.$fault === 'string' ? e.$fault : undefined,
    reason: typeof e.Reason === 'string' ? e.Reason : undefined,
  };
}

/** The `service:Action` an AWS denial names (`… is not authorized to perform: glue:GetTable on …`). */
export function deniedAction(message: string): string | null {
  return /not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9*]+)/i.exec(message)?.[1] ?? null;
}

/**
 * Turns what the Athena client threw (or a failed query) into a `ProviderError` whose
 * message says what to fix: the missing `athena:`/`glue:`/`s3:` permission, the table or
 * workgroup that does not exist, the workgroup's data limit, the output location.
 * Throttling (including the active-query quota), server faults and network failures are
 * retryable; so is a failed query that Athena marks retryable.
 */
export function classifyAthenaError(err: unknown, ctx: ErrorContext, operation: string): ProviderError {
  if (err instanceof ProviderError) return err;
  const p = ctx.provider;
  const opts = { cause: err };
  if (err instanceof QueryFailedError) return classifyFailedQuery(err, ctx);
  const { name, code, message, status, fault, reason } = details(err);
  if (THROTTLED.has(name) || status === 429) {
    const why = reason === 'CONCURRENT_QUERY_LIMIT_EXCEEDED'
      ? 'too many queries are running in this account (Athena\'s active DML query quota)'
      : 'Athena is rate-limiting requests';
    return new ProviderError(p, 'throttled', `${p}: ${why}; try again in a minute (${name})`, true, opts);
  }
  if (name === 'AccessDeniedException' || (status === 403 && !CREDENTIALS.has(name))) {
    const action = deniedAction(message) ?? `athena:${operation}`;
    return new ProviderError(p, 'permission', `${p}: AWS denied ${action}. Grant it to the bot's IAM role (${POLICY}). (AWS: ${message})`, false, opts);
  }
  if (CREDENTIALS.has(name) || (/credential/i.test(message) && fault !== 'server')) {
    return new ProviderError(p, 'permission',
      `${p}: AWS rejected the credentials (${name}). Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run the bot with an IAM role; then check with "finops-bot doctor". (AWS: ${message})`,
      false, opts);
  }
  if (name === 'InvalidRequestException' || name === 'ResourceNotFoundException' || name === 'MetadataException') {
    return invalidRequest(message, ctx, opts);
  }
  if (fault === 'server' || (status !== undefined && status >= 500) || NETWORK.has(name) || (code !== undefined && NETWORK.has(code))) {
    return new ProviderError(p, 'unavailable', `${p}: Athena is unavailable (${code ?? name}${status ? ` ${status}` : ''}); try again later`, true, opts);
  }
  return new ProviderError(p, 'unknown', `${p}: ${operation} failed: ${name}: ${message}`, false, opts);
}

function invalidRequest(message: string, ctx: ErrorContext, opts: { cause: unknown }): ProviderError {
  const p = ctx.provider;
  if (/output location|OutputLocation|output bucket/i.test(message)) {
    return new ProviderError(p, 'invalid-request',
      `${p}: Athena has nowhere to write query results: set outputLocation (s3://…) for this provider, or a query result location on workgroup ${ctx.workgroup}, and let the bot's role write there (s3:PutObject). (AWS: ${message})`,
      false, opts);
  }
  if (/workgroup/i.test(message)) {
    return new ProviderError(p, /not found|does not exist/i.test(message) ? 'not-found' : 'invalid-request',
      `${p}: Athena workgroup ${ctx.workgroup} cannot run queries: check the workgroup name in the configuration and that it is enabled. (AWS: ${message})`,
      false, opts);
  }
  // Athena may refuse a query at StartQueryExecution for what it otherwise reports as a failed query.
  if (/TABLE_NOT_FOUND|SCHEMA_NOT_FOUND|COLUMN_NOT_FOUND|not authorized to perform|Lake Formation/i.test(message)) {
    return classifyFailedQuery(new QueryFailedError('FAILED', message, false, ''), ctx);
  }
  return new ProviderError(p, 'invalid-request', `${p}: Athena refused the request: ${message}`, false, opts);
}

/** A FAILED or CANCELLED query, by what its state change reason says. */
function classifyFailedQuery(err: QueryFailedError, ctx: ErrorContext): ProviderError {
  const p = ctx.provider;
  const table = `${ctx.database}.${ctx.table}`;
  const r = err.reason;
  const opts = { cause: err };
  const action = deniedAction(r);
  if (action) {
    return new ProviderError(p, 'permission', `${p}: AWS denied ${action} while querying ${table}. Grant it to the bot's IAM role (${POLICY}). (Athena: ${r})`, false, opts);
  }
  if (/access denied|permission denied|forbidden|403/i.test(r)) {
    const output = /writing output|output|results/i.test(r);
    const what = output
      ? `writing query results to ${ctx.outputLocation ?? `workgroup ${ctx.workgroup}'s result location`}: grant s3:PutObject, s3:GetObject and s3:ListBucket there (and kms:GenerateDataKey if the bucket is encrypted with KMS)`
      : `reading the export's objects in S3: grant s3:GetObject and s3:ListBucket on the export bucket (and kms:Decrypt if it is encrypted with KMS)`;
    return new ProviderError(p, 'permission', `${p}: permission denied ${what} (${POLICY}). (Athena: ${r})`, false, opts);
  }
  if (/lake formation/i.test(r)) {
    return new ProviderError(p, 'permission', `${p}: Lake Formation denies the bot's role SELECT on ${table}: grant it in Lake Formation. (Athena: ${r})`, false, opts);
  }
  if (/COLUMN_NOT_FOUND|cannot be resolved/i.test(r)) {
    const column = /Column '([^']+)'/i.exec(r)?.[1];
    const fix = column === 'billing_period' ? ', or set partitioned: false if it has no billing_period partitions' : '';
    return new ProviderError(p, 'invalid-request',
      `${p}: ${table} lacks ${column ? `the column ${column}, ` : ''}a column the bot reads: point the provider at a FOCUS 1.0 Data Export table${fix}. (Athena: ${r})`,
      false, opts);
  }
  if (/TABLE_NOT_FOUND|SCHEMA_NOT_FOUND|does not exist|not found/i.test(r)) {
    return new ProviderError(p, 'not-found',
      `${p}: Athena did not find ${table}: check database and table in the configuration, and create the table over the Data Export (src/providers/aws-athena/README.md). (Athena: ${r})`,
      false, opts);
  }
  if (/(data|bytes) (usage|scanned)|scan(ned)? limit|cutoff/i.test(r)) {
    return new ProviderError(p, 'too-expensive',
      `${p}: the query hit workgroup ${ctx.workgroup}'s per-query data limit. Ask about a shorter range, or raise the workgroup's "data usage control" limit. (Athena: ${r})`,
      false, opts);
  }
  if (err.state === 'CANCELLED') {
    return new ProviderError(p, 'unavailable', `${p}: the Athena query was cancelled (${r || 'no reason given'}); ask again`, false, opts);
  }
  return new ProviderError(p, err.retryable ? 'unavailable' : 'invalid-request', `${p}: the Athena query failed: ${r}`, err.retryable, opts);
}
