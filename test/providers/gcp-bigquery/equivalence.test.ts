/**
 * The push-down contract: records aggregated in "BigQuery" (the fake, evaluating the
 * compiled query's grouping and filters in JS) and finished by the allocation layer give
 * the same answers as the raw billing rows loaded one by one.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BigQueryOptions } from '@google-cloud/bigquery';
import { buildAllocator, normalizeTags } from '../../../src/core/allocation/build-allocator.js';
import { answerQuery } from '../../../src/core/engine/answer-query.js';
import { DatasetBuilder } from '../../../src/core/engine/dataset.js';
import { scanDataset } from '../../../src/core/engine/scan.js';
import { parsePico } from '../../../src/core/money.js';
import type { AllocationConfig, CostRecord, FilterSpec, ParsedQuery } from '../../../src/core/types.js';
import { billingRowToCostRecord, type BillingExportRow } from '../../fakes/bigquery-fake-engine.js';
import { startFakeBigQuery, type FakeBigQueryServer, type FakeTable } from '../../fakes/bigquery-server.js';
import type { QueryProvider } from '../../../src/providers/types.js';
import { createBigQueryProvider } from '../../../src/providers/gcp-bigquery/bigquery-provider.js';
import { createBigQueryClient } from '../../../src/providers/gcp-bigquery/create-client.js';
import { allocationConfig, context, exportRows, fakeAuthClient, MemoryCache, NOW, silentLogger } from './test-helpers.js';

const RANGE = { start: '2026-11-01', end: '2026-11-05' };
const tbl: FakeTable = { project: 'billing-prj', dataset: 'billing', table: 'gcp_billing_export_resource_v1_X', kind: 'detailed', rows: [] };
let fake: FakeBigQueryServer;
let provider: QueryProvider;

beforeAll(async () => {
  fake = await startFakeBigQuery({ tables: [tbl], pageSize: 7, now: NOW });
  const config = { type: 'gcp-bigquery' as const, table: 'billing-prj.billing.gcp_billing_export_resource_v1_X', endpoint: fake.url };
  const client = createBigQueryClient(config, 'billing-prj', { authClient: fakeAuthClient as unknown as BigQueryOptions['authClient'] });
  provider = createBigQueryProvider(config, { logger: silentLogger, today: '2026-11-05', client });
});
afterAll(async () => fake.close());

const label = (key: string, value: string) => ({ key, value });
const rowArb: fc.Arbitrary<BillingExportRow> = fc
  .record({
    day: fc.constantFrom('2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'),
    hour: fc.integer({ min: 0, max: 23 }),
    service: fc.constantFrom('Compute Engine', 'Vertex AI', 'Cloud Storage', 'Support', 'BigQuery'),
    sku: fc.constantFrom('Nvidia Tesla A100 GPU running in Americas', 'N2 Instance Core running in Americas', 'Vertex AI: Training on A2 highgpu', 'Standard Storage US', 'Spot Preemptible N2 Core'),
    project: fc.constantFrom('ml-nlp-prod', 'ml-vision-dev', 'data-lake-4821', null),
    // Raw label keys are unique per row in the export (other spellings of a key may still collide).
    labels: fc.uniqueArray(
      fc.tuple(fc.constantFrom('team', ' Team', 'owner', 'env', 'Environment', 'model', 'other'), fc.constantFrom('nlp', 'NLP', 'vision', '', ' prd ', 'production', 'llama')),
      { maxLength: 4, selector: ([k]) => k },
    ),
    cost: fc.integer({ min: -50_000, max: 9_000_000 }).map((n) => n / 1_000_000),
    credits: fc.array(fc.integer({ min: -900_000, max: 0 }).map((n) => n / 1_000_000), { maxLength: 2 }),
    costType: fc.constantFrom('regular', 'regular', 'regular', 'tax', 'adjustment', 'rounding error'),
  })
  .map((r) => ({
    service: { id: `id-${r.service}`, description: r.service },
    sku: { id: `sku-${r.sku.length}`, description: r.sku },
    usage_start_time: `${r.day}T${String(r.hour).padStart(2, '0')}:00:00Z`,
    usage_end_time: `${r.day}T${String(r.hour).padStart(2, '0')}:59:59Z`,
    project: r.project === null ? null : { id: r.project, name: r.project.toUpperCase() },
    labels: r.labels.map(([k, v]) => label(k, v)),
    system_labels: [],
    location: { region: 'us-central1' },
    resource: { name: 'vm', global_name: `//vm/${r.hour}` },
    export_time: `${r.day}T23:30:00Z`,
    cost: r.cost,
    currency: 'USD',
    usage: { amount: 1, unit: 'hour' },
    credits: r.credits.map((amount, i) => ({ name: `c${i}`, amount, id: `c${i}`, type: 'PROMOTION' })),
    invoice: { month: '202611' },
    cost_type: r.costType,
  }));

function query(over: Partial<ParsedQuery>): ParsedQuery {
  return { text: '', range: RANGE, filters: {}, groupBy: [], granularity: null, top: null, compare: null, forecast: false, metric: 'effective', public: false, notes: [], error: null, ...over };
}

async function answer(records: CostRecord[], cfg: AllocationConfig, q: ParsedQuery) {
  const b = new DatasetBuilder(buildAllocator(cfg), 'UTC', 'test');
  records.forEach((r) => b.add(r));
  const ds = b.build();
  const a = await answerQuery(async (plan) => [scanDataset(ds, plan)], q, { today: '2026-11-26', weekStart: 'monday', currency: 'USD', unallocatedLabel: cfg.unallocated, dimensions: ds.dimensions });
  // Push-down records carry no resource ids (not a key of the request): compare the rest.
  return { total: a.total, rows: a.rows, series: a.series, unallocated: a.unallocated && { ...a.unallocated, resources: [] } };
}

async function viaProvider(rows: BillingExportRow[], cfg: AllocationConfig, q: ParsedQuery, pushFilters: boolean) {
  tbl.rows = rows;
  const keys = [...new Set([...q.groupBy, ...Object.keys(q.filters), Object.keys(cfg.dimensions)[0]!])];
  const res = await provider.fetch({ range: q.range, keys, filters: q.filters, pushFilters, metric: q.metric, allocation: cfg }, context(new MemoryCache(() => NOW)));
  return res.records;
}

const QUERIES: { groupBy: string[]; filters?: Record<string, FilterSpec>; granularity?: 'day' }[] = [
  { groupBy: ['team'] },
  { groupBy: ['service'] },
  { groupBy: ['env', 'model'] },
  { groupBy: ['workload'] },
  { groupBy: ['accelerator', 'charge'] },
  { groupBy: ['team'], granularity: 'day' },
  { groupBy: [], filters: { team: { in: ['nlp'] } } },
  { groupBy: ['service'], filters: { env: { in: ['prod'] }, account: { notIn: ['ml-vision-dev'] } } },
  { groupBy: ['team'], filters: { 'tag:model': { in: ['llama'] } } },
];

describe('push-down equivalence with the raw rows', () => {
  it('the recorded fixture: per-team and per-service sums of the returned records equal direct sums of the rows', async () => {
    const cfg = allocationConfig();
    const rows = exportRows();
    const direct = rows.map((r) => billingRowToCostRecord(r)).filter((r) => r.chargePeriodStart >= Date.parse('2026-11-01T00:00:00Z') && r.chargePeriodStart < Date.parse('2026-11-05T00:00:00Z'));
    const pushed = await viaProvider(rows, cfg, query({ groupBy: ['team', 'service'] }), true);
    expect(pushed.length).toBeLessThan(direct.length);
    const sums = (records: CostRecord[], dim: 'team' | 'service') => {
      const alloc = buildAllocator(cfg);
      const teamIdx = alloc.dimensions.indexOf('team');
      const out: Record<string, bigint> = {};
      for (const r of records) {
        const k = dim === 'team' ? alloc.allocate(r, normalizeTags(r.tags))[teamIdx]! : r.serviceName;
        out[k] = (out[k] ?? 0n) + parsePico(r.effectiveCost)!;
      }
      return out;
    };
    expect(sums(pushed, 'team')).toEqual(sums(direct, 'team'));
    expect(sums(pushed, 'service')).toEqual(sums(direct, 'service'));
    expect(Object.keys(sums(direct, 'team')).sort()).toEqual(['(untagged)', 'nlp', 'platform', 'vision']);
  });

  it('shows the spelling of the rows it sums, whatever rows outside the range say (fast-check seed 421534640)', async () => {
    // `nlp` on Oct 31 (outside the range) and `NLP` on Nov 2: BigQuery returns only the second,
    // so the raw rows must not show the first one's spelling either.
    const row = (day: string, value: string): BillingExportRow => ({
      service: { id: 'id-Compute Engine', description: 'Compute Engine' },
      sku: { id: 'sku-41', description: 'Nvidia Tesla A100 GPU running in Americas' },
      usage_start_time: `${day}T00:00:00Z`, usage_end_time: `${day}T00:59:59Z`,
      project: { id: 'ml-nlp-prod', name: 'ML-NLP-PROD' }, labels: [label('Environment', value)], system_labels: [],
      location: { region: 'us-central1' }, resource: { name: 'vm', global_name: '//vm/0' }, export_time: `${day}T23:30:00Z`,
      cost: 1.5, currency: 'USD', usage: { amount: 1, unit: 'hour' }, credits: [], invoice: { month: '202611' }, cost_type: 'regular',
    });
    const cfg = allocationConfig();
    const rows = [row('2026-10-31', 'nlp'), row('2026-11-02', 'NLP')];
    const q = query({ groupBy: ['env', 'model'] });
    const direct = await answer(rows.map((r) => billingRowToCostRecord(r)), cfg, q);
    expect(direct.rows.map((r) => r.key.env)).toEqual(['NLP']);
    expect(await answer(await viaProvider(rows, cfg, q, false), cfg, q)).toEqual(direct);
  });

  it('random billing rows: the engine gives the same answers from pushed-down records as from the raw rows', async () => {
    const cfg = allocationConfig();
    const noShared: AllocationConfig = { ...cfg, shared: [] };
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 40 }), fc.constantFrom(...QUERIES), fc.constantFrom<ParsedQuery['metric']>('effective', 'billed'), async (rows, spec, metric) => {
        const q = query({ groupBy: spec.groupBy, filters: spec.filters ?? {}, granularity: spec.granularity ?? null, metric });
        const direct = rows.map((r) => billingRowToCostRecord(r));
        // With shared rules the engine needs unfiltered totals (no push-down); without, filters are pushed.
        expect(await answer(await viaProvider(rows, cfg, q, false), cfg, q)).toEqual(await answer(direct, cfg, q));
        expect(await answer(await viaProvider(rows, noShared, q, true), noShared, q)).toEqual(await answer(direct, noShared, q));
      }),
      { numRuns: 60 },
    );
  });
});
