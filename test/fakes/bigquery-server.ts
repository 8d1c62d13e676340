/**
 * A local HTTP server that speaks the part of the BigQuery REST API v2 the real
 * `@google-cloud/bigquery` client uses for queries: jobs.query (POST
 * /bigquery/v2/projects/<p>/queries), getQueryResults (GET …/queries/<jobId>, with
 * `jobComplete:false` polling and pageToken pages) and tables.get. Results come from
 * billing-export rows through `bigquery-fake-engine.ts` (no SQL parsing). Failures and
 * delays are scriptable; every request is logged for assertions.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { evaluateDoctor, evaluateFetch, evaluateKnownValues, type BillingExportRow, type Evaluated, type Params } from './bigquery-fake-engine.js';

export interface FakeTable {
  project: string;
  dataset: string;
  table: string;
  kind: 'standard' | 'detailed';
  /** Whether the table has `cost_at_list` (newer exports). Default true. */
  costAtList?: boolean;
  rows: BillingExportRow[];
}

export type FailureReason = 'rateLimitExceeded' | 'backendError' | 'accessDenied' | 'jobsCreateDenied' | 'notFound' | 'bytesBilledLimitExceeded' | 'invalidQuery';

export interface ScriptedFailure {
  reason: FailureReason;
  /** How many matching requests fail (default: all of them). */
  times?: number;
  /** Which requests (default `query`: jobs.query). */
  on?: 'query' | 'results' | 'table' | 'any';
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | null;
  authorization: string | undefined;
}

export interface FakeBigQueryOptions {
  tables: FakeTable[];
  /** Rows per page (default 1000). */
  pageSize?: number;
  /** Answer `jobComplete:false` this many times before the results (default 0). */
  incompletePolls?: number;
  /** totalBytesProcessed = rows read after partition pruning × this (default 1000). */
  bytesPerRow?: number;
  /** The clock for the doctor's "last day" (default Date.now()). */
  now?: number;
}

export interface FakeBigQueryServer {
  /** Pass as `endpoint` (the client appends /bigquery/v2). */
  url: string;
  requests: LoggedRequest[];
  fail(f: ScriptedFailure): void;
  clearFailures(): void;
  /** Delay every answer by this many ms. */
  delayMs: number;
  /** The `queryParameters` of the logged jobs.query calls, as name → value(s). */
  queryParameters(): Params[];
  close(): Promise<void>;
}

const ERRORS: Record<FailureReason, { status: number; reason: string; message: (t: string, p: string) => string }> = {
  rateLimitExceeded: { status: 403, reason: 'rateLimitExceeded', message: () => 'Exceeded rate limits: too many api requests per user per method for this user_method. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas' },
  backendError: { status: 503, reason: 'backendError', message: () => 'Error encountered during execution. Retrying may solve the problem.' },
  accessDenied: { status: 403, reason: 'accessDenied', message: (t) => `Access Denied: Table ${t}: User does not have permission to query table ${t}, or perhaps it does not exist.` },
  jobsCreateDenied: { status: 403, reason: 'accessDenied', message: (_t, p) => `Access Denied: Project ${p}: User does not have bigquery.jobs.create permission in project ${p}.` },
  notFound: { status: 404, reason: 'notFound', message: (t) => `Not found: Table ${t} was not found in location US` },
  bytesBilledLimitExceeded: { status: 400, reason: 'bytesBilledLimitExceeded', message: () => 'Query exceeded limit for bytes billed: 1000. 10485760 or higher required.' },
  invalidQuery: { status: 400, reason: 'invalidQuery', message: () => 'Syntax error: Unexpected end of script at [1:1]' },
};

function sendError(res: ServerResponse, status: number, reason: string, message: string) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: status, message, errors: [{ message, domain: 'global', reason }], status: status === 404 ? 'NOT_FOUND' : status === 403 ? 'PERMISSION_DENIED' : 'INVALID_ARGUMENT' } }));
}

/** `queryParameters` (REST shape) → name → value or list of values. */
export function decodeParameters(list: unknown): Params {
  const out: Params = {};
  for (const p of (Array.isArray(list) ? list : []) as { name: string; parameterValue?: { value?: string; arrayValues?: { value: string }[] } }[]) {
    const v = p.parameterValue ?? {};
    out[p.name] = v.arrayValues ? v.arrayValues.map((x) => x.value) : (v.value ?? null);
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (chunks.length === 0) return null;
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

interface Job {
  result: Evaluated;
  pollsLeft: number;
  location: string;
  bytes: number;
}

/** Starts the fake on a free local port. */
export async function startFakeBigQuery(opts: FakeBigQueryOptions): Promise<FakeBigQueryServer> {
  const pageSize = opts.pageSize ?? 1000;
  const bytesPerRow = opts.bytesPerRow ?? 1000;
  const failures: ScriptedFailure[] = [];
  const jobs = new Map<string, Job>();
  let jobSeq = 0;
  const requests: LoggedRequest[] = [];

  const failureFor = (kind: 'query' | 'results' | 'table'): ScriptedFailure | undefined => {
    const f = failures.find((x) => (x.on ?? 'query') === kind || x.on === 'any');
    if (f && f.times !== undefined && --f.times <= 0) failures.splice(failures.indexOf(f), 1);
    return f;
  };

  const page = (jobId: string, job: Job, projectId: string, offset: number) => {
    const base = { kind: 'bigquery#queryResponse', jobReference: { projectId, jobId, location: job.location } };
    if (job.pollsLeft > 0) {
      job.pollsLeft--;
      return { ...base, jobComplete: false };
    }
    const rows = job.result.rows.slice(offset, offset + pageSize);
    const next = offset + pageSize < job.result.rows.length ? String(offset + pageSize) : undefined;
    return {
      ...base,
      jobComplete: true,
      schema: { fields: job.result.fields },
      totalRows: String(job.result.rows.length),
      rows: rows.map((r) => ({ f: r.map((v) => ({ v })) })),
      ...(next ? { pageToken: next } : {}),
      totalBytesProcessed: String(job.bytes),
      cacheHit: false,
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = req.method === 'POST' ? await readBody(req) : null;
    requests.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), body, authorization: req.headers.authorization });
    if (server.delayMs > 0) await new Promise((r) => setTimeout(r, server.delayMs));
    const json = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    let m = /^\/bigquery\/v2\/projects\/([^/]+)\/queries$/.exec(url.pathname);
    if (m && req.method === 'POST') return answerQuery(decodeURIComponent(m[1]!), body ?? {}, res, json);
    m = /^\/bigquery\/v2\/projects\/([^/]+)\/queries\/([^/]+)$/.exec(url.pathname);
    if (m && req.method === 'GET') {
      const f = failureFor('results');
      if (f) return sendError(res, ERRORS[f.reason].status, ERRORS[f.reason].reason, ERRORS[f.reason].message('t', m[1]!));
      const job = jobs.get(decodeURIComponent(m[2]!));
      if (!job) return sendError(res, 404, 'notFound', `Not found: Job ${m[1]}:${m[2]}`);
      return json(200, page(decodeURIComponent(m[2]!), job, decodeURIComponent(m[1]!), Number(url.searchParams.get('pageToken') ?? 0)));
    }
    m = /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/.exec(url.pathname);
    if (m && req.method === 'GET') {
      const [p, d, t] = [m[1]!, m[2]!, m[3]!].map(decodeURIComponent) as [string, string, string];
      const f = failureFor('table');
      if (f) return sendError(res, ERRORS[f.reason].status, ERRORS[f.reason].reason, ERRORS[f.reason].message(`${p}:${d}.${t}`, p));
      const table = opts.tables.find((x) => x.project === p && x.dataset === d && x.table === t);
      if (!table) return sendError(res, 404, 'notFound', `Not found: Table ${p}:${d}.${t}`);
      return json(200, tableResource(table));
    }
    sendError(res, 404, 'notFound', `fake BigQuery: no route for ${req.method} ${url.pathname}`);
  };

  const answerQuery = (project: string, body: Record<string, unknown>, res: ServerResponse, json: (s: number, p: unknown) => void) => {
    const sql = String(body.query ?? '');
    const tableMatch = /FROM `([^`]+)\.([^`.]+)\.([^`.]+)`/.exec(sql);
    const tableName = tableMatch ? `${tableMatch[1]}:${tableMatch[2]}.${tableMatch[3]}` : '?';
    const f = failureFor('query');
    if (f) return sendError(res, ERRORS[f.reason].status, ERRORS[f.reason].reason, ERRORS[f.reason].message(tableName, project));
    const table = tableMatch && opts.tables.find((t) => t.project === tableMatch[1] && t.dataset === tableMatch[2] && t.table === tableMatch[3]);
    if (!table) return sendError(res, 404, 'notFound', `Not found: Table ${tableName} was not found in location ${String(body.location ?? 'US')}`);
    if (!/_PARTITIONTIME >= /.test(sql)) {
      return sendError(res, 400, 'invalidQuery', `Cannot query over table '${tableName}' without a filter over column(s) '_PARTITIONTIME' that can be used for partition elimination`);
    }
    if (table.costAtList === false && sql.includes('cost_at_list')) return sendError(res, 400, 'invalidQuery', 'Unrecognized name: cost_at_list at [14:10]');
    if (table.kind === 'standard' && /\bresource\./.test(sql)) return sendError(res, 400, 'invalidQuery', 'Unrecognized name: resource at [6:5]');
    const params = decodeParameters(body.queryParameters);
    let result: Evaluated;
    if (sql.startsWith('-- finops-bot:fetch v1')) result = evaluateFetch(sql, params, table.rows);
    else if (sql.startsWith('-- finops-bot:known-values v1')) result = evaluateKnownValues(params, table.rows);
    else if (sql.startsWith('-- finops-bot:doctor v1')) result = evaluateDoctor(table.rows, opts.now ?? Date.now());
    else return sendError(res, 400, 'invalidQuery', 'fake BigQuery only answers the queries finops-bot compiles (no marker comment found)');
    const bytes = result.scanned * bytesPerRow;
    const limit = body.maximumBytesBilled === undefined ? undefined : Number(body.maximumBytesBilled);
    if (limit !== undefined && bytes > limit) {
      return sendError(res, 400, 'bytesBilledLimitExceeded', `Query exceeded limit for bytes billed: ${limit}. ${Math.max(bytes, 10_485_760)} or higher required.`);
    }
    const jobId = `job_fake_${++jobSeq}`;
    const job: Job = { result, pollsLeft: opts.incompletePolls ?? 0, location: String(body.location ?? 'US'), bytes };
    jobs.set(jobId, job);
    json(200, page(jobId, job, project, 0));
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => sendError(res, 500, 'internalError', `fake BigQuery crashed: ${String(err)}`));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  const server: FakeBigQueryServer = {
    url: `http://127.0.0.1:${port}`,
    requests,
    delayMs: 0,
    fail: (f) => void failures.push({ ...f }),
    clearFailures: () => void failures.splice(0),
    queryParameters: () => requests.filter((r) => r.method === 'POST' && r.path.endsWith('/queries')).map((r) => decodeParameters(r.body?.queryParameters)),
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  return server;
}

/** tables.get: the billing export's top-level schema (the parts the doctor looks at). */
function tableResource(t: FakeTable) {
  const names = ['billing_account_id', 'service', 'sku', 'usage_start_time', 'usage_end_time', 'project', 'labels', 'system_labels', 'location', 'export_time', 'cost', 'currency', 'currency_conversion_rate', 'usage', 'credits', 'invoice', 'cost_type', 'adjustment_info'];
  if (t.costAtList !== false) names.push('cost_at_list');
  if (t.kind === 'detailed') names.push('resource', 'price');
  return {
    kind: 'bigquery#table',
    id: `${t.project}:${t.dataset}.${t.table}`,
    tableReference: { projectId: t.project, datasetId: t.dataset, tableId: t.table },
    schema: { fields: names.map((name) => ({ name, type: 'STRING' })) },
    numRows: String(t.rows.length),
    timePartitioning: { type: 'DAY' },
    type: 'TABLE',
  };
}
