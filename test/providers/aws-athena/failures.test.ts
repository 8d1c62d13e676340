/**
 * What goes wrong with Athena, through the real client against the wire fake: failed and
 * cancelled queries, throttling, deadlines and aborts (the query is stopped), and the
 * permission and setup errors, each turned into a message that says what to fix.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/providers/shared/provider-error.js';
import type { FakeAthena } from '../../fakes/athena-server.js';
import { context, request, sampleRecords, setup } from './test-helpers.js';

let fakes: FakeAthena[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

async function start(...args: Parameters<typeof setup>) {
  const s = await setup(...args);
  fakes.push(s.fake);
  return s;
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe('query states', () => {
  it('a FAILED query is an error with Athena\'s reason; it is not stopped (it already ended)', async () => {
    const { fake, provider } = await start({ records: sampleRecords(), runningPolls: 2 });
    fake.failQuery({ state: 'FAILED', reason: 'GENERIC_INTERNAL_ERROR: something broke', times: 1 });
    const err = await failure(provider.fetch(request(), context()));
    expect(err.message).toBe('aws-athena: the Athena query failed: GENERIC_INTERNAL_ERROR: something broke');
    expect(fake.calls('GetQueryExecution')).toBe(2);
    expect(fake.calls('StopQueryExecution')).toBe(0);
    expect(fake.calls('GetQueryResults')).toBe(0);
  });

  it('a failure Athena marks retryable runs the query once more', async () => {
    const { fake, provider } = await start({ records: sampleRecords() });
    fake.failQuery({ state: 'FAILED', reason: 'INTERNAL_ERROR_QUERY_ENGINE: try again', retryable: true, times: 1 });
    const res = await provider.fetch(request(), context());
    expect(fake.calls('StartQueryExecution')).toBe(2);
    expect(res.records.length).toBeGreaterThan(0);
    expect(res.calls).toBe(fake.log.length);
  });

  it('a CANCELLED query (stopped by someone else) says so', async () => {
    const { fake, provider } = await start({ records: sampleRecords() });
    fake.failQuery({ state: 'CANCELLED', reason: 'Query cancelled by user', times: 1 });
    const err = await failure(provider.fetch(request(), context()));
    expect(err.message).toMatch(/the Athena query was cancelled \(Query cancelled by user\); ask again/);
  });

  it('a query still running at the deadline is stopped and reported as a timeout', async () => {
    const { fake, provider } = await start({ records: sampleRecords(), config: { timeoutMs: 2_000 } });
    // Warm the client up first, so the deadline falls while the query runs, not while it starts.
    await provider.fetch(request(), context());
    fake.hang = true;
    const err = await failure(provider.fetch(request({ range: { start: '2026-11-02', end: '2026-11-03' } }), context()));
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/did not finish within 2000 ms and was stopped/);
    expect(fake.calls('StopQueryExecution')).toBe(1);
    expect([...fake.executions.values()][1]!.state).toBe('CANCELLED');
  });

  it('when the caller gives up (the answer\'s deadline), the running query is stopped', async () => {
    const { fake, provider } = await start({ records: sampleRecords() });
    fake.hang = true;
    const ctrl = new AbortController();
    const pending = provider.fetch(request(), context({ signal: ctrl.signal }));
    while (fake.calls('GetQueryExecution') < 3) await new Promise((r) => setTimeout(r, 5));
    ctrl.abort(new Error('answer deadline'));
    await expect(pending).rejects.toThrow();
    expect(fake.calls('StopQueryExecution')).toBe(1);
    expect([...fake.executions.values()][0]!.state).toBe('CANCELLED');
  });
});

describe('throttling and outages', () => {
  it('throttled requests are retried with back-off, and every attempt is counted', async () => {
    const { fake, provider } = await start({ records: sampleRecords() });
    fake.fail({ op: 'StartQueryExecution', name: 'TooManyRequestsException', times: 2 });
    fake.fail({ op: 'GetQueryResults', name: 'InternalServerException', status: 500, times: 1 });
    const res = await provider.fetch(request(), context());
    expect(fake.calls('StartQueryExecution')).toBe(3);
    expect(fake.calls('GetQueryResults')).toBe(2);
    expect(res.calls).toBe(fake.log.length);
    // The idempotency token is the same on every attempt: a retried start never runs twice.
    const tokens = new Set(fake.log.filter((c) => c.op === 'StartQueryExecution').map((c) => c.body.ClientRequestToken));
    expect(tokens.size).toBe(1);
  });

  it('the active-query quota is named, and given up on after the retries', async () => {
    const { fake, provider } = await start({ records: sampleRecords() });
    fake.fail({ op: 'StartQueryExecution', name: 'TooManyRequestsException', reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED', message: 'You have exceeded the limit for the number of queries you can run concurrently.', times: Infinity });
    const err = await failure(provider.fetch(request(), context()));
    expect(err.code).toBe('throttled');
    expect(err.message).toMatch(/too many queries are running in this account \(Athena's active DML query quota\)/);
    expect(fake.calls('StartQueryExecution')).toBe(4);
  });
});

describe('permissions and setup, each with its fix', () => {
  it('athena:StartQueryExecution denied: names the action and the policy', async () => {
    const { fake, provider } = await start({ records: sampleRecords() });
    fake.deny('StartQueryExecution');
    const err = await failure(provider.fetch(request(), context()));
    expect(err.code).toBe('permission');
    expect(err.message).toMatch(/^aws-athena: AWS denied athena:StartQueryExecution\. Grant it to the bot's IAM role \(the policy in src\/providers\/aws-athena\/README\.md\)/);
    expect(fake.calls('StartQueryExecution')).toBe(1);
  });

  it('glue:GetTable denied inside the query: names the Glue action', async () => {
    const { fake, provider } = await start({ records: sampleRecords() });
    fake.failQuery({ state: 'FAILED', reason: 'Insufficient permissions to execute the query. User: arn:aws:sts::123456789012:assumed-role/finops-bot/x is not authorized to perform: glue:GetTable on resource: arn:aws:glue:us-east-1:123456789012:table/finops/focus_1_0_aws', times: 1 });
    const err = await failure(provider.fetch(request(), context()));
    expect(err.message).toMatch(/AWS denied glue:GetTable while querying finops\.focus_1_0_aws\. Grant it/);
  });

  it('S3 denied for the results or for the export: says which bucket permission', async () => {
    const { fake, provider } = await start({ records: sampleRecords(), config: { outputLocation: 's3://results-bucket/finops/' } });
    fake.failQuery({ state: 'FAILED', reason: 'Access denied when writing output to url: s3://results-bucket/finops/abc.csv . Please ensure you are allowed to access the S3 bucket.', times: 1 });
    fake.failQuery({ state: 'FAILED', reason: 'Permission denied on S3 path: s3://cur-bucket/focus/data/BILLING_PERIOD=2026-11/part-0.parquet', times: 1 });
    const output = await failure(provider.fetch(request(), context()));
    expect(output.message).toMatch(/writing query results to s3:\/\/results-bucket\/finops\/: grant s3:PutObject, s3:GetObject and s3:ListBucket/);
    const input = await failure(provider.fetch(request({ range: { start: '2026-11-02', end: '2026-11-03' } }), context()));
    expect(input.message).toMatch(/reading the export's objects in S3: grant s3:GetObject and s3:ListBucket on the export bucket/);
  });

  it('an unknown table: TABLE_NOT_FOUND becomes "create the table"', async () => {
    const { provider } = await start({ records: sampleRecords(), config: { table: 'focus_typo' } });
    const err = await failure(provider.fetch(request(), context()));
    expect(err.code).toBe('not-found');
    expect(err.message).toMatch(/Athena did not find finops\.focus_typo: check database and table in the configuration/);
  });

  it('a table without the billing_period partitions: the missing column is named, with the way out', async () => {
    const { provider } = await start({ records: sampleRecords(), partitioned: false });
    const err = await failure(provider.fetch(request(), context()));
    expect(err.message).toMatch(/finops\.focus_1_0_aws lacks the column billing_period, a column the bot reads: point the provider at a FOCUS 1\.0 Data Export table, or set partitioned: false if it has no billing_period partitions/);
  });

  it('an unknown workgroup, and a workgroup with nowhere to write results', async () => {
    const missing = await start({ records: sampleRecords(), config: { workgroup: 'nope' } });
    const err = await failure(missing.provider.fetch(request(), context()));
    expect(err.message).toMatch(/Athena workgroup nope cannot run queries: check the workgroup name/);
    const noOutput = await start({ records: sampleRecords(), workgroups: { primary: {} } });
    const err2 = await failure(noOutput.provider.fetch(request(), context()));
    expect(err2.message).toMatch(/Athena has nowhere to write query results: set outputLocation \(s3:\/\/…\) for this provider/);
  });

  it('the workgroup\'s per-query data limit: too expensive, with what to do', async () => {
    const { provider } = await start({ records: sampleRecords(), workgroups: { primary: { outputLocation: 's3://r/', bytesScannedCutoffPerQuery: 1000 } } });
    const err = await failure(provider.fetch(request(), context()));
    expect(err.code).toBe('too-expensive');
    expect(err.message).toMatch(/hit workgroup primary's per-query data limit\. Ask about a shorter range, or raise the workgroup's "data usage control" limit/);
  });

  it('credentials the service rejects', async () => {
    const { fake, provider } = await start({ records: sampleRecords() });
    fake.fail({ name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.', times: 1 });
    const err = await failure(provider.fetch(request(), context()));
    expect(err.message).toMatch(/AWS rejected the credentials \(UnrecognizedClientException\)\. Set AWS_PROFILE/);
  });
});
