import { describe, expect, it } from 'vitest';
import type { CostRecord } from '../../../src/core/types.js';
import { generateLargeFocus, largeFocusRecords } from '../../../src/providers/sample/generate-large-focus.js';
import { TEAMS } from '../../../src/providers/sample/org.js';
import { SAMPLE_DIMENSIONS } from '../../../src/providers/sample/sample-config.js';
import { tagValue } from './test-helpers.js';

const TODAY = '2026-11-26';
const END = Date.UTC(2026, 10, 26);
const collect = (rows: number, resources?: number) => {
  const out: CostRecord[] = [];
  const stats = generateLargeFocus({ rows, today: TODAY, resources }, (r) => out.push(r));
  return { out, stats };
};

describe('generateLargeFocus', () => {
  it('produces exactly the requested number of records', () => {
    for (const n of [0, 1, 7, 1999, 2000, 2001, 10_000]) expect(collect(n).out, String(n)).toHaveLength(n);
  });

  it('has a daily mode: one record per resource and day, a Name tag per resource, exactly the rows asked', () => {
    const out = [...largeFocusRecords({ rows: 10_500, today: TODAY, grain: 'daily' })];
    expect(out).toHaveLength(10_500);
    expect(out.every((r) => r.chargePeriodEnd - r.chargePeriodStart === 86_400_000)).toBe(true);
    expect(out.at(-1)!.chargePeriodEnd).toBe(END);
    // rows / 400 resources, at least 1,000: 1,000 resources over 11 days, the oldest partial.
    expect(new Set(out.map((r) => r.resourceId)).size).toBe(1000);
    expect(new Set(out.map((r) => r.chargePeriodStart)).size).toBe(11);
    const names = new Set(out.filter((r) => r.tags.Name).map((r) => r.tags.Name));
    expect(names.size).toBe(900); // every tagged resource (nine in ten) its own
    const fewer = [...largeFocusRecords({ rows: 5000, today: TODAY, grain: 'daily', nameTags: 10 })];
    expect(new Set(fewer.filter((r) => r.tags.Name).map((r) => r.tags.Name)).size).toBeLessThanOrEqual(10 * 12);
    // A day's usage is 24 hours of it.
    const day = out.find((r) => r.resourceName.includes('-ec2-') || r.consumedUnit === 'Hours');
    expect(day && Number(day.consumedQuantity)).toBe(24);
  });

  it('writes hourly periods, oldest first, ending with the last hour of yesterday', () => {
    const { out, stats } = collect(5000);
    expect(out.every((r) => r.chargePeriodEnd - r.chargePeriodStart === 3_600_000)).toBe(true);
    expect(out.at(-1)!.chargePeriodEnd).toBe(END);
    expect(out.every((r, i) => i === 0 || r.chargePeriodStart >= out[i - 1].chargePeriodStart)).toBe(true);
    // 5,000 rows over 2,000 resources: 3 hours, the oldest one partial.
    expect(stats).toEqual({ rows: 5000, resources: 2000, start: '2026-11-25T21:00:00.000Z', end: '2026-11-26T00:00:00.000Z' });
    expect(out.filter((r) => r.chargePeriodStart === END - 3_600_000)).toHaveLength(2000);
    expect(new Set(out.map((r) => r.resourceId)).size).toBe(2000);
  });

  it('gives the same record for a resource and hour whatever the row count', () => {
    const lastHour = (rs: CostRecord[]) => rs.filter((r) => r.chargePeriodStart === END - 3_600_000);
    expect(lastHour(collect(4500).out)).toEqual(lastHour(collect(2000).out));
  });

  it('spans teams, clouds, pricing categories and untagged resources', () => {
    const { out } = collect(2000);
    const { tags, aliases } = SAMPLE_DIMENSIONS.team;
    const teams = new Set(out.map((r) => tagValue(r.tags, tags)).filter((t) => t !== undefined).map((t) => aliases[t!] ?? t));
    expect(teams).toEqual(new Set(TEAMS));
    expect(new Set(out.map((r) => r.provider))).toEqual(new Set(['AWS', 'Google Cloud']));
    expect(new Set(out.map((r) => r.pricingCategory))).toEqual(new Set(['Standard', 'Dynamic', 'Committed']));
    const untagged = out.filter((r) => Object.keys(r.tags).length === 0).length / out.length;
    expect(untagged).toBeCloseTo(0.1, 2);
    expect(out.every((r) => /^\d+\.\d{2,6}$/.test(r.billedCost) && Number(r.listCost) >= Number(r.billedCost))).toBe(true);
  });

  it('is also an iterator', () => {
    const it = largeFocusRecords({ rows: 3, today: TODAY, resources: 2 });
    const got = [...it];
    expect(got).toHaveLength(3);
    expect(got.map((r) => r.chargePeriodStart)).toEqual([END - 7_200_000, END - 3_600_000, END - 3_600_000]);
  });

  it('rejects bad options', () => {
    expect(() => collect(-1)).toThrow(/rows must be a non-negative integer/);
    expect(() => collect(1.5)).toThrow(RangeError);
    expect(() => collect(10, 0)).toThrow(/resources must be an integer/);
    expect(() => generateLargeFocus({ rows: 10, today: '2026-11-31' }, () => {})).toThrow(/today must be a date/);
  });
});
