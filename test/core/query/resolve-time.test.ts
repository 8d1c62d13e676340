import { describe, expect, it } from 'vitest';
import { findTimeSpans, resolveTimeExpression } from '../../../src/core/query/index.js';
import type { WeekStart } from '../../../src/core/types.js';
import { NOW } from './query-context.js';

const utc = { now: NOW, timezone: 'UTC', weekStart: 'monday' as WeekStart };

function range(text: string, ctx = utc): [string, string] {
  const r = resolveTimeExpression(text, ctx);
  if ('error' in r) throw new Error(`${text}: ${r.error}`);
  return [r.range.start, r.range.end];
}

function error(text: string, ctx = utc): string {
  const r = resolveTimeExpression(text, ctx);
  if (!('error' in r)) throw new Error(`${text}: expected an error, got ${JSON.stringify(r.range)}`);
  return r.error;
}

describe('the time table of query-language.md (now = Thursday 2026-11-26, UTC)', () => {
  it.each([
    ['today', '2026-11-26', '2026-11-27'],
    ['yesterday', '2026-11-25', '2026-11-26'],
    ['this week', '2026-11-23', '2026-11-27'],
    ['week to date', '2026-11-23', '2026-11-27'],
    ['WTD', '2026-11-23', '2026-11-27'],
    ['last week', '2026-11-16', '2026-11-23'],
    ['previous week', '2026-11-16', '2026-11-23'],
    ['this month', '2026-11-01', '2026-11-27'],
    ['month to date', '2026-11-01', '2026-11-27'],
    ['month-to-date', '2026-11-01', '2026-11-27'],
    ['MTD', '2026-11-01', '2026-11-27'],
    ['last month', '2026-10-01', '2026-11-01'],
    ['previous month', '2026-10-01', '2026-11-01'],
    ['this quarter', '2026-10-01', '2026-11-27'],
    ['QTD', '2026-10-01', '2026-11-27'],
    ['quarter to date', '2026-10-01', '2026-11-27'],
    ['last quarter', '2026-07-01', '2026-10-01'],
    ['this year', '2026-01-01', '2026-11-27'],
    ['YTD', '2026-01-01', '2026-11-27'],
    ['year to date', '2026-01-01', '2026-11-27'],
    ['last year', '2025-01-01', '2026-01-01'],
    ['last 30 days', '2026-10-27', '2026-11-26'],
    ['past 7 days', '2026-11-19', '2026-11-26'],
    ['last 1 day', '2026-11-25', '2026-11-26'],
    ['last 2 weeks', '2026-11-12', '2026-11-26'],
    ['last 3 months', '2026-08-01', '2026-11-01'],
    ['last seven days', '2026-11-19', '2026-11-26'],
    ['October', '2026-10-01', '2026-11-01'],
    ['Oct 2025', '2025-10-01', '2025-11-01'],
    ['october of 2025', '2025-10-01', '2025-11-01'],
    ['December', '2025-12-01', '2026-01-01'],
    ['November', '2026-11-01', '2026-11-27'],
    ['2026-10', '2026-10-01', '2026-11-01'],
    ['Q1', '2026-01-01', '2026-04-01'],
    ['Q4', '2026-10-01', '2026-11-27'],
    ['Q3 2025', '2025-07-01', '2025-10-01'],
    ['2025 Q3', '2025-07-01', '2025-10-01'],
    ['2025', '2025-01-01', '2026-01-01'],
    ['Nov 3', '2026-11-03', '2026-11-04'],
    ['November 3rd', '2026-11-03', '2026-11-04'],
    ['2026-11-03', '2026-11-03', '2026-11-04'],
    ['3 Nov', '2026-11-03', '2026-11-04'],
    ['Nov 3, 2025', '2025-11-03', '2025-11-04'],
    ['Nov 26', '2026-11-26', '2026-11-27'],
    ['Nov 27', '2025-11-27', '2025-11-28'],
    ['Feb 29', '2024-02-29', '2024-03-01'],
    ['monday', '2026-11-23', '2026-11-24'],
    ['friday', '2026-11-20', '2026-11-21'],
    ['3 days ago', '2026-11-23', '2026-11-24'],
  ])('%s → [%s, %s)', (text, start, end) => {
    expect(range(text)).toEqual([start, end]);
  });
});

describe('ranges', () => {
  it.each([
    ['Oct 1 to Oct 15', '2026-10-01', '2026-10-16'],
    ['Oct 1 - Oct 15', '2026-10-01', '2026-10-16'],
    ['Oct 1-15', '2026-10-01', '2026-10-16'],
    ['from Oct 1 to Oct 15', '2026-10-01', '2026-10-16'],
    ['between Oct 1 and Oct 15', '2026-10-01', '2026-10-16'],
    ['2026-10-01..2026-10-15', '2026-10-01', '2026-10-16'],
    ['2026-10-01 through 2026-10-15', '2026-10-01', '2026-10-16'],
    ['since Nov 1', '2026-11-01', '2026-11-27'],
    ['since October', '2026-10-01', '2026-11-27'],
    ['since last monday', '2026-11-23', '2026-11-27'],
    ['from Nov 20', '2026-11-20', '2026-11-27'],
    // Months and quarters as endpoints: [start(X), end(Y)), before any cut at today.
    ['Oct to Nov', '2026-10-01', '2026-12-01'],
    ['Oct-Nov', '2026-10-01', '2026-12-01'],
    ['Aug 2025 to Oct 2025', '2025-08-01', '2025-11-01'],
    ['Q1-Q2', '2026-01-01', '2026-07-01'],
    ['Jan to Mar 2025', '2025-01-01', '2025-04-01'],
    ['Oct 15 to Nov', '2026-10-15', '2026-12-01'],
    // Year-less endpoints: the end follows the start.
    ['Dec 20 to Jan 5', '2025-12-20', '2026-01-06'],
    ['Nov 20 to Nov 30', '2026-11-20', '2026-12-01'],
  ])('%s → [%s, %s)', (text, start, end) => {
    expect(range(text)).toEqual([start, end]);
  });

  it('reports a range that ends before it starts', () => {
    expect(error('Nov 5 to Nov 1')).toMatch(/ends before it starts — put the earlier date first: 2026-11-01 to 2026-11-05/);
    expect(error('2026-11-05..2026-11-01')).toMatch(/ends before it starts/);
  });
});

describe('week start and zones', () => {
  it('starts weeks on Sunday when configured', () => {
    const sunday = { ...utc, weekStart: 'sunday' as WeekStart };
    expect(range('this week', sunday)).toEqual(['2026-11-22', '2026-11-27']);
    expect(range('last week', sunday)).toEqual(['2026-11-15', '2026-11-22']);
    expect(range('WTD', sunday)).toEqual(['2026-11-22', '2026-11-27']);
  });

  it('takes "today" from the configured zone where it differs from UTC', () => {
    // 03:00 UTC on the 26th is still the evening of Wednesday the 25th in Los Angeles.
    const la = { now: Date.parse('2026-11-26T03:00:00Z'), timezone: 'America/Los_Angeles', weekStart: 'monday' as WeekStart };
    expect(range('today', la)).toEqual(['2026-11-25', '2026-11-26']);
    expect(range('yesterday', la)).toEqual(['2026-11-24', '2026-11-25']);
    expect(range('last 7 days', la)).toEqual(['2026-11-18', '2026-11-25']);
    expect(range('3 days ago', la)).toEqual(['2026-11-22', '2026-11-23']);
    expect(range('Nov 26', la)).toEqual(['2025-11-26', '2025-11-27']);
    expect(range('since Nov 1', la)).toEqual(['2026-11-01', '2026-11-26']);
  });

  it('rolls into the next month and year ahead of UTC', () => {
    const tokyo = { now: Date.parse('2026-12-31T16:00:00Z'), timezone: 'Asia/Tokyo', weekStart: 'monday' as WeekStart };
    expect(range('today', tokyo)).toEqual(['2027-01-01', '2027-01-02']);
    expect(range('this month', tokyo)).toEqual(['2027-01-01', '2027-01-02']);
    expect(range('last month', tokyo)).toEqual(['2026-12-01', '2027-01-01']);
    expect(range('last year', tokyo)).toEqual(['2026-01-01', '2027-01-01']);
  });
});

describe('bad time expressions', () => {
  it('rejects impossible dates and says how to fix them', () => {
    expect(error('Feb 30')).toMatch(/“Feb 30” is not a date: February has 29 days/);
    expect(error('2026-02-30')).toMatch(/“2026-02-30” is not a date: February 2026 has 28 days/);
    expect(error('2026-02-29')).toMatch(/has 28 days/);
    expect(error('2026-13-01')).toMatch(/there is no month 13/);
    expect(error('Nov 31')).toMatch(/November has 30 days/);
  });

  it('rejects years far outside 2000..2100', () => {
    expect(error('1999')).toMatch(/the year 1999 is out of range/);
    expect(error('Q1 2150')).toMatch(/out of range/);
    expect(error('Oct 1850')).toMatch(/out of range/);
    expect(error('last 10000 days')).toMatch(/out of range/);
  });

  it('rejects empty and zero-length periods', () => {
    expect(error('last 0 days')).toMatch(/is empty/);
    expect(error('')).toMatch(/empty/);
    expect(error('   ')).toMatch(/empty/);
  });

  it('rejects text that is not exactly one time expression', () => {
    expect(error('garbage')).toMatch(/is not a single time expression — write one period, e.g. this month/);
    expect(error('this month by team')).toMatch(/not a single time expression/);
    expect(error('last week October')).toMatch(/not a single time expression/);
    expect(error('x'.repeat(5000))).toMatch(/too long/);
  });

  it('resolves future periods without cutting them (the caller decides)', () => {
    expect(range('next month')).toEqual(['2026-12-01', '2027-01-01']);
    expect(range('December 2026')).toEqual(['2026-12-01', '2027-01-01']);
  });
});

describe('findTimeSpans', () => {
  it('locates every expression with its offsets in a longer text', () => {
    const text = 'training by model since Nov 1 and vs last week';
    const spans = findTimeSpans(text, utc);
    expect(spans.map((s) => s.text)).toEqual(['since Nov 1', 'last week']);
    expect(text.slice(spans[0].index, spans[0].end)).toBe('since Nov 1');
    expect(spans[1].resolved).toEqual({ ok: true, range: { start: '2026-11-16', end: '2026-11-23' }, label: 'last week', shape: { kind: 'whole', step: { days: 7 } } });
  });

  it('does not read dates inside names', () => {
    expect(findTimeSpans('gpt-4o-2024-08-06 v1.2025 llama-2025', utc)).toEqual([]);
  });

  it('can skip a chrono match that is a known value', () => {
    expect(findTimeSpans('sun', utc)).toHaveLength(1);
    expect(findTimeSpans('sun', utc, { skip: (m) => m.toLowerCase() === 'sun' })).toEqual([]);
  });
});
