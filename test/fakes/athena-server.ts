/**
 * A local Amazon Athena that speaks the real wire protocol (awsJson1_1: `POST /`,
 * `x-amz-target: AmazonAthena.<Operation>`, SigV4-signed, errors as 4xx
 * `{"__type", "Message"}`), so the real `@aws-sdk/client-athena` runs against it. Queries
 * run in DuckDB over a FOCUS 1.0 table loaded from CostRecords (athena-table.ts), after the
 * execution parameters are put in place as Athena does (athena-sql.ts). A query goes
 * QUEUED → RUNNING (`runningPolls` polls) → SUCCEEDED or FAILED; results come in pages
 * whose first row is the header; StopQueryExecution cancels. `DataScannedInBytes` models
 * Athena's cost: `bytesPerRow` for each row of the `billing_period` partitions the query's
 * WHERE clause prunes to (every row when it names none).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { CostRecord } from '../../src/core/types.js';
import { DUCKDB_MACROS, ParameterError, placeholders, substituteParameters, toDuckDb } from './athena-sql.js';
import { athenaType, loadFocusTable, type FakeFocusRow } from './athena-table.js';

type Json = Record<string, unknown>;

export interface FakeWorkgroup {
  state?: 'ENABLED' | 'DISABLED';
  outputLocation?: string;
  bytesScannedCutoffPerQuery?: number;
}

export interface FakeAthenaOptions {
  database?: string;
  table?: string;
  /** The table's rows: records (invoiced in their UTC month) or rows with a billing period. */
  records?: (CostRecord | FakeFocusRow)[];
  partitioned?: boolean;
  workgroups?: Record<string, FakeWorkgroup>;
  /** Result rows per GetQueryResults page (at most the request's MaxResults). */
  pageSize?: number;
  /** GetQueryExecution answers QUEUED once, then RUNNING this many times minus one, before the end state. */
  runningPolls?: number;
  bytesPerRow?: number;
}

/** A scripted API failure: the next `times` calls (of `op`) fail with `name`. */
export interface FakeApiFailure {
  op?: string;
  name: string;
  message?: string;
  status?: number;
  reason?: string;
  times: number;
}

/** A scripted query outcome: the next `times` queries end in `state` with `reason`. */
export interface FakeQueryFailure {
  state: 'FAILED' | 'CANCELLED';
  reason: string;
  retryable?: boolean;
  times: number;
}

interface Execution {
  id: string;
  sql: string;
  params: string[];
  workgroup: string;
  outputLocation: string;
  state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  polls: number;
  outcome: { columns: { name: string; type: string }[]; rows: (string | null)[][]; bytes: number } | { state: 'FAILED' | 'CANCELLED'; reason: string; retryable: boolean };
}

export interface FakeCall {
  op: string;
  body: Json;
}

export interface FakeAthena {
  readonly url: string;
  readonly log: FakeCall[];
  readonly executions: Map<string, Execution>;
  calls(op?: string): number;
  /** Replaces the table's rows. */
  load(records: (CostRecord | FakeFocusRow)[]): Promise<void>;
  pageSize: number;
  runningPolls: number;
  /** Queries never leave RUNNING (until stopped). */
  hang: boolean;
  fail(f: FakeApiFailure): void;
  failQuery(f: FakeQueryFailure): void;
  deny(op?: string): void;
  close(): Promise<void>;
}

class FakeError extends Error {
  constructor(readonly type: string, message: string, readonly status = 400, readonly extra: Json = {}) {
    super(message);
  }
}

const ROW = (r: CostRecord | FakeFocusRow): FakeFocusRow => ('record' in r ? r : { record: r });

function send(res: ServerResponse, status: number, body: Json): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Athena's failure text for what DuckDB said. */
function athenaReason(message: string, db: string, table: string): string {
  if (/Table with name .* does not exist|Catalog Error: Table/i.test(message)) return `TABLE_NOT_FOUND: line 1:1: Table 'awsdatacatalog.${db}.${table}' does not exist`;
  const column = /Referenced column "([^"]+)" not found/i.exec(message)?.[1];
  if (column) return `COLUMN_NOT_FOUND: line 1:1: Column '${column}' cannot be resolved or requester is not authorized to access requested resources`;
  return `GENERIC_INTERNAL_ERROR: ${message.split('\n')[0]}`;
}

export async function startFakeAthena(opts: FakeAthenaOptions = {}): Promise<FakeAthena> {
  const database = opts.database ?? 'finops';
  const table = opts.table ?? 'focus_1_0_aws';
  const partitioned = opts.partitioned !== false;
  const workgroups: Record<string, FakeWorkgroup> = opts.workgroups ?? { primary: { outputLocation: 's3://fake-athena-results/' } };
  const bytesPerRow = opts.bytesPerRow ?? 512;
  const db = await DuckDBInstance.create(':memory:');
  const conn: DuckDBConnection = await db.connect();
  for (const m of DUCKDB_MACROS) await conn.run(m);
  let rows: FakeFocusRow[] = [];
  const apiFailures: FakeApiFailure[] = [];
  const queryFailures: FakeQueryFailure[] = [];
  const tokens = new Map<string, string>();
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = queue.then(fn, fn);
    queue = p.catch(() => undefined);
    return p;
  };

  /** Rows of the partitions the query's `billing_period` bounds keep. */
  function scannedRows(sql: string, params: string[]): number {
    if (!partitioned) return rows.length;
    const spots = placeholders(sql);
    const bounds: ((p: string) => boolean)[] = [];
    for (const m of sql.matchAll(/\bbilling_period\s*(>=|<=|=|<|>)\s*\?/g)) {
      const at = m.index! + m[0].length - 1;
      const literal = params[spots.indexOf(at)] ?? '';
      const v = literal.replace(/^'|'$/g, '');
      const op = m[1];
      bounds.push((p) => (op === '>=' ? p >= v : op === '<=' ? p <= v : op === '<' ? p < v : op === '>' ? p > v : p === v));
    }
    return rows.filter((r) => bounds.every((b) => b(r.billingPeriod ?? new Date(r.record.chargePeriodStart).toISOString().slice(0, 7)))).length;
  }

  async function execute(sql: string, params: string[]): Promise<Execution['outcome']> {
    let text: string;
    try {
      text = toDuckDb(substituteParameters(sql, params));
    } catch (err) {
      const reason = err instanceof ParameterError ? `INVALID_PARAMETER_USAGE: ${err.message}` : `SYNTAX_ERROR: ${(err as Error).message}`;
      return { state: 'FAILED', reason, retryable: false };
    }
    return serial(async () => {
      try {
        await conn.run('DROP TABLE IF EXISTS __result');
        await conn.run(`CREATE TEMP TABLE __result AS ${text}`);
        const described = (await conn.runAndReadAll('DESCRIBE __result')).getRowsJS();
        const columns = described.map((r) => ({ name: String(r[0]), type: athenaType(String(r[1])) }));
        const values = (await conn.runAndReadAll('SELECT COLUMNS(*)::VARCHAR FROM __result')).getRowsJS() as (string | null)[][];
        return { columns, rows: values, bytes: scannedRows(sql, params) * bytesPerRow };
      } catch (err) {
        return { state: 'FAILED' as const, reason: athenaReason((err as Error).message, database, table), retryable: false };
      }
    });
  }

  const fake: FakeAthena = {
    url: '',
    log: [],
    executions: new Map(),
    calls: (op) => fake.log.filter((c) => op === undefined || c.op === op).length,
    load: async (records) => {
      rows = records.map(ROW);
      await serial(() => loadFocusTable(conn, database, table, rows, partitioned));
    },
    pageSize: opts.pageSize ?? 1000,
    runningPolls: opts.runningPolls ?? 2,
    hang: false,
    fail: (f) => void apiFailures.push(f),
    failQuery: (f) => void queryFailures.push(f),
    deny: (op) => apiFailures.push({ op, name: 'AccessDeniedException', message: `User: arn:aws:iam::123456789012:user/bot is not authorized to perform: athena:${op ?? 'StartQueryExecution'} on resource: arn:aws:athena:us-east-1:123456789012:workgroup/primary because no identity-based policy allows the athena:${op ?? 'StartQueryExecution'} action`, times: Infinity }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      conn.closeSync();
    },
  };
  await fake.load(opts.records ?? []);

  const handlers: Record<string, (body: Json) => Promise<Json>> = {
    async StartQueryExecution(body) {
      const sql = body.QueryString;
      if (typeof sql !== 'string' || sql === '') throw new FakeError('InvalidRequestException', 'QueryString is required');
      const params = (body.ExecutionParameters ?? []) as string[];
      if (body.ExecutionParameters !== undefined && (!Array.isArray(params) || params.length === 0)) {
        throw new FakeError('InvalidRequestException', "1 validation error detected: Value '[]' at 'executionParameters' failed to satisfy constraint: Member must have length greater than or equal to 1");
      }
      const long = params.findIndex((p) => typeof p !== 'string' || p.length < 1 || p.length > 1024);
      if (long >= 0) throw new FakeError('InvalidRequestException', `1 validation error detected: Value at 'executionParameters.${long + 1}.member' failed to satisfy constraint: Member must have length less than or equal to 1024`);
      const name = String(body.WorkGroup ?? 'primary');
      const wg = workgroups[name];
      if (!wg) throw new FakeError('InvalidRequestException', `WorkGroup ${name} is not found.`);
      if (wg.state === 'DISABLED') throw new FakeError('InvalidRequestException', `WorkGroup ${name} is disabled.`);
      const output = ((body.ResultConfiguration ?? {}) as Json).OutputLocation as string | undefined ?? wg.outputLocation;
      if (!output) throw new FakeError('InvalidRequestException', 'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.');
      const context = (body.QueryExecutionContext ?? {}) as Json;
      if (context.Database !== undefined && context.Database !== database) throw new FakeError('InvalidRequestException', `Database ${String(context.Database)} does not exist`);
      const token = typeof body.ClientRequestToken === 'string' ? body.ClientRequestToken : undefined;
      if (token && tokens.has(token)) return { QueryExecutionId: tokens.get(token) };
      const id = randomUUID();
      if (token) tokens.set(token, id);
      const scripted = queryFailures.find((f) => f.times > 0);
      if (scripted) scripted.times--;
      const outcome = scripted ? { state: scripted.state, reason: scripted.reason, retryable: scripted.retryable ?? false } : await execute(sql, params);
      fake.executions.set(id, { id, sql, params, workgroup: name, outputLocation: output, state: 'QUEUED', polls: 0, outcome });
      return { QueryExecutionId: id };
    },
    async GetQueryExecution(body) {
      const ex = fake.executions.get(String(body.QueryExecutionId));
      if (!ex) throw new FakeError('InvalidRequestException', `QueryExecution ${String(body.QueryExecutionId)} was not found`);
      ex.polls++;
      if (ex.state === 'QUEUED' || ex.state === 'RUNNING') {
        if (fake.hang || ex.polls < fake.runningPolls) ex.state = ex.polls === 1 ? 'QUEUED' : 'RUNNING';
        else if ('rows' in ex.outcome) ex.state = 'SUCCEEDED';
        else ex.state = ex.outcome.state;
      }
      const cutoff = workgroups[ex.workgroup]?.bytesScannedCutoffPerQuery;
      if (ex.state === 'SUCCEEDED' && cutoff !== undefined && 'rows' in ex.outcome && ex.outcome.bytes > cutoff) {
        ex.state = 'FAILED';
        ex.outcome = { state: 'FAILED', reason: 'Query exhausted resources: Bytes scanned limit was exceeded', retryable: false };
      }
      const failed = !('rows' in ex.outcome) && (ex.state === 'FAILED' || ex.state === 'CANCELLED') ? ex.outcome : null;
      return {
        QueryExecution: {
          QueryExecutionId: ex.id,
          Query: ex.sql,
          StatementType: 'DML',
          ExecutionParameters: ex.params,
          WorkGroup: ex.workgroup,
          ResultConfiguration: { OutputLocation: `${ex.outputLocation.replace(/\/?$/, '/')}${ex.id}.csv` },
          QueryExecutionContext: { Database: database, Catalog: 'awsdatacatalog' },
          Status: {
            State: ex.state,
            SubmissionDateTime: 1_700_000_000,
            ...(failed ? { StateChangeReason: failed.reason, AthenaError: { ErrorCategory: 2, ErrorType: 1000, Retryable: failed.retryable, ErrorMessage: failed.reason } } : {}),
          },
          Statistics: { DataScannedInBytes: ex.state === 'SUCCEEDED' && 'rows' in ex.outcome ? ex.outcome.bytes : 0, EngineExecutionTimeInMillis: 120 },
        },
      };
    },
    async GetQueryResults(body) {
      const ex = fake.executions.get(String(body.QueryExecutionId));
      if (!ex) throw new FakeError('InvalidRequestException', `QueryExecution ${String(body.QueryExecutionId)} was not found`);
      if (ex.state !== 'SUCCEEDED' || !('rows' in ex.outcome)) throw new FakeError('InvalidRequestException', `Query has not yet finished. Current state: ${ex.state}`);
      const max = Math.min(Number(body.MaxResults ?? 1000), 1000, fake.pageSize);
      // The header counts as a row of the first page, as in Athena.
      const all: (string | null)[][] = [ex.outcome.columns.map((c) => c.name), ...ex.outcome.rows];
      const offset = body.NextToken === undefined ? 0 : Number(Buffer.from(String(body.NextToken), 'base64url').toString('utf8').replace(`${ex.id}:`, ''));
      if (!Number.isInteger(offset)) throw new FakeError('InvalidRequestException', 'The NextToken is not valid');
      const page = all.slice(offset, offset + max);
      const more = offset + max < all.length;
      return {
        UpdateCount: 0,
        ResultSet: {
          Rows: page.map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
          ResultSetMetadata: { ColumnInfo: ex.outcome.columns.map((c) => ({ CatalogName: 'hive', SchemaName: '', TableName: '', Name: c.name, Label: c.name, Type: c.type, Precision: 0, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: c.type === 'string' })) },
        },
        ...(more ? { NextToken: Buffer.from(`${ex.id}:${offset + max}`).toString('base64url') } : {}),
      };
    },
    async StopQueryExecution(body) {
      const ex = fake.executions.get(String(body.QueryExecutionId));
      if (ex && (ex.state === 'QUEUED' || ex.state === 'RUNNING')) {
        ex.state = 'CANCELLED';
        ex.outcome = { state: 'CANCELLED', reason: 'Query cancelled by user', retryable: false };
      }
      return {};
    },
    async GetWorkGroup(body) {
      const name = String(body.WorkGroup);
      const wg = workgroups[name];
      if (!wg) throw new FakeError('InvalidRequestException', `WorkGroup ${name} is not found.`);
      return {
        WorkGroup: {
          Name: name,
          State: wg.state ?? 'ENABLED',
          Configuration: {
            ...(wg.outputLocation ? { ResultConfiguration: { OutputLocation: wg.outputLocation } } : {}),
            EnforceWorkGroupConfiguration: false,
            ...(wg.bytesScannedCutoffPerQuery ? { BytesScannedCutoffPerQuery: wg.bytesScannedCutoffPerQuery } : {}),
            EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
          },
        },
      };
    },
    async GetTableMetadata(body) {
      if (body.DatabaseName !== database) throw new FakeError('MetadataException', `Database ${String(body.DatabaseName)} not found.`);
      if (body.TableName !== table) throw new FakeError('MetadataException', `Table ${String(body.TableName)} not found.`);
      const described = await serial(async () => (await conn.runAndReadAll(`DESCRIBE "${database}"."${table}"`)).getRowsJS());
      const columns = described.map((r) => ({ Name: String(r[0]), Type: athenaType(String(r[1])) }));
      return {
        TableMetadata: {
          Name: table,
          TableType: 'EXTERNAL_TABLE',
          Columns: columns.filter((c) => c.Name !== 'billing_period'),
          PartitionKeys: columns.filter((c) => c.Name === 'billing_period'),
          Parameters: { classification: 'parquet' },
        },
      };
    },
  };

  const server = createServer(async (req, res) => {
    try {
      const target = String(req.headers['x-amz-target'] ?? '');
      const op = target.startsWith('AmazonAthena.') ? target.slice('AmazonAthena.'.length) : '';
      if (req.method !== 'POST' || req.url !== '/' || !handlers[op]) throw new FakeError('UnknownOperationException', `Unknown operation ${target}`);
      if (!String(req.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.1')) throw new FakeError('SerializationException', 'expected application/x-amz-json-1.1');
      if (!/^AWS4-HMAC-SHA256 Credential=\S+\/\d{8}\/[a-z0-9-]+\/athena\/aws4_request/.test(String(req.headers.authorization ?? ''))) {
        throw new FakeError('UnrecognizedClientException', 'The security token included in the request is invalid.');
      }
      const body = JSON.parse((await readBody(req)) || '{}') as Json;
      fake.log.push({ op, body });
      const failure = apiFailures.find((f) => f.times > 0 && (f.op === undefined || f.op === op));
      if (failure) {
        failure.times--;
        throw new FakeError(failure.name, failure.message ?? failure.name, failure.status ?? 400, failure.reason ? { Reason: failure.reason } : {});
      }
      send(res, 200, await handlers[op]!(body));
    } catch (err) {
      if (err instanceof FakeError) return send(res, err.status, { __type: err.type, Message: err.message, ...err.extra });
      send(res, 500, { __type: 'InternalServerException', Message: err instanceof Error ? err.message : String(err) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (fake as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
