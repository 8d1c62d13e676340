/**
 * Every example of issue 8 through POST /api/ask on the bundled sample, on the day it was
 * filed (Wednesday 2026-12-02 10:00 UTC: the sample's data is complete to Dec 1): the right
 * answer, or the right refusal with suggestions — never a confident figure it cannot back.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CostEngine } from '../../src/app/cost-engine.js';
import type { Answer, ParsedQuery } from '../../src/core/types.js';
import { SAMPLE_ALLOCATION } from '../../src/providers/sample/index.js';
import { createSampleProvider } from '../../src/providers/sample/sample-provider.js';
import { createServer } from '../../src/server/create-server.js';
import { sampleEngine, silentLogger } from '../helpers/test-engine.js';

const NOW = '2026-12-02T10:00:00Z';
let server: Server;
let base: string;
let engine: CostEngine;

beforeAll(async () => {
  engine = await sampleEngine('2026-12-02');
  server = createServer({ engine, logger: silentLogger, clock: () => Date.parse(NOW) }).listen(0);
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function ask(text: string): Promise<{ status: number; body: Answer & { error?: string; query: ParsedQuery } }> {
  const res = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  return { status: res.status, body: (await res.json()) as Answer & { error?: string; query: ParsedQuery } };
}

async function answer(text: string): Promise<Answer> {
  const { status, body } = await ask(text);
  expect(status, body.error).toBe(200);
  return body;
}

async function refusal(text: string): Promise<{ error: string; suggestions: string[] }> {
  const { status, body } = await ask(text);
  expect(status).toBe(400);
  expect((body as unknown as { total?: number }).total).toBeUndefined();
  expect(body.query.error).toBe(body.error);
  return { error: body.error!, suggestions: body.query.suggestions ?? [] };
}

const cents = (x: number) => Math.round(x * 100);
const changeOf = (cost: number, previous: number) => Math.round(((cost - previous) / Math.abs(previous)) * 10_000) / 10_000;

describe('time against data', () => {
  it('by model top 5 this month vs previous: Dec 1 against Nov 1, not two days against Nov 29–30', async () => {
    const a = await answer('by model top 5 this month vs previous');
    expect(a.range).toEqual({ start: '2026-12-01', end: '2026-12-02' });
    expect(a.compare!.range).toEqual({ start: '2026-11-01', end: '2026-11-02' });
    const nov1 = await answer('2026-11-01');
    expect(a.compare!.total).toBe(nov1.total);
    expect(a.compare!.change).toBe(changeOf(a.total, a.compare!.total));
    expect(a.notes).toContain('The data is complete to 2026-12-01, so this covers 2026-12-01 (1 day of the range has no cost data yet).');
    // Every row carries its own previous cost and change, adding up to the comparison total.
    for (const r of a.rows) {
      expect(r.previous).toEqual(expect.any(Number));
      if (r.previous !== 0) expect(r.change).toBe(changeOf(r.cost, r.previous!));
    }
    expect(a.rows.reduce((s, r) => s + cents(r.previous!), 0)).toBe(cents(a.compare!.total));
    expect(a.rows.filter((r) => r.other)).toHaveLength(1);
    expect(a.rows.find((r) => r.other)!.key.model).toMatch(/^\(\d+ others\)$/);
  });

  it('by team vs last month on month to date: the same days of November, not all of it', async () => {
    const a = await answer('by team vs last month');
    expect(a.compare!.range).toEqual({ start: '2026-11-01', end: '2026-11-02' });
    expect(a.query.notes).toContain('compared like for like: this month so far is compared with the same days of last month');
    expect(a.compare!.total).toBe((await answer('2026-11-01')).total);
    expect(a.compare!.change).toBe(changeOf(a.total, a.compare!.total));
  });

  it('last month vs previous: November against October, whole months', async () => {
    const a = await answer('last month vs previous');
    expect(a.range).toEqual({ start: '2026-11-01', end: '2026-12-01' });
    expect(a.compare!.range).toEqual({ start: '2026-10-01', end: '2026-11-01' });
    expect(a.compare!.total).toBe((await answer('October')).total);
  });

  it('a daily line never drops to zero on a day without data yet', async () => {
    const a = await answer('daily this month');
    expect(a.series!.map((p) => p.start)).toEqual(['2026-12-01']);
    const week = await answer('weekly last 30 days');
    expect(week.series!.at(-1)).toMatchObject({ start: '2026-11-30', partial: true, days: 2 });
    expect(week.series!.slice(1, -1).every((p) => !p.partial)).toBe(true);
  });

  it('today has no data yet: refused with what to ask instead', async () => {
    const r = await refusal('today');
    expect(r.error).toMatch(/^no cost data yet for 2026-12-02: the data is complete to 2026-12-01/);
    expect(r.suggestions).toEqual(['yesterday', 'last 7 days', 'last month']);
  });
});

describe('says what it did not understand', () => {
  it.each([
    ['asdfgh qwerty', /^did not understand “asdfgh”, “qwerty”/, ['by team last week']],
    ['spot savings', /^did not understand “spot”, “savings”/, ['pricing=Dynamic', 'service="Savings Plans for AWS Compute usage"']],
    ['lst wek', /did you mean last week\?/, ['last week']],
    ['llama', /^did not understand “llama”/, ['model=llama-70b', 'model=llama-8b-ft-support']],
    ['team=nlpp', /^no team is called “nlpp” in the data — did you mean team=nlp\?/, ['team=nlp']],
    ['first week of November', /weeks of a month are ambiguous/, ['Nov 1 to Nov 7']],
  ])('%j is refused, never answered with a total', async (text, message, suggestions) => {
    const r = await refusal(text);
    expect(r.error).toMatch(message);
    expect(r.suggestions).toEqual(expect.arrayContaining(suggestions));
  });

  it('how much did we spend on GPUs yesterday? — GPU spend only', async () => {
    const a = await answer('how much did we spend on GPUs yesterday?');
    expect(a.query.filters).toEqual({ accelerator: { in: ['gpu'] } });
    expect(a.range).toEqual({ start: '2026-12-01', end: '2026-12-02' });
    expect(a.total).toBe((await answer('accelerator=gpu yesterday')).total);
    expect(a.total).toBeLessThan((await answer('yesterday')).total);
  });

  it('training vs inference last 30 days: both rows side by side, with their share', async () => {
    const a = await answer('training vs inference last 30 days');
    expect(a.compare).toBeUndefined();
    expect(a.rows.map((r) => r.key.workload).sort()).toEqual(['inference', 'training']);
    expect(a.rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 3);
    const withChange = await answer('training vs inference last 30 days vs previous');
    expect(withChange.rows.every((r) => typeof r.previous === 'number')).toBe(true);
  });

  it('reads the time phrases it now knows', async () => {
    expect((await answer('last weekend')).range).toEqual({ start: '2026-11-28', end: '2026-11-30' });
    expect((await answer('H1')).range).toEqual({ start: '2026-01-01', end: '2026-07-01' });
    // Fiscal years are calendar years without fiscalYearStart; cut at the data like any range.
    expect((await answer('this fiscal year')).range).toEqual({ start: '2026-01-01', end: '2026-12-02' });
  });

  it('reads fiscal years from fiscalYearStart', async () => {
    const april = await CostEngine.load([createSampleProvider({ type: 'sample' }, { logger: silentLogger, today: '2026-12-02' })], {
      timezone: 'UTC', weekStart: 'monday', currency: 'USD', defaultRange: 'this month', metric: 'effective',
      allocation: structuredClone(SAMPLE_ALLOCATION), fiscalYearStart: 4,
    }, silentLogger);
    const r = await april.ask('this fiscal year vs previous', Date.parse(NOW));
    expect(r.ok).toBe(true);
    const a = (r as { answer: Answer }).answer;
    expect(a.range).toEqual({ start: '2026-04-01', end: '2026-12-02' });
    expect(a.compare!.range).toEqual({ start: '2025-04-01', end: '2025-12-02' });
  });
});

describe('labels and notes that fit', () => {
  it('the fold row of top N cannot be confused with the workload named other', async () => {
    const a = await answer('by workload top 3 last month');
    const fold = a.rows.filter((r) => r.other);
    expect(fold).toHaveLength(1);
    expect(fold[0]!.key.workload).toMatch(/^\(\d+ others\)$/);
  });

  it('by resource shows the resource’s name beside its id', async () => {
    const a = await answer('by resource top 20 last week');
    expect(a.rows.some((r) => typeof r.resourceName === 'string' && r.resourceName !== r.key.resource)).toBe(true);
  });

  it('the unallocated note only for the dimension the answer is about', async () => {
    const total = await answer('last week');
    expect(total.unallocated).toBeNull();
    expect(total.notes.some((n) => /has no team/.test(n))).toBe(false);
    const byModel = await answer('by model last week');
    expect(byModel.unallocated!.dimension).toBe('model');
    expect(byModel.notes.some((n) => /has no model/.test(n))).toBe(true);
    expect(byModel.notes.some((n) => /has no team/.test(n))).toBe(false);
  });

  it('says how much shared cost was spread, and from which pools', async () => {
    const a = await answer('by team last week');
    expect(a.shared!.length).toBeGreaterThan(0);
    const sum = a.shared!.reduce((s, p) => s + cents(p.cost), 0);
    expect(a.notes.some((n) => n.startsWith(`Includes ${(sum / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} USD of shared costs spread over these figures: ${a.shared![0]!.name} `))).toBe(true);
  });

  it('forecast by team: a forecast per row, its method named, adding up to the total', async () => {
    const a = await answer('forecast by team');
    expect(a.forecast!.description).toMatch(/^Forecast: the cost to 2026-12-01 plus a run rate of the mean daily cost of 2026-11-25 to 2026-12-01 without its highest and lowest day/);
    expect(a.rows.every((r) => typeof r.forecast === 'number')).toBe(true);
    expect(Math.abs(a.rows.reduce((s, r) => s + cents(r.forecast!), 0) - cents(a.forecast!.total))).toBeLessThanOrEqual(a.rows.length);
  });
});
