import { afterEach, describe, expect, it } from 'vitest';
import type { BigQueryOptions } from '@google-cloud/bigquery';
import { startFakeBigQuery, type FakeBigQueryServer, type FakeTable } from '../../fakes/bigquery-server.js';
import { ProviderError } from '../../../src/providers/shared/provider-error.js';
import type { FetchRequest } from '../../../src/providers/types.js';
import { createBigQueryProvider, type BigQueryProviderDeps } from '../../../src/providers/gcp-bigquery/bigquery-provider.js';
import { createBigQueryClient } from '../../../src/providers/gcp-bigquery/create-client.js';
import { allocationConfig, context, exportRows, fakeAuthClient, MemoryCache, NOW, silentLogger } from './test-helpers.js';
import type { BigQueryProviderConfig } from '../../../src/providers/gcp-bigquery/types.js';

const TABLE = 'billing-prj.billing.gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9';

let fake: FakeBigQueryServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function table(over: Partial<FakeTable> = {}): FakeTable {
  return { project: 'billing-prj', dataset: 'billing', table: 'gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9', kind: 'detailed', rows: exportRows(), ...over };
}

async function setup(opts: { tables?: FakeTable[]; pageSize?: number; incompletePolls?: number; config?: Partial<BigQueryProviderConfig>; deps?: Partial<BigQueryProviderDeps> } = {}) {
  fake = await startFakeBigQuery({ tables: opts.tables ?? [table()], pageSize: opts.pageSize, incompletePolls: opts.incompletePolls, now: NOW });
  const config: BigQueryProviderConfig = { type: 'gcp-bigquery', table: TABLE, location: 'US', endpoint: fake.url, ...opts.config };
  const client = createBigQueryClient(config, config.projectId ?? 'billing-prj', { authClient: fakeAuthClient as unknown as BigQueryOptions['authClient'] });
  const provider = createBigQueryProvider(config, {
    logger: silentLogger,
    today: '2026-11-05',
    client,
    retry: { baseDelayMs: 1, maxDelayMs: 2, timeoutMs: 5_000 },
    ...opts.deps,
  });
  return { provider, fake };
}

const request = (over: Partial<FetchRequest> = {}): FetchRequest => ({
  range: { start: '2026-11-01', end: '2026-11-05' },
  keys: ['team'],
  filters: {},
  pushFilters: true,
  metric: 'effective',
  allocation: allocationConfig(),
  ...over,
});

const sum = (xs: string[]) => xs.reduce((s, x) => s + Math.round(Number(x) * 1e9), 0) / 1e9;

describe('gcp-bigquery provider through the real BigQuery client', () => {
  it('posts a parameterised jobs.query to <endpoint>/bigquery/v2/projects/<p>/queries and decodes the records', async () => {
    const { provider, fake } = await setup();
    const res = await provider.fetch(request(), context());
    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/bigquery/v2/projects/billing-prj/queries');
    expect(req.authorization).toBe('Bearer x');
    expect(req.body).toMatchObject({ useLegacySql: false, parameterMode: 'NAMED', location: 'US' });
    expect(res.calls).toBe(1);
    expect(res.cacheHits).toBe(0);
    // One record per day × project × team label × owner label; the October row is out of range.
    const nlpDay2 = res.records.find((r) => r.tags.team === 'nlp' && r.chargePeriodStart === Date.parse('2026-11-02T00:00:00Z'));
    expect(nlpDay2).toMatchObject({ subAccountId: 'ml-nlp-prod', provider: 'Google Cloud', currency: 'USD', billedCost: '3.308841', effectiveCost: '2.353673' });
    expect(nlpDay2!.chargePeriodEnd - nlpDay2!.chargePeriodStart).toBe(86_400_000);
    expect(res.records.every((r) => r.chargePeriodStart >= Date.parse('2026-11-01T00:00:00Z'))).toBe(true);
  });

  it('keeps unlabeled rows as records without tags, and credits make the net (effective) cost', async () => {
    const { provider } = await setup();
    const res = await provider.fetch(request({ keys: ['service'] }), context());
    const bq = res.records.find((r) => r.serviceName === 'BigQuery')!;
    expect(bq).toMatchObject({ billedCost: '6.25', effectiveCost: '0', tags: {} });
    const support = res.records.find((r) => r.serviceName === 'Support')!;
    expect(support.tags).toEqual({});
    expect(support.subAccountId).toBe('');
    const total = (f: 'billedCost' | 'effectiveCost') => sum(res.records.map((r) => r[f]));
    // Direct sums of the fixture rows in range: credits total -7.745268.
    expect(total('billedCost')).toBeCloseTo(55.987418, 9);
    expect(total('effectiveCost')).toBeCloseTo(48.24215, 9);
  });

  it('reads every page and polls while the job is not complete, counting each request', async () => {
    // jobs.query and the first poll answer jobComplete:false; then pages of 2 rows.
    const { provider, fake } = await setup({ pageSize: 2, incompletePolls: 2 });
    const res = await provider.fetch(request({ keys: ['service', 'team'] }), context());
    const pages = Math.ceil(res.records.length / 2);
    expect(res.records.length).toBeGreaterThan(4);
    expect(res.calls).toBe(1 + 1 + pages);
    expect(fake.requests).toHaveLength(res.calls);
    const gets = fake.requests.slice(1);
    expect(gets.every((r) => r.method === 'GET' && /\/projects\/billing-prj\/queries\/job_fake_1$/.test(r.path))).toBe(true);
    expect(gets.slice(0, 2).every((r) => r.query.pageToken === undefined && r.query.timeoutMs !== undefined)).toBe(true);
    expect(gets.slice(2).map((r) => r.query.pageToken)).toEqual(Array.from({ length: pages - 1 }, (_, i) => String((i + 1) * 2)));
    expect(gets.every((r) => r.query.location === 'US' && r.query['formatOptions.useInt64Timestamp'] === 'true')).toBe(true);
    // Same records as one big page.
    await fake.close();
    const single = await setup();
    const all = await single.provider.fetch(request({ keys: ['service', 'team'] }), context());
    expect(res.records).toEqual(all.records);
  });

  it('retries throttling, then succeeds', async () => {
    const { provider, fake } = await setup();
    fake.fail({ reason: 'rateLimitExceeded', times: 2 });
    const res = await provider.fetch(request(), context());
    expect(res.calls).toBe(3);
    expect(fake.requests).toHaveLength(3);
    expect(res.records.length).toBeGreaterThan(0);
  });

  it('gives up on throttling after the bounded attempts', async () => {
    const { provider, fake } = await setup({ deps: { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 5_000 } } });
    fake.fail({ reason: 'backendError' });
    const err = await provider.fetch(request(), context()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ code: 'unavailable', retryable: true });
    expect(fake.requests).toHaveLength(3);
  });

  it('a permanent permission error names the missing permission and role, without retrying', async () => {
    const { provider, fake } = await setup();
    fake.fail({ reason: 'jobsCreateDenied' });
    const err = await provider.fetch(request(), context()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ code: 'permission', retryable: false });
    expect((err as Error).message).toContain('bigquery.jobs.create on project billing-prj');
    expect((err as Error).message).toContain('roles/bigquery.jobUser');
    expect(fake.requests).toHaveLength(1);

    fake.clearFailures();
    fake.fail({ reason: 'accessDenied' });
    const denied = await provider.fetch(request({ keys: ['env'] }), context()).catch((e: unknown) => e);
    expect((denied as Error).message).toContain('bigquery.tables.getData on dataset billing-prj.billing');
  });

  it('a table that does not exist is named', async () => {
    const { provider } = await setup({ tables: [table({ table: 'other' })] });
    const err = await provider.fetch(request(), context()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'not-found' });
    expect((err as Error).message).toContain(`did not find the table ${TABLE} in location US`);
  });

  it('a slow BigQuery hits the per-attempt timeout', async () => {
    const { provider, fake } = await setup({ deps: { retry: { attempts: 2, timeoutMs: 150, baseDelayMs: 1, maxDelayMs: 1 } } });
    // Without the per-attempt timeout this call would wait and then succeed: the error proves it.
    fake.delayMs = 10_000;
    const err = await provider.fetch(request(), context()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ code: 'timeout' });
    expect(fake.requests).toHaveLength(2);
  });

  it('the cache answers a repeated fetch with no call', async () => {
    const cache = new MemoryCache(() => NOW);
    const { provider, fake } = await setup();
    const first = await provider.fetch(request(), context(cache));
    const second = await provider.fetch(request(), context(cache));
    expect(first).toMatchObject({ calls: 1, cacheHits: 0 });
    expect(second).toMatchObject({ calls: 0, cacheHits: 1, bytesScanned: 0 });
    expect(second.records).toEqual(first.records);
    expect(fake.requests).toHaveLength(1);
    // A closed range (ended more than two days ago) is cached for hours, not minutes.
    expect([...cache.entries.values()][0]!.ttlMs).toBe(60 * 60_000);
    // A different request is a different key.
    await provider.fetch(request({ keys: ['env'] }), context(cache));
    expect(fake.requests).toHaveLength(2);
  });

  it('sends maxBytesBilled and reports the bytes scanned', async () => {
    const { provider, fake } = await setup({ config: { maxBytesBilled: 1_000_000 } });
    const res = await provider.fetch(request(), context());
    expect(fake.requests[0]!.body).toMatchObject({ maximumBytesBilled: '1000000' });
    // 14 rows in partitions from 2026-10-30 on, 1,000 bytes each in the fake.
    expect(res.bytesScanned).toBe(15_000);
  });

  it('a query over the byte limit is refused as too expensive, with the limit and how to raise it', async () => {
    const { provider } = await setup({ config: { maxBytesBilled: 1_000 } });
    const err = await provider.fetch(request(), context()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'too-expensive', retryable: false });
    expect((err as Error).message).toContain('maxBytesBilled = 1000 bytes (1.0 KB)');
    expect((err as Error).message).toContain('raise maxBytesBilled');
  });

  it('sends a hostile value only as a query parameter', async () => {
    const HOSTILE = "x' OR 1=1 --";
    const { provider, fake } = await setup();
    await provider.fetch(request({ filters: { team: { in: [HOSTILE] }, service: { in: [HOSTILE] } } }), context());
    await provider.fetch(request({ filters: { team: { in: ['benign'] }, service: { in: ['benign'] } } }), context());
    const [hostile, benign] = fake.requests.map((r) => r.body!.query as string);
    expect(hostile).toEqual(benign);
    expect(hostile).not.toContain('1=1');
    const params = fake.queryParameters()[0]!;
    expect(Object.values(params).flat()).toContain(HOSTILE.toLowerCase());
  });

  it('answers the list metric from cost_at_list, or from cost with a note when the export lacks it', async () => {
    const { provider } = await setup();
    const list = await provider.fetch(request({ metric: 'list', keys: ['service'] }), context());
    const vertexList = sum(list.records.filter((r) => r.serviceName === 'Vertex AI').map((r) => r.listCost));
    expect(vertexList).toBeCloseTo(3.61 + 0.7016, 9);
    expect(list.notes).toEqual([]);
    await fake!.close();

    const old = await setup({ tables: [table({ costAtList: false })] });
    const first = await old.provider.fetch(request({ metric: 'list', keys: ['service'] }), context());
    expect(first.calls).toBe(2);
    expect(first.notes[0]).toContain('no cost_at_list column');
    const vertexBilled = sum(first.records.filter((r) => r.serviceName === 'Vertex AI').map((r) => r.listCost));
    expect(vertexBilled).toBeCloseTo(1.127 + 0.7016, 9);
    // Learned: the next list query does not try the column again.
    const again = await old.provider.fetch(request({ metric: 'list', keys: ['team'] }), context());
    expect(again.calls).toBe(1);
  });

  it('says so when resources are asked of a standard export', async () => {
    const std = 'billing-prj.billing.gcp_billing_export_v1_01A2B3_C4D5E6_F7A8B9';
    const { provider } = await setup({ tables: [table({ table: 'gcp_billing_export_v1_01A2B3_C4D5E6_F7A8B9', kind: 'standard' })], config: { table: std } });
    const res = await provider.fetch(request({ keys: ['resource'] }), context());
    expect(res.notes[0]).toContain('standard billing export');
    expect(res.records.every((r) => r.resourceId === '')).toBe(true);
  });

  it('groups days in the configured zone', async () => {
    const { provider } = await setup({ config: { timezone: 'America/Los_Angeles' } });
    const res = await provider.fetch(request({ keys: ['service'], range: { start: '2026-11-02', end: '2026-11-03' } }), context());
    // Nov 2 in Los Angeles (PST) is [08:00Z, next day 08:00Z): 03:00Z is still Nov 1 (out),
    // 14:00Z, 23:00Z and Nov 3 00:00Z are in, Nov 3 09:00Z is out.
    expect(res.records.every((r) => r.chargePeriodStart === Date.parse('2026-11-02T08:00:00Z'))).toBe(true);
    expect(res.records.every((r) => r.chargePeriodEnd === Date.parse('2026-11-03T08:00:00Z'))).toBe(true);
    expect(res.records.map((r) => [r.serviceName, r.billedCost])).toEqual([['Cloud Storage', '0.098624'], ['Vertex AI', '1.127']]);
  });
});

describe('createBigQueryProvider configuration', () => {
  const deps = { logger: silentLogger, today: '2026-11-05' };
  it('rejects a table name that is not project.dataset.table, at construction', () => {
    expect(() => createBigQueryProvider({ type: 'gcp-bigquery', table: 'billing-prj.billing.t` UNION ALL SELECT 1 --' }, deps)).toThrow(/table.*is not valid/);
    expect(() => createBigQueryProvider({ type: 'gcp-bigquery', table: 'nodots' }, deps)).toThrow(/project\.dataset\.table/);
  });
  it('rejects an unknown time zone and a bad byte limit', () => {
    expect(() => createBigQueryProvider({ type: 'gcp-bigquery', table: TABLE, timezone: 'Mars/Olympus' }, deps)).toThrow(/time zone/);
    expect(() => createBigQueryProvider({ type: 'gcp-bigquery', table: TABLE, maxBytesBilled: -5 }, deps)).toThrow(/maxBytesBilled/);
  });
  it('uses name, else the type, as id; runs jobs in projectId when given', async () => {
    const p = createBigQueryProvider({ type: 'gcp-bigquery', table: TABLE, name: 'gcp-prod' }, deps);
    expect(p).toMatchObject({ kind: 'query', id: 'gcp-prod', type: 'gcp-bigquery' });
    expect(p.describe()).toBe('gcp-bigquery: billing-prj.billing.gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9 (detailed export)');
    const { provider, fake } = await setup({ config: { projectId: 'finops-jobs' } });
    await provider.fetch(request(), context());
    expect(fake.requests[0]!.path).toBe('/bigquery/v2/projects/finops-jobs/queries');
  });
});
