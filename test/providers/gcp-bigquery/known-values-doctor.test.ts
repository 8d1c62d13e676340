import { afterEach, describe, expect, it } from 'vitest';
import type { BigQueryOptions } from '@google-cloud/bigquery';
import { startFakeBigQuery, type FakeBigQueryServer, type FakeTable } from '../../fakes/bigquery-server.js';
import { createBigQueryProvider } from '../../../src/providers/gcp-bigquery/bigquery-provider.js';
import { createBigQueryClient } from '../../../src/providers/gcp-bigquery/create-client.js';
import { allocationConfig, context, exportRows, fakeAuthClient, MemoryCache, NOW, silentLogger } from './test-helpers.js';

const TABLE = 'billing-prj.billing.gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9';
let fake: FakeBigQueryServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(opts: { table?: Partial<FakeTable>; authClient?: unknown; maxBytesBilled?: number } = {}) {
  fake = await startFakeBigQuery({
    tables: [{ project: 'billing-prj', dataset: 'billing', table: 'gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9', kind: 'detailed', rows: exportRows(), ...opts.table }],
    now: NOW,
  });
  const config = { type: 'gcp-bigquery' as const, table: TABLE, location: 'US', endpoint: fake.url, maxBytesBilled: opts.maxBytesBilled };
  const client = createBigQueryClient(config, 'billing-prj', { authClient: (opts.authClient ?? fakeAuthClient) as BigQueryOptions['authClient'] });
  const provider = createBigQueryProvider(config, { logger: silentLogger, today: '2026-11-05', client, retry: { baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 5_000 } });
  return { provider, fake };
}

describe('knownValues', () => {
  it('lists services, projects, regions and label values (after aliases) with one parameterised query', async () => {
    const { provider, fake } = await setup({ maxBytesBilled: 5_000_000 });
    const cache = new MemoryCache(() => NOW);
    const values = await provider.knownValues!({ start: '2026-11-01', end: '2026-11-05' }, allocationConfig(), context(cache));
    expect(values.service!.sort()).toEqual(['BigQuery', 'Cloud Storage', 'Compute Engine', 'Invoice', 'Support', 'Vertex AI']);
    expect(values.account!.sort()).toEqual(['data-lake-4821', 'ml-nlp-prod', 'ml-vision-dev']);
    expect(values.region!.sort()).toEqual(['us', 'us-central1']);
    // "NLP" folds into "nlp" (alias, and case-insensitive duplicates); " Team" counts as team.
    expect(values.team!.sort()).toEqual(['nlp', 'platform', 'vision']);
    expect(values.env!.sort()).toEqual(['prod']);
    expect(values.model).toEqual(['llama-70b']);
    expect(values.workload).toEqual([]);
    expect(fake.requests).toHaveLength(1);
    const body = fake.requests[0]!.body!;
    expect(body.maximumBytesBilled).toBe('5000000');
    expect(String(body.query)).not.toContain("'team'");
    expect(fake.queryParameters()[0]!.tag_keys).toEqual(expect.arrayContaining(['team', 'owner', 'env', 'environment', 'model', 'workload', 'accelerator']));
    // Cached like a fetch.
    await provider.knownValues!({ start: '2026-11-01', end: '2026-11-05' }, allocationConfig(), context(cache));
    expect(fake.requests).toHaveLength(1);
  });

  it('looks back at most 30 days', async () => {
    const { provider, fake } = await setup();
    await provider.knownValues!({ start: '2026-01-01', end: '2026-11-05' }, allocationConfig(), context());
    expect(fake.queryParameters()[0]!.start).toBe('2026-10-06T00:00:00.000Z');
  });
});

describe('doctor', () => {
  it('all green on a healthy setup', async () => {
    const { provider } = await setup();
    const checks = await provider.doctor(context());
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['credentials', true],
      ['table', true],
      ['bigquery.jobs.create', true],
      ['query', true],
    ]);
    expect(checks[1]!.detail).toContain('detailed billing export');
    // Rows in partitions of the last day before NOW (2026-11-05T12:00Z): the late-exported one.
    expect(checks[3]!.detail).toContain('1 rows exported in the last day, latest export 2026-11-05T12:12:31.044Z (1000 bytes scanned)');
  });

  it('reports bad credentials with the fix, and never throws', async () => {
    const { provider } = await setup({ authClient: { getRequestHeaders: async () => { throw new Error('Could not load the default credentials'); } } });
    const checks = await provider.doctor(context());
    expect(checks[0]).toMatchObject({ name: 'credentials', ok: false });
    expect(checks[0]!.fix).toContain('GOOGLE_APPLICATION_CREDENTIALS');
    expect(checks.every((c) => c.ok || c.fix)).toBe(true);
  });

  it('names the missing table', async () => {
    const { provider } = await setup({ table: { table: 'something_else' } });
    const checks = await provider.doctor(context());
    expect(checks.find((c) => c.name === 'table')).toMatchObject({ ok: false });
    expect(checks.find((c) => c.name === 'table')!.detail).toContain(`did not find the table ${TABLE}`);
    expect(checks.find((c) => c.name === 'query')).toMatchObject({ ok: false, fix: 'Check the table path and location in the configuration.' });
  });

  it('tells a missing bigquery.jobs.create from a missing dataset read', async () => {
    const { provider, fake } = await setup();
    fake.fail({ reason: 'jobsCreateDenied' });
    const noJobs = await provider.doctor(context());
    expect(noJobs.find((c) => c.name === 'bigquery.jobs.create')).toMatchObject({ ok: false, fix: expect.stringContaining('roles/bigquery.jobUser') });
    fake.clearFailures();
    fake.fail({ reason: 'accessDenied' });
    const noData = await provider.doctor(context());
    expect(noData.find((c) => c.name === 'bigquery.jobs.create')).toMatchObject({ ok: true });
    expect(noData.find((c) => c.name === 'query')).toMatchObject({ ok: false, fix: expect.stringContaining('BigQuery Data Viewer') });
  });

  it('warns when the table has no cost_at_list', async () => {
    const { provider } = await setup({ table: { costAtList: false, kind: 'standard' } });
    const checks = await provider.doctor(context());
    expect(checks[1]!.detail).toContain('no cost_at_list');
    expect(checks[1]!.detail).toContain('standard billing export (no cost_at_list: list cost falls back to cost); configured as detailed');
  });
});
