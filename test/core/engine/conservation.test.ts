import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAllocator } from '../../../src/core/allocation/build-allocator.js';
import { answerQuery, type AnswerOptions } from '../../../src/core/engine/answer-query.js';
import { DatasetBuilder, type Dataset } from '../../../src/core/engine/dataset.js';
import { scanDataset } from '../../../src/core/engine/scan.js';
import { parsePico, toCents } from '../../../src/core/money.js';
import type { AllocationConfig, CostRecord, ParsedQuery, SharedSplit } from '../../../src/core/types.js';
import { makeRecord } from '../../helpers/make-record.js';

const TEAMS = ['nlp', 'vision', 'speech', ''];
const MODELS = ['llama-70b', 'sdxl', ''];
const DAYS = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'];

const decimalText = fc
  .tuple(fc.integer({ min: -2000, max: 50_000 }), fc.integer({ min: 0, max: 99_999_999_999 }))
  .map(([whole, frac]) => `${whole < 0 ? '-' : ''}${Math.abs(whole)}.${String(frac).padStart(11, '0')}`);

const recordArb = fc
  .record({
    day: fc.constantFrom(...DAYS),
    team: fc.constantFrom(...TEAMS),
    model: fc.constantFrom(...MODELS),
    kind: fc.constantFrom('usage', 'usage', 'usage', 'support', 'tax', 'credit'),
    cost: decimalText,
  })
  .map(({ day, team, model, kind, cost }): CostRecord => {
    const tags: Record<string, string> = {};
    if (team) tags[team === 'vision' ? ' Team' : 'team'] = team;
    if (model) tags.model = model;
    return makeRecord({
      day,
      billedCost: cost,
      effectiveCost: cost,
      listCost: cost,
      tags,
      serviceName: kind === 'support' ? 'AWS Support (Business)' : 'Amazon SageMaker',
      chargeCategory: kind === 'tax' ? 'Tax' : kind === 'credit' ? 'Credit' : 'Usage',
    });
  });

function config(supportSplit: SharedSplit, taxSplit: SharedSplit): AllocationConfig {
  const dim = (tags: string[]) => ({ tags, accounts: {}, rules: [], aliases: {} });
  return {
    dimensions: { team: dim(['team']), model: dim(['model']) },
    shared: [
      { name: 'support', when: { ServiceName: 'AWS Support*' }, split: supportSplit },
      { name: 'tax', when: { ChargeCategory: 'Tax' }, split: taxSplit },
    ],
    unallocated: '(untagged)',
  };
}

function build(records: CostRecord[], cfg: AllocationConfig): Dataset {
  const b = new DatasetBuilder(buildAllocator(cfg), 'UTC', 'test');
  records.forEach((r) => b.add(r));
  return b.build();
}

function query(over: Partial<ParsedQuery>): ParsedQuery {
  return {
    text: '', range: { start: '2026-11-01', end: '2026-11-06' }, filters: {}, groupBy: [], granularity: null, top: null,
    compare: null, forecast: false, metric: 'effective', public: false, notes: [], error: null, ...over,
  };
}

// The data is declared complete to the day before today, so no range here is cut at the
// data's freshness (fit-to-data has its own tests): these properties are about allocation.
const opts = (ds: Dataset): AnswerOptions => ({
  today: '2026-11-26', weekStart: 'monday', currency: 'USD', unallocatedLabel: '(untagged)', dimensions: ds.dimensions,
  knownDataEnd: Date.parse('2026-11-26T00:00:00Z'), dataEndFinal: true,
});
const ask = (ds: Dataset, q: Partial<ParsedQuery>) => answerQuery(async (plan) => [scanDataset(ds, plan)], query(q), opts(ds));
const exactTotal = (records: CostRecord[]) => Number(toCents({ n: records.reduce((s, r) => s + parsePico(r.effectiveCost)!, 0n), d: 1n })) / 100;
const cents = (x: number) => Math.round(x * 100);

describe('conservation (allocation.md)', () => {
  const splits = fc.constantFrom<SharedSplit>('proportional', 'even', 'none');

  it('the rows of any grouping add up to the unfiltered total, which equals the exact decimal sum', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 60 }), splits, splits, fc.constantFrom<string[][]>(['team'], ['model'], ['team', 'model'], ['workload']), fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }), async (records, s1, s2, groupBy, top) => {
        const ds = build(records, config(s1, s2));
        const answer = await ask(ds, { groupBy, top });
        expect(cents(answer.total)).toBe(cents(exactTotal(records)));
        expect(answer.rows.reduce((s, r) => s + cents(r.cost), 0)).toBe(cents(answer.total));
        if (top !== null) expect(answer.rows.length).toBeLessThanOrEqual(top + 1);
      }),
      { numRuns: 150 },
    );
  });

  it('a filtered figure equals that group’s row in the grouped query (proportional split)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 60 }), async (records) => {
        const ds = build(records, config('proportional', 'proportional'));
        const grouped = await ask(ds, { groupBy: ['team'] });
        for (const row of grouped.rows) {
          const filtered = await ask(ds, { filters: { team: { in: [row.key.team!] } } });
          // Largest-remainder rounding may move a row by at most one cent from its own rounding.
          expect(Math.abs(cents(filtered.total) - cents(row.cost))).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('a daily series of an unfiltered query adds up to the total, bucket by bucket rows to the bucket', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 60 }), splits, async (records, split) => {
        const ds = build(records, config(split, 'proportional'));
        const answer = await ask(ds, { groupBy: ['team'], granularity: 'day' });
        expect(answer.series).toHaveLength(DAYS.length);
        expect(answer.series!.reduce((s, p) => s + cents(p.cost), 0)).toBe(cents(answer.total));
        for (const p of answer.series!) expect(p.rows!.reduce((s, r) => s + cents(r.cost), 0)).toBe(cents(p.cost));
      }),
      { numRuns: 80 },
    );
  });

  it('a filtered series adds up to its total, and each group’s points to its row', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 60 }), splits, async (records, split) => {
        const ds = build(records, config('proportional', split));
        const filtered = await ask(ds, { filters: { team: { in: ['nlp', 'speech'] } }, groupBy: ['model'], granularity: 'day' });
        expect(filtered.series!.reduce((s, p) => s + cents(p.cost), 0)).toBe(cents(filtered.total));
        for (const row of filtered.rows) {
          const points = filtered.series!.flatMap((p) => p.rows!.filter((r) => r.key.model === row.key.model));
          expect(Math.abs(points.reduce((s, r) => s + cents(r.cost), 0) - cents(row.cost))).toBeLessThanOrEqual(DAYS.length);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('filters compose: team=a,b equals the sum of the two rows within a cent each', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 60 }), async (records) => {
        const ds = build(records, config('proportional', 'even'));
        const grouped = await ask(ds, { groupBy: ['team'] });
        const both = await ask(ds, { filters: { team: { in: ['nlp', 'vision'] } } });
        const rowSum = grouped.rows.filter((r) => ['nlp', 'vision'].includes(r.key.team!)).reduce((s, r) => s + cents(r.cost), 0);
        expect(Math.abs(cents(both.total) - rowSum)).toBeLessThanOrEqual(2);
      }),
      { numRuns: 60 },
    );
  });
});

describe('merging rows of the same day (compactByDay)', () => {
  it('changes no answer, and merges rows no query can tell apart', async () => {
    const hourly = (r: CostRecord, h: number): CostRecord => ({ ...r, chargePeriodStart: r.chargePeriodStart + h * 3_600_000, chargePeriodEnd: r.chargePeriodStart + (h + 1) * 3_600_000 });
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 40 }), fc.constantFrom<string[][]>([], ['team'], ['model', 'team']), async (records, groupBy) => {
        const all = records.flatMap((r) => [hourly(r, 1), hourly(r, 7)]);
        const cfg = config('proportional', 'even');
        const b1 = new DatasetBuilder(buildAllocator(cfg), 'UTC', 't');
        const b2 = new DatasetBuilder(buildAllocator(cfg), 'UTC', 't');
        all.forEach((r) => { b1.add(r); b2.add(r); });
        const loose = b1.build({ compact: false });
        const compact = b2.build();
        expect(compact.rows).toBeLessThanOrEqual(loose.rows / 2);
        expect(compact.sourceRows).toBe(loose.rows);
        const q: Partial<ParsedQuery> = { groupBy, granularity: 'day', filters: groupBy.length ? {} : { team: { in: ['nlp'] } } };
        expect(await ask(compact, q)).toEqual(await ask(loose, q));
      }),
      { numRuns: 60 },
    );
  });
});

describe('allocation order', () => {
  const cfg: AllocationConfig = {
    dimensions: {
      team: {
        tags: ['team', 'owner'],
        accounts: { '222222222222': 'vision' },
        rules: [{ when: { ServiceName: 'Amazon SageMaker*', ChargeDescription: ['*Training*'] }, value: 'ml-platform' }],
        aliases: { NLP: 'nlp' },
      },
    },
    shared: [],
    unallocated: '(untagged)',
  };
  const teamOf = (rec: Partial<CostRecord>) => {
    const ds = build([makeRecord({ billedCost: '1', effectiveCost: '1', ...rec })], cfg);
    return ds.columns.team!.values[ds.columns.team!.codes[0]!];
  };

  it('takes the first present tag, keys trimmed and case-insensitive, then aliases', () => {
    expect(teamOf({ tags: { ' TEAM ': 'NLP', owner: 'x' } })).toBe('nlp');
    expect(teamOf({ tags: { Owner: 'speech' } })).toBe('speech');
    expect(teamOf({ tags: { team: '  ' , owner: 'speech' } })).toBe('speech');
  });

  it('falls back to the account map, then rules, then the unallocated label', () => {
    expect(teamOf({ subAccountId: '222222222222' })).toBe('vision');
    expect(teamOf({ serviceName: 'Amazon SageMaker', chargeDescription: 'USE1-Training:ml.p4d.24xlarge' })).toBe('ml-platform');
    expect(teamOf({ serviceName: 'Amazon SageMaker', chargeDescription: 'Hosting' })).toBe('(untagged)');
  });

  it('derives workload and accelerator from service and SKU text', () => {
    const ds = build([
      makeRecord({ billedCost: '1', serviceName: 'Amazon SageMaker', chargeDescription: 'ml.p4d.24xlarge Training hours', day: '2026-11-01' }),
      makeRecord({ billedCost: '1', serviceName: 'Amazon Simple Storage Service', serviceCategory: 'Storage', day: '2026-11-02' }),
      makeRecord({ billedCost: '1', serviceName: 'Vertex AI', chargeDescription: 'TPU v5e Online Prediction', day: '2026-11-03' }),
    ], cfg);
    const values = (k: string) => Array.from(ds.columns[k]!.codes, (c) => ds.columns[k]!.values[c]);
    expect(values('workload')).toEqual(['training', 'storage', 'inference']);
    expect(values('accelerator')).toEqual(['gpu', 'none', 'tpu']);
  });
});
