/**
 * The push-down contract for Athena: FOCUS rows aggregated by the fake Athena (DuckDB
 * running the compiled SQL over a table of those rows, costs stored as DOUBLE as AWS
 * exports them) and finished by the allocation layer give the same answers as the same
 * rows read one by one, in any time zone, with shared costs or without.
 */
import { withDataEnd } from '../../../src/app/cost-engine.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAllocator, withBuiltins } from '../../../src/core/allocation/build-allocator.js';
import { fromDayNumber } from '../../../src/core/dates.js';
import { answerQuery } from '../../../src/core/engine/answer-query.js';
import { DatasetBuilder } from '../../../src/core/engine/dataset.js';
import { scanDataset } from '../../../src/core/engine/scan.js';
import type { AllocationConfig, CostRecord, FilterSpec, ParsedQuery } from '../../../src/core/types.js';
import { createAthenaProvider } from '../../../src/providers/aws-athena/athena-provider.js';
import type { QueryProvider } from '../../../src/providers/types.js';
import { startFakeAthena, type FakeAthena } from '../../fakes/athena-server.js';
import { makeRecord } from '../../helpers/make-record.js';
import { allocationConfig, context, FAST, fakeClient, silentLogger } from './test-helpers.js';

const ZONES = ['UTC', 'America/New_York', 'Asia/Tokyo'] as const;
const RANGE = { start: '2026-11-01', end: '2026-11-05' };
let fake: FakeAthena;
const providers: Record<string, QueryProvider> = {};

beforeAll(async () => {
  fake = await startFakeAthena({ runningPolls: 1 });
  for (const tz of ZONES) {
    providers[tz] = createAthenaProvider(
      { type: 'aws-athena', region: 'us-east-1', database: 'finops', table: 'focus_1_0_aws', endpoint: fake.url, timezone: tz },
      { logger: silentLogger, today: '2026-11-26', client: fakeClient(fake.url), ...FAST },
    );
  }
});
afterAll(async () => fake.close());

/** Amounts with up to 9 decimals, as AWS writes them; they survive a DOUBLE column exactly. */
const amount = fc.integer({ min: -50_000_000, max: 9_000_000_000 }).map((n) => (n / 1e6).toFixed(6).replace(/\.?0+$/, '') || '0');
const recordArb: fc.Arbitrary<CostRecord> = fc
  .record({
    day: fc.constantFrom('2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'),
    hour: fc.integer({ min: 0, max: 23 }),
    hourly: fc.boolean(),
    service: fc.constantFrom('Amazon SageMaker', 'Amazon Elastic Compute Cloud', 'Amazon Simple Storage Service', 'AWS Support (Business)', "Bob's \"quoted\" service"),
    account: fc.constantFrom('111111111111', '222222222222', '333333333333'),
    // No two spellings of one value ('nlp', 'NLP'): the engine shows a value in the spelling of
    // the first row it loaded, even a row outside the range, which a push-down never returns.
    tags: fc.uniqueArray(fc.tuple(fc.constantFrom('team', ' Team', 'owner', 'env', 'Environment', 'model', "it's"), fc.constantFrom('nlp', 'vision', '', ' prd ', 'production', 'llama', "o'brien")), { maxLength: 4, selector: ([k]) => k }),
    billed: amount,
    effective: fc.option(amount, { nil: '' }),
    charge: fc.constantFrom('Usage', 'Usage', 'Usage', 'Tax', 'Credit'),
    pricing: fc.constantFrom('Standard', 'Dynamic', 'Committed'),
    region: fc.constantFrom('us-east-1', 'eu-west-1'),
  })
  .map((r) => {
    const start = Date.parse(`${r.day}T${String(r.hour).padStart(2, '0')}:00:00Z`);
    return makeRecord({
      chargePeriodStart: r.hourly ? start : Date.parse(`${r.day}T00:00:00Z`),
      chargePeriodEnd: r.hourly ? start + 3_600_000 : Date.parse(`${r.day}T00:00:00Z`) + 86_400_000,
      billedCost: r.billed,
      effectiveCost: r.effective === '' ? r.billed : r.effective,
      listCost: r.billed,
      serviceName: r.service,
      subAccountId: r.account,
      chargeCategory: r.charge,
      pricingCategory: r.pricing,
      regionId: r.region,
      tags: Object.fromEntries(r.tags),
    });
  });

function query(over: Partial<ParsedQuery>): ParsedQuery {
  return { text: '', range: RANGE, filters: {}, groupBy: [], granularity: null, top: null, compare: null, forecast: false, metric: 'effective', public: false, notes: [], error: null, ...over };
}

const options = (cfg: AllocationConfig, timezone: string) => ({ timezone, today: '2026-11-26', weekStart: 'monday' as const, currency: 'USD', unallocatedLabel: cfg.unallocated, dimensions: buildAllocator(cfg).dimensions });

/** The answer from the rows themselves, as the FOCUS file provider loads them. */
async function direct(records: CostRecord[], cfg: AllocationConfig, q: ParsedQuery, tz: string) {
  const b = new DatasetBuilder(buildAllocator(cfg), tz, 'focus');
  records.forEach((r) => b.add(r));
  const ds = b.build();
  return strip(await answerQuery(async (plan) => [scanDataset(ds, plan)], q, options(cfg, tz)));
}

/** The answer through Athena: the engine's own fetch request for each scan, as CostEngine builds it. */
async function viaAthena(cfg: AllocationConfig, q: ParsedQuery, tz: string) {
  const provider = providers[tz]!;
  return strip(await answerQuery(async (plan) => {
    const keys = new Set([...plan.groupBy, ...Object.keys(plan.filters)]);
    if (plan.unallocatedDimension) keys.add(plan.unallocatedDimension);
    const res = await provider.fetch({
      range: { start: fromDayNumber(plan.startDay), end: fromDayNumber(plan.endDay) },
      keys: [...keys],
      filters: plan.filters,
      pushFilters: cfg.shared.length === 0,
      metric: plan.metric,
      allocation: { ...cfg, dimensions: withBuiltins(cfg.dimensions) },
    }, context());
    const b = new DatasetBuilder(buildAllocator(cfg), tz, provider.id);
    res.records.forEach((r) => b.add(r));
    return [withDataEnd(scanDataset(b.build(), plan), res.dataEnd)];
  }, q, options(cfg, tz)));
}

// Push-down records name resources only when asked: compare the rest.
const strip = (a: Awaited<ReturnType<typeof answerQuery>>) => ({ total: a.total, rows: a.rows, series: a.series, unallocated: a.unallocated && { ...a.unallocated, resources: [] } });

/** An answer, or the refusal both sides must give alike (data that ends before the range: `no cost data yet`). */
const outcome = <T>(answer: Promise<T>) => answer.catch((err: unknown) => ({ refused: String(err) }));

const QUERIES: { groupBy: string[]; filters?: Record<string, FilterSpec>; granularity?: 'day' }[] = [
  { groupBy: ['team'] },
  { groupBy: ['service'] },
  { groupBy: ['env', 'model'] },
  { groupBy: ['workload'] },
  { groupBy: ['accelerator', 'charge'] },
  { groupBy: ['team'], granularity: 'day' },
  { groupBy: [], filters: { team: { in: ['nlp'] } } },
  { groupBy: ['service'], filters: { env: { in: ['prod'] }, account: { notIn: ['333333333333'] } } },
  { groupBy: ['team'], filters: { 'tag:model': { in: ['llama'] } } },
  { groupBy: ['region'], filters: { service: { in: ["bob's \"quoted\" service", 'amazon sagemaker'] }, team: { in: ["o'brien"] } } },
  { groupBy: ['pricing'], filters: { charge: { notIn: ['credit'] } } },
];

describe('Athena push-down equivalence with the raw FOCUS rows', () => {
  it('random rows, zones, queries and metrics: the same answers, cent for cent', async () => {
    const cfg = allocationConfig();
    const noShared: AllocationConfig = { ...cfg, shared: [] };
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordArb, { minLength: 1, maxLength: 30 }),
        fc.constantFrom(...QUERIES),
        fc.constantFrom<ParsedQuery['metric']>('effective', 'billed', 'list'),
        fc.constantFrom(...ZONES),
        async (records, spec, metric, tz) => {
          await fake.load(records);
          const q = query({ groupBy: spec.groupBy, filters: spec.filters ?? {}, granularity: spec.granularity ?? null, metric });
          // With shared rules the engine needs unfiltered totals (no push-down); without, filters are pushed.
          expect(await outcome(viaAthena(cfg, q, tz))).toEqual(await outcome(direct(records, cfg, q, tz)));
          expect(await outcome(viaAthena(noShared, q, tz))).toEqual(await outcome(direct(records, noShared, q, tz)));
        },
      ),
      { numRuns: 30 },
    );
  }, 240_000); // a guard against a hang only: each run loads the table and asks DuckDB twice
});
