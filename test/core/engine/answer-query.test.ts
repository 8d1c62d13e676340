import { describe, expect, it } from 'vitest';
import { buildAllocator } from '../../../src/core/allocation/build-allocator.js';
import { answerQuery } from '../../../src/core/engine/answer-query.js';
import { DatasetBuilder, type Dataset } from '../../../src/core/engine/dataset.js';
import { scanDataset } from '../../../src/core/engine/scan.js';
import type { AllocationConfig, CostRecord, ParsedQuery } from '../../../src/core/types.js';
import { makeRecord } from '../../helpers/make-record.js';

const dim = (tags: string[]) => ({ tags, accounts: {}, rules: [], aliases: {} });
const CONFIG: AllocationConfig = {
  dimensions: { team: dim(['team']), model: dim(['model']) },
  shared: [{ name: 'support', when: { ServiceName: 'AWS Support*' }, split: 'proportional' }],
  unallocated: '(untagged)',
};

function build(records: CostRecord[], cfg = CONFIG): Dataset {
  const b = new DatasetBuilder(buildAllocator(cfg), 'UTC', 'test');
  records.forEach((r) => b.add(r));
  return b.build();
}

function q(over: Partial<ParsedQuery>): ParsedQuery {
  return {
    text: '', range: { start: '2026-11-01', end: '2026-11-08' }, filters: {}, groupBy: [], granularity: null, top: null,
    compare: null, forecast: false, metric: 'effective', public: false, notes: [], error: null, ...over,
  };
}

// The data is declared complete to the day before today: these tests are about everything but
// the cut at the data's freshness (answer-honesty.test.ts tests that).
const ask = (ds: Dataset, over: Partial<ParsedQuery>, today = '2026-11-26') =>
  answerQuery(async (plan) => [scanDataset(ds, plan)], q(over), {
    today, weekStart: 'monday', currency: 'USD', unallocatedLabel: '(untagged)', dimensions: ds.dimensions,
    knownDataEnd: Date.parse(`${today}T00:00:00Z`), dataEndFinal: true,
  });

const rec = (day: string, cost: string, tags: Record<string, string> = {}, over: Partial<CostRecord> = {}) =>
  makeRecord({ day, billedCost: cost, effectiveCost: cost, listCost: cost, tags, ...over });

describe('answer', () => {
  const ds = build([
    rec('2026-11-02', '100.00', { team: 'nlp', model: 'llama-70b' }),
    rec('2026-11-02', '50.00', { team: 'vision', model: 'sdxl' }),
    rec('2026-11-03', '30.00', { team: 'speech' }),
    rec('2026-11-03', '20.00', {}, { resourceId: 'i-untagged-big' }),
    rec('2026-11-04', '5.00', {}, { resourceId: 'i-untagged-small' }),
    rec('2026-11-04', '20.50', {}, { serviceName: 'AWS Support (Business)' }),
    rec('2026-10-27', '40.00', { team: 'nlp' }),
    rec('2026-11-05', '12.34', { team: 'nlp' }, { currency: 'EUR' }),
  ]);

  it('sorts rows largest first, shares of the total, and spreads the shared pool proportionally', async () => {
    const a = await ask(ds, { groupBy: ['team'] });
    expect(a.total).toBe(225.5);
    // direct 205; pool 20.50 → nlp 100 + 10 = 110
    expect(a.rows.map((r) => [r.key.team, r.cost])).toEqual([
      ['nlp', 110],
      ['vision', 55],
      ['speech', 33],
      ['(untagged)', 27.5],
    ]);
    expect(a.rows[0]!.share).toBeCloseTo(110 / 225.5, 4);
  });

  it('folds everything past top N into one row, sorted with the rest', async () => {
    const a = await ask(ds, { groupBy: ['team'], top: 2 });
    expect(a.rows).toHaveLength(3);
    expect(a.rows.map((r) => r.key.team)).toEqual(['nlp', '(2 others)', 'vision']);
    expect(a.rows[1]).toMatchObject({ key: { team: '(2 others)' }, cost: 60.5, other: true });
    expect(a.rows.reduce((s, r) => s + r.cost, 0)).toBeCloseTo(a.total, 9);
  });

  it('reports the unallocated share with the largest unallocated resources', async () => {
    const a = await ask(ds, { groupBy: ['team'] });
    expect(a.unallocated).toMatchObject({ dimension: 'team', cost: 27.5, resources: [{ resource: 'i-untagged-big', cost: 20 }, { resource: 'i-untagged-small', cost: 5 }] });
    expect(a.notes.some((n) => /12\.2% of this cost .* has no team: the largest unallocated resource is i-untagged-big \(20\.00 USD\)/.test(n))).toBe(true);
  });

  it('never sums another currency, and says what it left out', async () => {
    const a = await ask(ds, {});
    expect(a.currency).toBe('USD');
    expect(a.notes).toContain('Left out 12.34 EUR billed in EUR: answers are in USD and mixed currencies are never summed.');
  });

  it('compares with the previous period', async () => {
    const a = await ask(ds, { filters: { team: { in: ['nlp'] } }, compare: { start: '2026-10-25', end: '2026-11-01' } });
    expect(a.compare).toEqual({ range: { start: '2026-10-25', end: '2026-11-01' }, total: 40, change: 1.75 });
  });

  it('gives a series at each granularity, buckets aligned to the week start', async () => {
    const daily = await ask(ds, { granularity: 'day' });
    expect(daily.series!.map((p) => p.start)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07']);
    // Unfiltered, each day is that day's spend, the support fee on the day it was charged.
    expect(daily.series!.map((p) => p.cost)).toEqual([0, 150, 50, 25.5, 0, 0, 0]);
    const weekly = await ask(ds, { granularity: 'week', range: { start: '2026-10-27', end: '2026-11-08' } });
    expect(weekly.series!.map((p) => p.start)).toEqual(['2026-10-27', '2026-11-02']);
    expect(weekly.series!.reduce((s, p) => s + p.cost, 0)).toBeCloseTo(weekly.total, 9);
    const monthly = await ask(ds, { granularity: 'month', range: { start: '2026-10-27', end: '2026-11-08' } });
    expect(monthly.series!.map((p) => [p.start, p.cost])).toEqual([['2026-10-27', 40], ['2026-11-01', 225.5]]);
  });

  it('forecasts the month at a trimmed run rate of the last seven complete days', async () => {
    const a = await ask(ds, { range: { start: '2026-11-01', end: '2026-11-06' }, forecast: true }, '2026-11-05');
    // actual 1–4 Nov = 225.50; the days 29 Oct–4 Nov cost 0, 0, 0, 0, 150, 50, 25.50: without the
    // highest (150) and one lowest (0) the mean is 75.50 / 5 = 15.10 a day, × 26 days left.
    expect(a.forecast).toMatchObject({
      range: { start: '2026-11-01', end: '2026-12-01' }, actual: 225.5, method: 'run-rate', dailyRunRate: 15.1,
      window: { start: '2026-10-29', end: '2026-11-05' }, total: 618.1,
    });
    expect(a.forecast!.description).toBe('Forecast: the cost to 2026-11-04 plus a run rate of the mean daily cost of 2026-10-29 to 2026-11-04 without its highest and lowest day (2026-10-29 and 2026-11-02), times the 26 days left to 2026-11-30.');
  });

  it('says when a filter value matches nothing and when there is no data', async () => {
    const a = await ask(ds, { filters: { model: { in: ['llama-7b'] } } });
    expect(a.total).toBe(0);
    expect(a.notes.some((n) => n.includes('model=llama-7b'))).toBe(true);
    const empty = await ask(ds, { range: { start: '2025-01-01', end: '2025-01-02' } });
    expect(empty.notes.some((n) => n.startsWith('No cost data in 2025-01-01'))).toBe(true);
    expect(empty.freshness).toBeNull();
  });

  it('reports freshness as the end of the latest charge period in range', async () => {
    const a = await ask(ds, {});
    expect(a.freshness).toBe('2026-11-06T00:00:00Z');
  });

  it('keeps a split:none pool as its own row named after the rule', async () => {
    const none = build(
      [rec('2026-11-02', '10', { team: 'nlp' }), rec('2026-11-02', '3', {}, { chargeCategory: 'Tax' })],
      { ...CONFIG, shared: [{ name: 'tax', when: { ChargeCategory: 'Tax' }, split: 'none' }] },
    );
    const a = await ask(none, { groupBy: ['team'] });
    expect(a.rows.map((r) => [r.key.team, r.cost])).toEqual([['nlp', 10], ['tax', 3]]);
    const filtered = await ask(none, { filters: { team: { in: ['nlp'] } } });
    expect(filtered.total).toBe(10);
  });

  it('answers the billed and list metrics from their own columns', async () => {
    const m = build([makeRecord({ day: '2026-11-02', billedCost: '10', effectiveCost: '7.5', listCost: '12' })]);
    expect((await ask(m, { metric: 'billed' })).total).toBe(10);
    expect((await ask(m, { metric: 'list' })).total).toBe(12);
    expect((await ask(m, { metric: 'effective' })).total).toBe(7.5);
  });
});

describe('dates and spellings', () => {
  it('dates a daily UTC row by its middle, so it keeps its date west of Greenwich', async () => {
    const b = new DatasetBuilder(buildAllocator(CONFIG), 'America/New_York', 'test');
    b.add(rec('2026-11-10', '20', { team: 'nlp' }));
    b.add(rec('2026-11-11', '21', { team: 'nlp' }));
    const ds = b.build();
    expect((await ask(ds, { range: { start: '2026-11-10', end: '2026-11-11' } })).total).toBe(20);
  });

  it('orders tied series rows by key, whatever order the source listed them in (equivalence seed 1920579151)', async () => {
    const records = [rec('2026-11-02', '1', { team: 'nlp' }), rec('2026-11-02', '1', {})];
    const a = await ask(build(records), { groupBy: ['team'], granularity: 'day', range: { start: '2026-11-02', end: '2026-11-03' } });
    const b = await ask(build([...records].reverse()), { groupBy: ['team'], granularity: 'day', range: { start: '2026-11-02', end: '2026-11-03' } });
    expect(a.series![0]!.rows!.map((r) => r.key.team)).toEqual(['(untagged)', 'nlp']);
    expect(b.series).toEqual(a.series);
  });

  it('groups values that differ only by case as one, with an order-independent spelling', async () => {
    const ds = build([rec('2026-11-02', '1', { team: 'NLP' }), rec('2026-11-03', '2', { team: 'nlp' }), rec('2026-11-03', '4', { team: 'Vision' })]);
    const a = await ask(ds, { groupBy: ['team'] });
    expect(a.rows.map((r) => [r.key.team, r.cost])).toEqual([['Vision', 4], ['nlp', 3]]);
    expect((await ask(ds, { filters: { team: { in: ['NLP'] } } })).total).toBe(3);
  });
});
