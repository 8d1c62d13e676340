/**
 * The aws-athena provider through the real @aws-sdk/client-athena against the local wire
 * fake (test/fakes/athena-server.ts), which runs the SQL it receives in DuckDB.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeTags } from '../../../src/core/allocation/build-allocator.js';
import { parsePico } from '../../../src/core/money.js';
import type { CostRecord } from '../../../src/core/types.js';
import type { FakeAthena } from '../../fakes/athena-server.js';
import { makeRecord } from '../../helpers/make-record.js';
import { allocationConfig, context, MemoryCache, request, sampleRecords, setup } from './test-helpers.js';

let fake: FakeAthena | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const total = (records: CostRecord[], field: 'effectiveCost' | 'billedCost' = 'effectiveCost') => records.reduce((s, r) => s + parsePico(r[field])!, 0n);
const inRange = (records: CostRecord[], start: string, end: string) =>
  records.filter((r) => r.chargePeriodStart >= Date.parse(`${start}T00:00:00Z`) && r.chargePeriodStart < Date.parse(`${end}T00:00:00Z`));

describe('aws-athena provider (real client, wire fake)', () => {
  it('starts a parameterised query in the configured workgroup, polls it and reads every page', async () => {
    const s = await setup({ records: sampleRecords(), pageSize: 4, runningPolls: 3, config: { workgroup: 'finops', outputLocation: 's3://my-results/finops-bot/' }, workgroups: { finops: {} } });
    fake = s.fake;
    const res = await s.provider.fetch(request(), context());
    const start = fake.log.find((c) => c.op === 'StartQueryExecution')!.body;
    expect(start).toMatchObject({
      WorkGroup: 'finops',
      QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: 'finops' },
      ResultConfiguration: { OutputLocation: 's3://my-results/finops-bot/' },
      ExecutionParameters: expect.arrayContaining(["DATE '2026-11-01'"]),
    });
    expect(String(start.ClientRequestToken)).toMatch(/^[0-9a-f-]{36}$/);
    expect(String(start.QueryString)).toMatch(/^-- finops-bot:fetch v1\n/);
    // QUEUED, RUNNING, SUCCEEDED: three polls; then pages of 4 rows (the header is the first row).
    expect(fake.calls('GetQueryExecution')).toBe(3);
    const rows = [...fake.executions.values()][0]!;
    expect(rows.state).toBe('SUCCEEDED');
    expect(fake.calls('GetQueryResults')).toBe(Math.ceil((res.records.length + 1) / 4));
    expect(fake.calls('GetQueryResults')).toBeGreaterThan(2);
    // Every request sent is counted: the start, each poll, each page.
    expect(res.calls).toBe(fake.log.length);
    expect(res.cacheHits).toBe(0);
    expect(res.notes).toEqual([]);
  });

  it('returns exact sums per day and group: nothing lost, nothing counted twice, no float', async () => {
    const records = sampleRecords();
    const s = await setup({ records });
    fake = s.fake;
    const res = await s.provider.fetch(request({ keys: ['team', 'service'] }), context());
    const direct = inRange(records, '2026-11-01', '2026-11-05');
    expect(total(res.records)).toBe(total(direct));
    expect(total(res.records, 'billedCost')).toBe(total(direct, 'billedCost'));
    expect(res.records.every((r) => /^-?\d+\.\d{12}$/.test(r.effectiveCost))).toBe(true);
    // 42.000000001 survives the DOUBLE column exactly (Trino's cast goes through its shortest decimal text).
    expect(res.records.some((r) => r.billedCost === '42.000000001000')).toBe(true);
    // One record per day and distinct (account, service, charge, tags): 5 lines a day, 4 days.
    expect(res.records).toHaveLength(20);
    const tagged = res.records.find((r) => r.serviceName === 'Amazon Elastic Compute Cloud' && r.chargeCategory === 'Usage')!;
    expect(tagged.tags).toEqual({ team: 'NLP' });
    expect(normalizeTags(tagged.tags).get('team')).toBe('NLP');
  });

  it('prunes billing-period partitions and reports the bytes Athena scanned', async () => {
    const records = [...sampleRecords(), ...['2026-06-10', '2026-07-10', '2026-08-10'].map((day) => makeRecord({ day, billedCost: '1' }))];
    const s = await setup({ records, bytesPerRow: 1000 });
    fake = s.fake;
    const res = await s.provider.fetch(request(), context());
    // Partitions 2026-10 .. 2026-12 hold the 30 sample rows; June to August are not read.
    expect(res.bytesScanned).toBe(30 * 1000);
    const unpartitioned = await setup({ records, bytesPerRow: 1000, partitioned: false, config: { partitioned: false } });
    try {
      const all = await unpartitioned.provider.fetch(request(), context());
      expect(all.bytesScanned).toBe(records.length * 1000);
      expect(total(all.records)).toBe(total(res.records));
    } finally {
      await unpartitioned.fake.close();
    }
  });

  it('answers a repeated query from the cache: no request, one cache hit, nothing scanned', async () => {
    const s = await setup({ records: sampleRecords() });
    fake = s.fake;
    const cache = new MemoryCache();
    const first = await s.provider.fetch(request(), context({ cache }));
    const sent = fake.log.length;
    const again = await s.provider.fetch(request(), context({ cache }));
    expect(fake.log.length).toBe(sent);
    expect(again).toMatchObject({ calls: 0, cacheHits: 1, bytesScanned: 0 });
    expect(again.records).toEqual(first.records);
    // A range that includes today is cached briefly; a closed one for hours.
    const ttl = [...cache.entries.values()][0]!.ttlMs;
    expect(ttl).toBe(6 * 60 * 60_000);
  });

  it('hostile filter values reach Athena only as quoted parameters and filter exactly', async () => {
    const nasty = "it's'); DROP TABLE focus_1_0_aws; -- ?";
    const records = [
      makeRecord({ day: '2026-11-02', billedCost: '7.5', serviceName: nasty, tags: { team: nasty } }),
      makeRecord({ day: '2026-11-02', billedCost: '3', serviceName: 'Amazon S3', tags: { team: 'nlp' } }),
    ];
    const s = await setup({ records });
    fake = s.fake;
    const noShared = { ...allocationConfig(), shared: [] };
    const benign = await s.provider.fetch(request({ allocation: noShared, filters: { service: { in: ['Amazon S3'] }, team: { in: ['nlp'] } } }), context());
    const hostile = await s.provider.fetch(request({ allocation: noShared, filters: { service: { in: [nasty.toUpperCase()] }, team: { in: [nasty] } } }), context());
    expect(hostile.records.map((r) => r.billedCost)).toEqual(['7.500000000000']);
    expect(benign.records.map((r) => r.billedCost)).toEqual(['3.000000000000']);
    const [a, b] = [...fake.executions.values()];
    expect(b!.sql).toBe(a!.sql);
    expect(b!.params).toContain(`'${nasty.toLowerCase().replaceAll("'", "''")}'`);
    expect(b!.sql).not.toContain('DROP TABLE');
    // The table is still there.
    expect((await s.provider.fetch(request({ allocation: noShared }), context())).records).toHaveLength(2);
  });

  it('a hostile tag key from a question is one quoted literal: it groups and filters exactly', async () => {
    const key = "cost'center) OR 1=1 --";
    const records = [
      makeRecord({ day: '2026-11-02', billedCost: '4', tags: { [key]: 'a1' } }),
      makeRecord({ day: '2026-11-02', billedCost: '6', tags: { [` ${key.toUpperCase()} `]: 'b2' } }),
      makeRecord({ day: '2026-11-02', billedCost: '1', tags: { other: 'a1' } }),
    ];
    const s = await setup({ records });
    fake = s.fake;
    const noShared = { ...allocationConfig(), shared: [] };
    const grouped = await s.provider.fetch(request({ allocation: noShared, keys: [`tag:${key}`] }), context());
    expect(grouped.records.map((r) => [r.tags[key.toLowerCase()] ?? null, r.billedCost]).sort()).toEqual([['a1', '4.000000000000'], ['b2', '6.000000000000'], [null, '1.000000000000']].sort());
    const filtered = await s.provider.fetch(request({ allocation: noShared, keys: [], filters: { [`tag:${key}`]: { in: ['A1'] } } }), context());
    expect(filtered.records.map((r) => r.billedCost)).toEqual(['4.000000000000']);
  });

  it('says how many rows had no cost at all, and leaves them out (as the FOCUS file reader does)', async () => {
    const records = [makeRecord({ day: '2026-11-02', billedCost: '5' }), makeRecord({ day: '2026-11-02', billedCost: '', effectiveCost: '', listCost: '', serviceName: 'Broken' })];
    const s = await setup({ records });
    fake = s.fake;
    const res = await s.provider.fetch(request({ keys: ['service'] }), context());
    expect(res.records.map((r) => r.serviceName)).toEqual(['Amazon Elastic Compute Cloud']);
    expect(res.notes).toEqual(['1 row of finops.focus_1_0_aws in this range has neither BilledCost nor EffectiveCost and is left out.']);
  });

  it('sees a correction invoiced in the next billing period, under its own charge day', async () => {
    const records = [
      { record: makeRecord({ day: '2026-10-20', billedCost: '10' }) },
      { record: makeRecord({ day: '2026-10-20', billedCost: '-2.5', chargeCategory: 'Adjustment' }), billingPeriod: '2026-11' },
    ];
    const s = await setup({ records });
    fake = s.fake;
    const res = await s.provider.fetch(request({ range: { start: '2026-10-01', end: '2026-11-01' }, keys: ['charge'] }), context());
    expect(total(res.records)).toBe(parsePico('7.5'));
  });

  it('groups by the local day of the configured zone, with the engine\'s middle-of-the-period rule', async () => {
    // A daily UTC row is its own date in New York too; an hourly row at 02:00Z is the evening before.
    const records = [
      makeRecord({ day: '2026-11-02', billedCost: '1' }),
      { ...makeRecord({ day: '2026-11-03', billedCost: '2' }), chargePeriodStart: Date.parse('2026-11-03T02:00:00Z'), chargePeriodEnd: Date.parse('2026-11-03T03:00:00Z') },
    ];
    const s = await setup({ records, config: { timezone: 'America/New_York' } });
    fake = s.fake;
    const res = await s.provider.fetch(request({ keys: ['service'] }), context());
    const byDay = res.records.map((r) => [new Date(r.chargePeriodStart).toISOString(), r.billedCost]);
    expect(byDay).toEqual([['2026-11-02T05:00:00.000Z', '3.000000000000']]);
  });
});
