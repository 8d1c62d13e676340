/**
 * No answer that looks more certain than it is (issue 8): ranges cut at the data's freshness,
 * like-for-like comparisons per row, partial buckets, labels that cannot be confused, the
 * unallocated note where it belongs, shared costs said, forecasts per group that a spike does
 * not throw off, and refusals instead of a zero.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAllocator } from '../../../src/core/allocation/build-allocator.js';
import { answerQuery, QueryRefusal, type AnswerOptions } from '../../../src/core/engine/answer-query.js';
import { DatasetBuilder, type Dataset } from '../../../src/core/engine/dataset.js';
import { dataEndDay } from '../../../src/core/engine/fit-to-data.js';
import { scanDataset } from '../../../src/core/engine/scan.js';
import type { AllocationConfig, CostRecord, ParsedQuery } from '../../../src/core/types.js';
import { makeRecord } from '../../helpers/make-record.js';

const dim = (tags: string[]) => ({ tags, accounts: {}, rules: [], aliases: {} });
const CONFIG: AllocationConfig = {
  dimensions: { team: dim(['team']), model: dim(['model']) },
  shared: [{ name: 'support', when: { ServiceName: 'AWS Support*' }, split: 'proportional' }],
  unallocated: '(untagged)',
};

function build(records: CostRecord[], cfg = CONFIG, timezone = 'UTC'): Dataset {
  const b = new DatasetBuilder(buildAllocator(cfg), timezone, 'test');
  records.forEach((r) => b.add(r));
  return b.build();
}

function q(over: Partial<ParsedQuery>): ParsedQuery {
  return {
    text: '', range: { start: '2026-12-01', end: '2026-12-03' }, filters: {}, groupBy: [], granularity: null, top: null,
    compare: null, forecast: false, metric: 'effective', public: false, notes: [], error: null, ...over,
  };
}

const rec = (day: string, cost: string, tags: Record<string, string> = {}, over: Partial<CostRecord> = {}) =>
  makeRecord({ day, billedCost: cost, effectiveCost: cost, listCost: cost, tags, ...over });

/** Data complete to `lastDay` (the freshness the engine knows in advance), asked on `today`. */
function ask(ds: Dataset, over: Partial<ParsedQuery>, opts: Partial<AnswerOptions> = {}) {
  const maxEnd = Math.max(...ds.dayMaxEnd);
  return answerQuery(async (plan) => [scanDataset(ds, plan)], q(over), {
    today: '2026-12-02', weekStart: 'monday', currency: 'USD', unallocatedLabel: '(untagged)', dimensions: ds.dimensions,
    knownDataEnd: maxEnd, dataEndFinal: true, ...opts,
  });
}

/** Every day from `from` to `to` (inclusive) at `cost` per team. */
function days(from: string, to: string, perTeam: Record<string, string>): CostRecord[] {
  const out: CostRecord[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000) {
    const day = new Date(d).toISOString().slice(0, 10);
    for (const [team, cost] of Object.entries(perTeam)) out.push(rec(day, cost, { team }));
  }
  return out;
}

describe('the data’s freshness', () => {
  it('is the day after the last complete day, in the configured zone', () => {
    // Daily UTC data through 2026-12-01: complete to Dec 1 in UTC, New York and Tokyo alike
    // (New York's Dec 1 ends at 05:00 UTC, but billing days are UTC days).
    const daily = Date.parse('2026-12-02T00:00:00Z');
    expect(dataEndDay(daily, 'UTC')).toBe('2026-12-02');
    expect(dataEndDay(daily, 'America/New_York')).toBe('2026-12-02');
    expect(dataEndDay(daily, 'Asia/Tokyo')).toBe('2026-12-02');
    // An hourly export that stops at 10:00 leaves its day incomplete.
    expect(dataEndDay(Date.parse('2026-12-02T10:00:00Z'), 'UTC')).toBe('2026-12-02');
    expect(dataEndDay(Date.parse('2026-12-02T10:00:00Z'), 'America/New_York')).toBe('2026-12-02');
  });
});

describe('time against data', () => {
  const ds = build([...days('2026-10-25', '2026-12-01', { nlp: '10', vision: '5' }), rec('2026-11-30', '100', { team: 'speech' })]);

  it('cuts month to date at the last complete day, and compares the same days of the previous month', async () => {
    // On 2026-12-02 "this month vs previous" parses as Dec 1–2 vs Nov 1–2; there is no data for Dec 2 yet.
    const a = await ask(ds, { groupBy: ['team'], compare: { start: '2026-11-01', end: '2026-11-03' } });
    expect(a.range).toEqual({ start: '2026-12-01', end: '2026-12-02' });
    expect(a.compare).toEqual({ range: { start: '2026-11-01', end: '2026-11-02' }, total: 15, change: 0 });
    expect(a.notes).toEqual(expect.arrayContaining([
      'The data is complete to 2026-12-01, so this covers 2026-12-01 (1 day of the range has no cost data yet).',
      'It is compared with the same days, 2026-11-01.',
    ]));
    // No drop: the same team spends the same each day.
    expect(a.rows.map((r) => [r.key.team, r.cost, r.previous, r.change])).toEqual([['nlp', 10, 10, 0], ['vision', 5, 5, 0]]);
  });

  it('gives every row its previous cost and change, and a row to a group that stopped spending', async () => {
    const a = await ask(ds, { groupBy: ['team'], range: { start: '2026-12-01', end: '2026-12-02' }, compare: { start: '2026-11-30', end: '2026-12-01' } });
    expect(a.rows).toEqual([
      { key: { team: 'nlp' }, cost: 10, share: 0.6667, previous: 10, change: 0 },
      { key: { team: 'vision' }, cost: 5, share: 0.3333, previous: 5, change: 0 },
      { key: { team: 'speech' }, cost: 0, share: 0, previous: 100, change: -1 },
    ]);
    expect(a.compare).toMatchObject({ total: 115, change: -0.8696 });
  });

  it('folds groups found only in the comparison into the fold row under top', async () => {
    const a = await ask(ds, { groupBy: ['team'], top: 1, range: { start: '2026-12-01', end: '2026-12-02' }, compare: { start: '2026-11-30', end: '2026-12-01' } });
    expect(a.rows).toEqual([
      { key: { team: 'nlp' }, cost: 10, share: 0.6667, previous: 10, change: 0 },
      { key: { team: '(2 others)' }, cost: 5, share: 0.3333, other: true, previous: 105, change: -0.9524 },
    ]);
  });

  it('refuses a range with no data yet instead of answering zero', async () => {
    const err = await ask(ds, { range: { start: '2026-12-02', end: '2026-12-03' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryRefusal);
    expect((err as QueryRefusal).message).toBe('no cost data yet for 2026-12-02: the data is complete to 2026-12-01 (providers publish a day\'s costs after it ends) — ask about yesterday, the last 7 days or last month');
    expect((err as QueryRefusal).suggestions).toEqual(['yesterday', 'last 7 days', 'last month']);
  });

  it('finds the freshness from a first scan when sources are not all known in advance (push-down)', async () => {
    const a = await answerQuery(async (plan) => [scanDataset(ds, plan)], q({}), {
      today: '2026-12-02', weekStart: 'monday', currency: 'USD', unallocatedLabel: '(untagged)', dimensions: ds.dimensions,
    });
    expect(a.range).toEqual({ start: '2026-12-01', end: '2026-12-02' });
    expect(a.total).toBe(15);
  });

  it('drops the incomplete last day of an hourly export', async () => {
    const hour = (h: number) => makeRecord({
      billedCost: '1', effectiveCost: '1', listCost: '1', tags: { team: 'nlp' },
      chargePeriodStart: Date.parse('2026-12-01T00:00:00Z') + h * 3_600_000, chargePeriodEnd: Date.parse('2026-12-01T00:00:00Z') + (h + 1) * 3_600_000,
    });
    const hourly = build(Array.from({ length: 34 }, (_, h) => hour(h))); // Dec 1 00:00 to Dec 2 10:00
    const a = await ask(hourly, { range: { start: '2026-12-01', end: '2026-12-03' }, granularity: 'day' });
    expect(a.range).toEqual({ start: '2026-12-01', end: '2026-12-02' });
    expect(a.series).toEqual([{ start: '2026-12-01', cost: 24 }]);
  });

  it('marks buckets that are not a whole week or month as partial, never as a drop', async () => {
    const weekly = await ask(ds, { range: { start: '2026-11-04', end: '2026-12-03' }, granularity: 'week' });
    expect(weekly.series!.map((p) => [p.start, p.partial ?? false, p.days ?? 7])).toEqual([
      ['2026-11-04', true, 5], ['2026-11-09', false, 7], ['2026-11-16', false, 7], ['2026-11-23', false, 7], ['2026-11-30', true, 2],
    ]);
    expect(weekly.notes).toContain('Partial weeks, not comparable with whole ones: 2026-11-04 (5 days), 2026-11-30 (2 days).');
    const monthly = await ask(ds, { range: { start: '2026-10-01', end: '2026-12-03' }, granularity: 'month' });
    expect(monthly.series!.map((p) => [p.start, p.partial ?? false, p.days])).toEqual([['2026-10-01', false, undefined], ['2026-11-01', false, undefined], ['2026-12-01', true, 1]]);
  });
});

describe('labels and notes that fit', () => {
  it('the fold row is “(N others)” and never a real value named other', async () => {
    const wl = build([
      rec('2026-11-02', '50', {}, { serviceName: 'Amazon SageMaker', chargeDescription: 'training job' }),
      rec('2026-11-02', '40', {}, { serviceName: 'AmazonCloudWatch' }),
      rec('2026-11-02', '3', {}, { serviceName: 'Amazon Simple Storage Service' }),
      rec('2026-11-02', '2', {}, { serviceName: 'AWS Data Transfer' }),
    ]);
    const a = await ask(wl, { groupBy: ['workload'], top: 2, range: { start: '2026-11-02', end: '2026-11-03' } });
    const keys = a.rows.map((r) => [r.key.workload, r.other ?? false]);
    expect(keys.filter(([, other]) => other)).toHaveLength(1);
    expect(keys.find(([, other]) => other)![0]).toMatch(/^\(\d others\)$/);
    expect(keys.some(([k, other]) => k === 'other' && !other)).toBe(true);
  });

  it('a value that reads like the fold label pushes the label aside', async () => {
    const odd = build([rec('2026-11-02', '5', { team: '(2 others)' }), rec('2026-11-02', '1', { team: 'a' }), rec('2026-11-02', '2', { team: 'b' })]);
    const a = await ask(odd, { groupBy: ['team'], top: 1, range: { start: '2026-11-02', end: '2026-11-03' } });
    expect(a.rows.map((r) => r.key.team)).toEqual(['(2 others)', '((2 others))']);
    expect(a.rows[1]!.other).toBe(true);
  });

  it('an empty value reads (none), and (none) filters on it', async () => {
    const ds = build([rec('2026-11-02', '7', {}, { regionId: '' }), rec('2026-11-02', '3', {}, { regionId: 'us-east-1' })]);
    const a = await ask(ds, { groupBy: ['region'], range: { start: '2026-11-02', end: '2026-11-03' } });
    expect(a.rows.map((r) => [r.key.region, r.cost])).toEqual([['(none)', 7], ['us-east-1', 3]]);
    expect((await ask(ds, { filters: { region: { in: ['(none)'] } }, range: { start: '2026-11-02', end: '2026-11-03' } })).total).toBe(7);
  });

  it('by resource names the resource beside its id, and so does the unallocated note', async () => {
    const ds = build([
      rec('2026-11-02', '9', {}, { resourceId: 'i-0abc', resourceName: 'train-box' }),
      rec('2026-11-02', '4', { team: 'nlp' }, { resourceId: 'i-0def' }),
    ]);
    const a = await ask(ds, { groupBy: ['resource'], range: { start: '2026-11-02', end: '2026-11-03' } });
    expect(a.rows).toEqual([
      { key: { resource: 'i-0abc' }, cost: 9, share: 0.6923, resourceName: 'train-box' },
      { key: { resource: 'i-0def' }, cost: 4, share: 0.3077 },
    ]);
    const t = await ask(ds, { groupBy: ['team'], range: { start: '2026-11-02', end: '2026-11-03' } });
    expect(t.unallocated!.resources).toEqual([{ resource: 'i-0abc', cost: 9, name: 'train-box' }]);
    expect(t.notes.some((n) => n.includes('the largest unallocated resource is i-0abc (train-box) (9.00 USD)'))).toBe(true);
  });

  it('reports the unallocated share only for the dimension the answer is about', async () => {
    const ds = build([rec('2026-11-02', '9', {}), rec('2026-11-02', '1', { team: 'nlp', model: 'm' })]);
    const range = { start: '2026-11-02', end: '2026-11-03' };
    const total = await ask(ds, { range });
    expect(total.unallocated).toBeNull();
    expect(total.notes.some((n) => /has no/.test(n))).toBe(false);
    const byModel = await ask(ds, { range, groupBy: ['model'] });
    expect(byModel.unallocated).toMatchObject({ dimension: 'model', cost: 9 });
    expect((await ask(ds, { range, filters: { team: { in: ['nlp'] } } })).unallocated).toMatchObject({ dimension: 'team', cost: 0 });
  });

  it('says how much shared cost was spread, and from which pools', async () => {
    const ds = build([rec('2026-11-02', '80', { team: 'nlp' }), rec('2026-11-02', '20', { team: 'vision' }), rec('2026-11-02', '10', {}, { serviceName: 'AWS Support (Business)' })]);
    const range = { start: '2026-11-02', end: '2026-11-03' };
    const all = await ask(ds, { range, groupBy: ['team'] });
    expect(all.shared).toEqual([{ name: 'support', split: 'proportional', cost: 10 }]);
    expect(all.notes).toContain('Includes 10.00 USD of shared costs spread over these figures: support 10.00 USD (proportional).');
    const nlp = await ask(ds, { range, filters: { team: { in: ['nlp'] } } });
    expect(nlp.shared).toEqual([{ name: 'support', split: 'proportional', cost: 8 }]);
    expect(nlp.total).toBe(88);
    const none = build([rec('2026-11-02', '80', { team: 'nlp' })]);
    expect((await ask(none, { range })).shared).toBeUndefined();
  });

  it('refuses a filter value that matches nothing and nothing known, with the closest values', async () => {
    const ds = build([rec('2026-11-02', '1', { team: 'nlp' })]);
    const known = { team: ['nlp', 'vision'] };
    const err = await ask(ds, { filters: { team: { in: ['nlpp'] } }, range: { start: '2026-11-02', end: '2026-11-03' } }, { knownValues: known }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryRefusal);
    expect((err as QueryRefusal).message).toBe('no team is called “nlpp” in the data — did you mean team=nlp?');
    expect((err as QueryRefusal).suggestions).toEqual(['team=nlp']);
    // A known value with no cost in the range is an honest zero.
    const vision = await ask(ds, { filters: { team: { in: ['vision'] } }, range: { start: '2026-11-02', end: '2026-11-03' } }, { knownValues: known });
    expect(vision.total).toBe(0);
  });
});

describe('forecast', () => {
  // Two teams at a steady 10 and 5 a day, and one 1,000 spike for nlp on Nov 28.
  const steady = days('2026-11-01', '2026-12-01', { nlp: '10', vision: '5' });
  const ds = build([...steady, rec('2026-11-28', '1000', { team: 'nlp' })]);

  it('is not thrown off by a spike in its window: the highest and lowest days are left out', async () => {
    const a = await ask(ds, { range: { start: '2026-12-01', end: '2026-12-03' }, forecast: true });
    // Dec 1 is 15; 30 days left at 15 a day.
    expect(a.forecast).toMatchObject({ total: 465, actual: 15, dailyRunRate: 15, window: { start: '2026-11-25', end: '2026-12-02' }, range: { start: '2026-12-01', end: '2027-01-01' } });
    expect(a.forecast!.description).toMatch(/without its highest and lowest day \(2026-11-25 and 2026-11-28\)/);
    expect(a.notes).toContain(a.forecast!.description);
  });

  it('works per group: every row has its forecast, and they add up to the total’s', async () => {
    const a = await ask(ds, { range: { start: '2026-12-01', end: '2026-12-03' }, forecast: true, groupBy: ['team'] });
    expect(a.rows.map((r) => [r.key.team, r.forecast])).toEqual([['nlp', 310], ['vision', 155]]);
    expect(a.rows.reduce((s, r) => s + r.forecast!, 0)).toBe(a.forecast!.total);
  });
});

describe('properties', () => {
  const DAYS = Array.from({ length: 62 }, (_, i) => new Date(Date.parse('2026-10-01T00:00:00Z') + i * 86_400_000).toISOString().slice(0, 10));
  const record = fc.record({
    day: fc.constantFrom(...DAYS),
    team: fc.constantFrom('nlp', 'vision', 'speech', ''),
    cents: fc.integer({ min: -500, max: 100_000 }),
  }).map(({ day, team, cents }) => rec(day, (cents / 100).toFixed(2), team ? { team } : {}));
  const dayIndex = fc.integer({ min: 0, max: 70 });
  const date = (i: number) => new Date(Date.parse('2026-10-01T00:00:00Z') + i * 86_400_000).toISOString().slice(0, 10);

  it('never reaches past the data, and rows and their previous costs add up to the totals, cent for cent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 60 }), dayIndex, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.constantFrom<number | null>(null, 2), async (records, from, length, back, top) => {
        const ds = build(records);
        const range = { start: date(from), end: date(from + length) };
        const compare = { start: date(from - back - length), end: date(from - back) };
        const dataEnd = date(Math.max(...records.map((r) => Math.round((r.chargePeriodStart - Date.parse('2026-10-01T00:00:00Z')) / 86_400_000))) + 1);
        const a = await ask(ds, { groupBy: ['team'], range, compare, top }).catch((e: unknown) => e);
        if (a instanceof QueryRefusal) {
          expect(range.start >= dataEnd || compare.start >= dataEnd).toBe(true);
          return;
        }
        if (a instanceof Error) throw a;
        const answer = a as Awaited<ReturnType<typeof ask>>;
        expect(answer.range.end <= dataEnd).toBe(true);
        expect(answer.compare!.range.end <= dataEnd).toBe(true);
        const cents = (x: number) => Math.round(x * 100);
        expect(answer.rows.reduce((s, r) => s + cents(r.cost), 0)).toBe(cents(answer.total));
        expect(answer.rows.reduce((s, r) => s + cents(r.previous!), 0)).toBe(cents(answer.compare!.total));
        for (const r of answer.rows) if (r.previous !== 0) expect(r.change).toBeCloseTo((r.cost - r.previous!) / Math.abs(r.previous!), 3);
        expect(answer.rows.filter((r) => r.other).length).toBeLessThanOrEqual(1);
        for (const r of answer.rows) expect(r.key.team).not.toBe('');
      }),
      { numRuns: 150 },
    );
  });
});
