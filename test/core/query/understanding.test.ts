/**
 * Issue 8's examples at the parser: what it reads, what it refuses and what it suggests.
 * Now = Wednesday 2026-12-02 10:00 UTC (the day the issue was filed).
 */
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../src/core/query/index.js';
import type { QueryContext } from '../../../src/core/types.js';
import { makeContext } from './query-context.js';

const NOW = Date.parse('2026-12-02T10:00:00Z');
const KNOWN: Record<string, string[]> = {
  team: ['nlp', 'platform', 'recsys', 'speech', 'vision'],
  model: ['clip-vit', 'llama-70b', 'llama-8b-ft-support', 'mistral-7b-ft-legal', 'sdxl'],
  env: ['dev', 'prod', 'staging'],
  experiment: ['exp-llama70b-20251009', 'exp-clip-20251014'],
  workload: ['training', 'inference', 'storage', 'other'],
  accelerator: ['gpu', 'cpu', 'none'],
  service: ['Amazon SageMaker', 'Savings Plans for AWS Compute usage', 'Vertex AI'],
  pricing: ['Committed', 'Dynamic', 'Standard'],
};
const parse = (text: string, over: Partial<QueryContext> = {}) => parseQuery(text, makeContext({ now: NOW, knownValues: KNOWN, ...over }));

describe('says what was not understood, with the closest things it knows — never a total', () => {
  it.each([
    ['asdfgh qwerty', /^did not understand “asdfgh”, “qwerty”: not a value, key, period or keyword I know/, ['by team last week']],
    ['spot savings', /^did not understand “spot”, “savings” — did you mean pricing=Dynamic or service="Savings Plans for AWS Compute usage"\?/, ['pricing=Dynamic', 'service="Savings Plans for AWS Compute usage"']],
    ['lst wek', /^did not understand “lst”, “wek” — did you mean last week\?/, ['last week']],
    ['llama', /^did not understand “llama” — did you mean model=llama-70b, model=llama-8b-ft-support/, ['model=llama-70b', 'model=llama-8b-ft-support']],
    ['nlpp team', /^did not understand “nlpp” — did you mean team=nlp\?/, ['team=nlp']],
    ['what can you do?', /^that is not a cost question I can answer/, ['by team last week']],
    ['help', /^did not understand “help”/, ['by team last week']],
  ])('%j is refused', (text, message, suggestions) => {
    const q = parse(text);
    expect(q.error).toMatch(message);
    expect(q.suggestions).toEqual(expect.arrayContaining(suggestions));
  });

  it('refuses a left-over word close to a known value even beside something it understood', () => {
    const q = parse('how much did we spend on GPUz yesterday?');
    expect(q.error).toMatch(/^did not understand “GPUz” — did you mean accelerator=gpu\? Without it the answer would be about something else\./);
    expect(q.suggestions).toEqual(['accelerator=gpu']);
    expect(parse('by team lst wek').error).toMatch(/did you mean last week/);
  });

  it('reads the plural of a known value as that value, and says so', () => {
    const q = parse('how much did we spend on GPUs yesterday?');
    expect(q.error).toBeNull();
    expect(q.filters).toEqual({ accelerator: { in: ['gpu'] } });
    expect(q.range).toEqual({ start: '2026-12-01', end: '2026-12-02' });
    expect(q.notes).toEqual(['read “GPUs” as accelerator=gpu']);
  });

  it('still answers a plain cost question on the defaults, and notes a word close to nothing', () => {
    expect(parse('how much did we spend?')).toMatchObject({ error: null, range: { start: '2026-12-01', end: '2026-12-03' } });
    expect(parse('by team last week xyzzy')).toMatchObject({ error: null, notes: [expect.stringMatching(/^ignored “xyzzy”/)] });
  });

  it('suggests the unallocated label for `untagged`', () => {
    const q = parse('untagged last week', { unallocatedLabel: '(untagged)' });
    expect(q.error).toMatch(/did you mean team=\(untagged\)\?/);
    expect(q.suggestions).toEqual(['team=(untagged)']);
  });

  it('reads a hyphenated value typed as separate words', () => {
    expect(parse('what did we spend on data transfer last month', { knownValues: { ...KNOWN, workload: [...KNOWN.workload!, 'data-transfer'] } }).filters).toEqual({ workload: { in: ['data-transfer'] } });
  });

  it('suggests a grouping for a dimension name used alone', () => {
    const q = parse('team costs last week');
    expect(q.error).toMatch(/did you mean by team\?/);
    expect(q.suggestions).toEqual(['by team']);
  });
});

describe('time it cannot read is refused with examples, never replaced by the default range', () => {
  it('first week of November → the days to write', () => {
    const q = parse('first week of November');
    expect(q.error).toBe('could not read the time in “first week of November”: weeks of a month are ambiguous — write the days, e.g. Nov 1 to Nov 7');
    expect(q.suggestions?.[0]).toBe('Nov 1 to Nov 7');
    expect(parse('Nov 1 to Nov 7').range).toEqual({ start: '2026-11-01', end: '2026-11-08' });
  });

  it.each(['last fortnight', 'recently by team', 'cost of the last few days', 'this semester'])('%j', (text) => {
    const q = parse(text);
    expect(q.error).toMatch(/^could not read “[^”]+”( and “[^”]+”)?/);
    expect(q.suggestions).toContain('last 7 days');
  });

  it('a time of day: costs are daily', () => {
    expect(parse('this morning').error).toMatch(/^costs are counted per day/);
  });
});

describe('time it now reads', () => {
  it('weekends: Saturday and Sunday', () => {
    expect(parse('last weekend').range).toEqual({ start: '2026-11-28', end: '2026-11-30' });
    expect(parse('the weekend').range).toEqual({ start: '2026-11-28', end: '2026-11-30' });
    // On a Sunday, last weekend is the one before and this weekend runs to date.
    const sunday = { now: Date.parse('2026-11-29T12:00:00Z') };
    expect(parse('last weekend', sunday).range).toEqual({ start: '2026-11-21', end: '2026-11-23' });
    expect(parse('this weekend', sunday).range).toEqual({ start: '2026-11-28', end: '2026-11-30' });
    expect(parse('this weekend').error).toMatch(/has not started yet/);
  });

  it('halves: H1, H2 2025, first half of 2026', () => {
    expect(parse('H1').range).toEqual({ start: '2026-01-01', end: '2026-07-01' });
    expect(parse('H2').range).toEqual({ start: '2026-07-01', end: '2026-12-03' });
    expect(parse('H2 2025').range).toEqual({ start: '2025-07-01', end: '2026-01-01' });
    expect(parse('first half of 2026').range).toEqual({ start: '2026-01-01', end: '2026-07-01' });
    expect(parse('H1 vs previous').compare).toEqual({ start: '2025-07-01', end: '2026-01-01' });
  });

  it('fiscal years from fiscalYearStart (named after the calendar year they end in)', () => {
    const april = { fiscalYearStart: 4 };
    expect(parse('this fiscal year', april).range).toEqual({ start: '2026-04-01', end: '2026-12-03' });
    expect(parse('last fiscal year', april).range).toEqual({ start: '2025-04-01', end: '2026-04-01' });
    expect(parse('FY2026', april).range).toEqual({ start: '2025-04-01', end: '2026-04-01' });
    expect(parse('FY26', april).range).toEqual({ start: '2025-04-01', end: '2026-04-01' });
    expect(parse('FYTD', april).range).toEqual({ start: '2026-04-01', end: '2026-12-03' });
    expect(parse('this fiscal year vs previous', april).compare).toEqual({ start: '2025-04-01', end: '2025-12-03' });
    // Without the setting a fiscal year is the calendar year.
    expect(parse('this fiscal year').range).toEqual({ start: '2026-01-01', end: '2026-12-03' });
    expect(parse('FY2025').range).toEqual({ start: '2025-01-01', end: '2026-01-01' });
  });

  it('fiscal quarters: the first three months of the fiscal year, the most recent that has begun', () => {
    const october = { fiscalYearStart: 10 };
    // FY2027 started on 2026-10-01: its Q1 is October to December 2026, to date.
    expect(parse('fiscal Q1', october).range).toEqual({ start: '2026-10-01', end: '2026-12-03' });
    expect(parse('fiscal Q2', october).range).toEqual({ start: '2026-01-01', end: '2026-04-01' });
    expect(parse('Q1 FY2026', october).range).toEqual({ start: '2025-10-01', end: '2026-01-01' });
    expect(parse('FY2026 Q4', october).range).toEqual({ start: '2026-07-01', end: '2026-10-01' });
    expect(parse('last fiscal quarter', { fiscalYearStart: 2 }).range).toEqual({ start: '2026-08-01', end: '2026-11-01' });
  });
});

describe('like-for-like comparisons (query-language.md, Comparisons)', () => {
  it.each([
    ['by model top 5 this month vs previous', { start: '2026-12-01', end: '2026-12-03' }, { start: '2026-11-01', end: '2026-11-03' }],
    ['by team vs last month', { start: '2026-12-01', end: '2026-12-03' }, { start: '2026-11-01', end: '2026-11-03' }],
    ['last month vs previous', { start: '2026-11-01', end: '2026-12-01' }, { start: '2026-10-01', end: '2026-11-01' }],
    ['last quarter vs previous', { start: '2026-07-01', end: '2026-10-01' }, { start: '2026-04-01', end: '2026-07-01' }],
    ['last year vs previous', { start: '2025-01-01', end: '2026-01-01' }, { start: '2024-01-01', end: '2025-01-01' }],
    ['last week vs previous', { start: '2026-11-23', end: '2026-11-30' }, { start: '2026-11-16', end: '2026-11-23' }],
    ['last 3 months vs previous', { start: '2026-09-01', end: '2026-12-01' }, { start: '2026-06-01', end: '2026-09-01' }],
    ['last 30 days vs previous', { start: '2026-11-02', end: '2026-12-02' }, { start: '2026-10-03', end: '2026-11-02' }],
    ['Nov 10 to Nov 19 vs previous', { start: '2026-11-10', end: '2026-11-20' }, { start: '2026-10-31', end: '2026-11-10' }],
    ['September to October vs previous', { start: '2026-09-01', end: '2026-11-01' }, { start: '2026-07-01', end: '2026-09-01' }],
  ])('%s', (text, range, compare) => {
    const q = parse(text);
    expect(q.error).toBeNull();
    expect(q.range).toEqual(range);
    expect(q.compare).toEqual(compare);
  });

  it('clamps the same days to the shorter month: this month on March 31 vs February', () => {
    const q = parse('this month vs previous', { now: Date.parse('2027-03-31T12:00:00Z') });
    expect(q.compare).toEqual({ start: '2027-02-01', end: '2027-03-01' });
    expect(parse('this month vs previous', { now: Date.parse('2027-03-03T12:00:00Z') }).compare).toEqual({ start: '2027-02-01', end: '2027-02-04' });
  });

  it('compare X to Y compares two periods rather than reading a range', () => {
    const q = parse('compare this month to last month by team');
    expect(q).toMatchObject({ error: null, range: { start: '2026-12-01', end: '2026-12-03' }, compare: { start: '2026-11-01', end: '2026-11-03' }, groupBy: ['team'] });
    expect(parse('comparing last week with the week before').compare).toEqual({ start: '2026-11-16', end: '2026-11-23' });
  });

  it('notes two periods of different lengths', () => {
    expect(parse('last week vs last month').notes).toEqual(['the two periods differ in length (7 days and 30 days): the change compares their totals, not their daily rates']);
  });
});

describe('X vs Y of one dimension is a side-by-side breakdown', () => {
  it('training vs inference last 30 days → both rows, no period comparison', () => {
    const q = parse('training vs inference last 30 days');
    expect(q).toMatchObject({ error: null, filters: { workload: { in: ['training', 'inference'] } }, groupBy: ['workload'], compare: null, range: { start: '2026-11-02', end: '2026-12-02' } });
  });

  it('with a comparison asked as well, their change', () => {
    const q = parse('training vs inference last 30 days vs previous');
    expect(q).toMatchObject({ groupBy: ['workload'], compare: { start: '2026-10-03', end: '2026-11-02' } });
  });

  it('chains, other dimensions and multi-word values', () => {
    expect(parse('nlp versus vision versus speech').filters).toEqual({ team: { in: ['nlp', 'vision', 'speech'] } });
    expect(parse('llama-70b compared to sdxl by team')).toMatchObject({ filters: { model: { in: ['llama-70b', 'sdxl'] } }, groupBy: ['team', 'model'] });
    expect(parse('Amazon SageMaker vs Vertex AI').filters).toEqual({ service: { in: ['Amazon SageMaker', 'Vertex AI'] } });
  });

  it('a value against a period stays a comparison of periods', () => {
    expect(parse('training vs last month')).toMatchObject({ filters: { workload: { in: ['training'] } }, groupBy: [], compare: { start: '2026-11-01', end: '2026-11-03' } });
  });
});
