import { randomUUID } from 'node:crypto';
import type { BigQuery } from '@google-cloud/bigquery';
import { PayloadError, decodeRows, parseQueryResponse, type QueryResponse } from './schema.js';
import type { CompiledQuery, QueryParameter, ResultRow } from './types.js';

export interface RunQueryOptions {
  client: BigQuery;
  /** The project that runs the job (and pays for it). */
  jobProject: string;
  location?: string;
  maximumBytesBilled?: number;
  signal: AbortSignal;
  /** Called before every HTTP request (each page and each poll counts). */
  onCall: () => void;
}

export interface QueryRun {
  rows: ResultRow[];
  bytesProcessed?: number;
  bytesBilled?: number;
  cacheHit?: boolean;
}

/** How long one getQueryResults call may wait server-side for the job to finish. */
const POLL_WAIT_MS = 10_000;

/** The REST `queryParameters` of a compiled query (BigQuery's named-parameter shape). */
export function toQueryParameters(q: Pick<CompiledQuery, 'params' | 'types'>): QueryParameter[] {
  return Object.entries(q.params).map(([name, value]): QueryParameter => {
    const type = q.types[name];
    if (type === 'STRING_ARRAY' || Array.isArray(value)) {
      const list = Array.isArray(value) ? value : [value];
      return { name, parameterType: { type: 'ARRAY', arrayType: { type: 'STRING' } }, parameterValue: { arrayValues: list.map((v) => ({ value: v })) } };
    }
    return { name, parameterType: { type: type === 'TIMESTAMP' ? 'TIMESTAMP' : 'STRING' }, parameterValue: { value } };
  });
}

function send(client: BigQuery, reqOpts: Parameters<BigQuery['request']>[0]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    client.request(reqOpts, (err, body) => (err ? reject(err) : resolve(body)));
  });
}

/**
 * Runs a query through the client's authenticated transport: `jobs.query`, then
 * `getQueryResults` while the job is not complete and for every further page. We drive
 * the protocol ourselves rather than `client.query()` so that every request is counted
 * (the answer reports provider calls), the loop stops between requests when the signal
 * aborts, and NUMERIC cells stay exact text instead of going through big.js.
 */
export async function runQuery(q: CompiledQuery, opts: RunQueryOptions): Promise<QueryRun> {
  const { client, signal } = opts;
  const checkAborted = () => {
    if (signal.aborted) throw signal.reason;
  };
  checkAborted();
  opts.onCall();
  let page: QueryResponse = parseQueryResponse(
    await send(client, {
      method: 'POST',
      uri: '/queries',
      projectId: opts.jobProject,
      json: {
        query: q.sql,
        useLegacySql: false,
        parameterMode: 'NAMED',
        queryParameters: toQueryParameters(q),
        ...(opts.location ? { location: opts.location } : {}),
        ...(opts.maximumBytesBilled !== undefined ? { maximumBytesBilled: String(opts.maximumBytesBilled) } : {}),
        formatOptions: { useInt64Timestamp: true },
        requestId: randomUUID(),
      },
    }),
  );
  const job = page.jobReference;
  const rows: ResultRow[] = [];
  for (;;) {
    if (page.jobComplete !== false && page.schema && page.rows) rows.push(...decodeRows(page.schema.fields, page.rows));
    const more = page.jobComplete === false || page.pageToken !== undefined;
    if (!more) break;
    if (!job) throw new PayloadError('BigQuery reply has more results but no jobReference');
    checkAborted();
    opts.onCall();
    const qs: Record<string, string | number | boolean> = { 'formatOptions.useInt64Timestamp': true };
    const location = job.location ?? opts.location;
    if (location) qs.location = location;
    if (page.jobComplete === false) qs.timeoutMs = POLL_WAIT_MS;
    else qs.pageToken = page.pageToken!;
    const wasComplete = page.jobComplete !== false;
    const next = parseQueryResponse(await send(client, { uri: `/queries/${encodeURIComponent(job.jobId)}`, projectId: job.projectId, qs }));
    // Byte counts come with the page that completes the job; keep them across later pages.
    page = wasComplete ? { ...next, totalBytesProcessed: next.totalBytesProcessed ?? page.totalBytesProcessed, totalBytesBilled: next.totalBytesBilled ?? page.totalBytesBilled } : next;
  }
  return {
    rows,
    bytesProcessed: page.totalBytesProcessed === undefined ? undefined : Number(page.totalBytesProcessed),
    bytesBilled: page.totalBytesBilled === undefined ? undefined : Number(page.totalBytesBilled),
    cacheHit: page.cacheHit,
  };
}
