import { randomUUID } from 'node:crypto';
import type { GetQueryExecutionOutput, GetQueryResultsOutput, StartQueryExecutionOutput } from '@aws-sdk/client-athena';
import type { Logger } from 'pino';
import { ProviderError } from '../shared/provider-error.js';
import { classifyAthenaError, QueryFailedError } from './classify-error.js';
import { send, type AthenaEnv, type Tally } from './athena-calls.js';
import type { CompiledQuery, ResultRow } from './types.js';

/** GetQueryResults' largest page. */
const PAGE_SIZE = 1000;
/** A runaway result (a bug, or a fake handing out tokens forever) stops here: 1,000,000 rows. */
const MAX_PAGES = 1000;

export interface QueryRun {
  rows: ResultRow[];
  /** `Statistics.DataScannedInBytes` of the query. */
  bytesScanned?: number;
  queryExecutionId: string;
}

const malformed = (env: AthenaEnv, what: string) =>
  new ProviderError(env.errors.provider, 'unknown', `${env.errors.provider}: Athena returned an unexpected ${what}; please report it`, false);

/**
 * Runs one query: StartQueryExecution (execution parameters, workgroup, output location,
 * an idempotency token so a retried start never starts it twice), GetQueryExecution
 * polls with back-off until SUCCEEDED, FAILED or CANCELLED, then every GetQueryResults
 * page (`NextToken`; the first row of the first page is the header). One deadline covers
 * it all; when it passes, or `signal` aborts, the query is stopped (StopQueryExecution)
 * so it scans no more. A query that fails with Athena's `Retryable` flag runs once more.
 */
export async function runQuery(q: CompiledQuery, env: AthenaEnv, signal: AbortSignal, tally: Tally, logger?: Logger): Promise<QueryRun> {
  try {
    try {
      return await runOnce(q, env, signal, tally, logger);
    } catch (err) {
      if (!(err instanceof QueryFailedError) || !err.retryable || signal.aborted) throw err;
      logger?.warn({ provider: env.errors.provider, state: err.state, reason: err.reason }, 'athena query failed (retryable); running it again');
      return await runOnce(q, env, signal, tally, logger);
    }
  } catch (err) {
    throw err instanceof QueryFailedError ? classifyAthenaError(err, env.errors, 'StartQueryExecution') : err;
  }
}

async function runOnce(q: CompiledQuery, env: AthenaEnv, outer: AbortSignal, tally: Tally, logger?: Logger): Promise<QueryRun> {
  const p = env.errors.provider;
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new ProviderError(p, 'timeout', `${p}: the Athena query did not finish within ${env.timeoutMs} ms and was stopped; ask about a shorter range, or raise timeoutMs for this provider`, false)),
    env.timeoutMs,
  );
  const onAbort = () => deadline.abort(outer.reason);
  if (outer.aborted) onAbort();
  else outer.addEventListener('abort', onAbort, { once: true });
  const signal = deadline.signal;
  let id: string | undefined;
  let finished = false;
  try {
    const started = await send<StartQueryExecutionOutput>(env, 'StartQueryExecution', {
      QueryString: q.sql,
      ClientRequestToken: randomUUID(),
      QueryExecutionContext: { Catalog: env.catalog, Database: env.errors.database },
      WorkGroup: env.errors.workgroup,
      ...(env.errors.outputLocation ? { ResultConfiguration: { OutputLocation: env.errors.outputLocation } } : {}),
      // Athena refuses an empty list: the parameter is left out when there is none.
      ...(q.params.length > 0 ? { ExecutionParameters: q.params } : {}),
    }, signal, tally, logger);
    if (typeof started.QueryExecutionId !== 'string' || started.QueryExecutionId === '') throw malformed(env, 'StartQueryExecution reply (no QueryExecutionId)');
    id = started.QueryExecutionId;

    let delay = env.poll.initialMs;
    let execution: GetQueryExecutionOutput['QueryExecution'];
    for (;;) {
      await env.sleep(delay, signal);
      delay = Math.min(delay * 2, env.poll.maxMs);
      execution = (await send<GetQueryExecutionOutput>(env, 'GetQueryExecution', { QueryExecutionId: id }, signal, tally, logger)).QueryExecution;
      const state = execution?.Status?.State;
      if (state === 'SUCCEEDED') break;
      if (state === 'FAILED' || state === 'CANCELLED') {
        finished = true;
        const status = execution!.Status!;
        throw new QueryFailedError(state, status.StateChangeReason ?? status.AthenaError?.ErrorMessage ?? '', status.AthenaError?.Retryable === true, id);
      }
      if (state !== 'QUEUED' && state !== 'RUNNING') throw malformed(env, `query state ${JSON.stringify(state)}`);
    }
    finished = true;
    const bytes = execution?.Statistics?.DataScannedInBytes;
    return { rows: await readResults(env, id, signal, tally, logger), ...(typeof bytes === 'number' ? { bytesScanned: bytes } : {}), queryExecutionId: id };
  } catch (err) {
    if (id !== undefined && !finished) await stopQuery(env, id, tally, logger);
    throw signal.aborted && !(err instanceof QueryFailedError) ? signal.reason : err;
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', onAbort);
  }
}

/** Stops a query that is still running, so it scans (and bills) no more; never throws. */
async function stopQuery(env: AthenaEnv, id: string, tally: Tally, logger?: Logger): Promise<void> {
  try {
    await send(env, 'StopQueryExecution', { QueryExecutionId: id }, AbortSignal.timeout(2_000), tally, logger, { attempts: 1, timeoutMs: 2_000 });
  } catch (err) {
    logger?.warn({ provider: env.errors.provider, queryExecutionId: id, err }, 'could not stop the athena query');
  }
}

/** Every page of a finished query's results, as rows of `column → text | null`. */
async function readResults(env: AthenaEnv, id: string, signal: AbortSignal, tally: Tally, logger?: Logger): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  let names: string[] | undefined;
  let token: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= MAX_PAGES) {
      throw new ProviderError(env.errors.provider, 'too-expensive', `${env.errors.provider}: the Athena result has more than ${MAX_PAGES * PAGE_SIZE} rows; group or filter by fewer keys, or ask about a shorter range`, false);
    }
    const out = await send<GetQueryResultsOutput>(env, 'GetQueryResults', { QueryExecutionId: id, MaxResults: PAGE_SIZE, ...(token ? { NextToken: token } : {}) }, signal, tally, logger);
    const set = out.ResultSet;
    names ??= set?.ResultSetMetadata?.ColumnInfo?.map((c) => c.Name ?? '');
    if (!names || names.some((n) => n === '')) throw malformed(env, 'result (no column names)');
    let data = set?.Rows ?? [];
    if (page === 0) {
      // The first row of the first page repeats the column names.
      const header = data[0]?.Data?.map((d) => d.VarCharValue ?? null);
      if (!header || header.join('\u0000') !== names.join('\u0000')) throw malformed(env, 'result (its first row is not the header)');
      data = data.slice(1);
    }
    for (const row of data) {
      const cells = row.Data ?? [];
      if (cells.length !== names.length) throw malformed(env, `result row (${cells.length} cells for ${names.length} columns)`);
      const out: ResultRow = {};
      names.forEach((n, i) => (out[n] = cells[i]!.VarCharValue ?? null));
      rows.push(out);
    }
    token = out.NextToken;
    if (!token) return rows;
  }
}
