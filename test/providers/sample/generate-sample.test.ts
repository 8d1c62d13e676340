import { describe, expect, it } from 'vitest';
import type { CostRecord } from '../../../src/core/types.js';
import { generateSample, sampleRecords } from '../../../src/providers/sample/generate-sample.js';
import {
  GPU_UTILIZATION_TAG, IDLE_GPU_THRESHOLD_PERCENT, MODELS, MONTHLY_SPIKE_DAYS, TEAMS,
} from '../../../src/providers/sample/org.js';
import { SAMPLE_DIMENSIONS } from '../../../src/providers/sample/sample-config.js';
import { dayOf, groupBy, sumMicros, tagValue } from './test-helpers.js';

// Frozen clock: "today" is Thursday 2026-11-26 (the query-language examples' date).
const TODAY = '2026-11-26';
const records = sampleRecords({ today: TODAY });
const byDay = groupBy(records, dayOf);
const teamTags = SAMPLE_DIMENSIONS.team.tags;
const num = (s: string) => Number(s);
const effective = (rs: CostRecord[]) => Number(sumMicros(rs.map((r) => r.effectiveCost))) / 1e6;
const between = (rs: CostRecord[], start: string, end: string) => rs.filter((r) => dayOf(r) >= start && dayOf(r) < end);

describe('generateSample: range', () => {
  it('covers the 1st of the month 14 months back through yesterday, every day', () => {
    const days = [...byDay.keys()];
    expect(days[0]).toBe('2025-09-01');
    expect(days.at(-1)).toBe('2026-11-25');
    expect(byDay.has(TODAY)).toBe(false);
    expect(days).toHaveLength(451);
  });

  it('writes daily charge periods [00:00Z, next 00:00Z)', () => {
    for (const r of records.slice(0, 500)) {
      expect(new Date(r.chargePeriodStart).toISOString()).toMatch(/T00:00:00\.000Z$/);
      expect(r.chargePeriodEnd - r.chargePeriodStart).toBe(86_400_000);
    }
  });

  it('returns stats that match what it emitted', () => {
    const seen: CostRecord[] = [];
    const stats = generateSample({ today: TODAY, months: 1 }, (r) => seen.push(r));
    expect(stats).toMatchObject({ start: '2026-10-01', end: TODAY, days: 56, records: seen.length });
    expect(stats.effectiveCost).toBe(formatBig(sumMicros(seen.map((r) => r.effectiveCost))));
    expect(stats.billedCost).toBe(formatBig(sumMicros(seen.map((r) => r.billedCost))));
    expect(stats.listCost).toBe(formatBig(sumMicros(seen.map((r) => r.listCost))));
  });

  it('produces nothing when the range is empty (months 0 on the 1st)', () => {
    let n = 0;
    const stats = generateSample({ today: '2026-11-01', months: 0 }, () => n++);
    expect(n).toBe(0);
    expect(stats).toMatchObject({ start: '2026-11-01', end: '2026-11-01', days: 0, records: 0, effectiveCost: '0.00' });
  });

  it('stays under 80,000 records for the longest default range', () => {
    const stats = generateSample({ today: '2027-01-31' }, () => {});
    expect(stats.days).toBe(456);
    expect(stats.records).toBeLessThan(80_000);
  });

  it('rejects a malformed today or months', () => {
    expect(() => generateSample({ today: '2026-02-30' }, () => {})).toThrow(/today must be a date YYYY-MM-DD/);
    expect(() => generateSample({ today: 'yesterday' }, () => {})).toThrow(RangeError);
    expect(() => generateSample({ today: TODAY, months: -1 }, () => {})).toThrow(/months must be an integer/);
    expect(() => generateSample({ today: TODAY, months: 1.5 }, () => {})).toThrow(RangeError);
    expect(() => generateSample({ today: TODAY, months: 1000 }, () => {})).toThrow(RangeError);
  });
});

function formatBig(micros: bigint): string {
  const neg = micros < 0n;
  const abs = neg ? -micros : micros;
  let frac = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  if (frac.length < 2) frac = frac.padEnd(2, '0');
  return `${neg ? '-' : ''}${abs / 1_000_000n}.${frac}`;
}

describe('generateSample: determinism', () => {
  it('gives identical records for a past day whatever today is', () => {
    const later = sampleRecords({ today: '2027-02-14', months: 20 });
    // Up to A−4: A's recent spike (and the support and tax it drives) starts on A−3.
    expect(between(later, '2025-09-01', '2026-11-23')).toEqual(between(records, '2025-09-01', '2026-11-23'));
    const shorter = sampleRecords({ today: TODAY, months: 2 });
    expect(between(shorter, '2026-09-01', TODAY)).toEqual(between(records, '2026-09-01', TODAY));
  });

  it('places the recent spike on the three days before today, and only there', () => {
    const spike = records.filter((r) => r.tags.experiment?.startsWith('exp-llama70b-longctx'));
    expect([...new Set(spike.map(dayOf))]).toEqual(['2026-11-23', '2026-11-24', '2026-11-25']);
    const other = sampleRecords({ today: '2026-06-10', months: 0 }).filter((r) => r.tags.experiment?.startsWith('exp-llama70b-longctx'));
    expect([...new Set(other.map(dayOf))]).toEqual(['2026-06-07', '2026-06-08', '2026-06-09']);
  });
});

describe('generateSample: money', () => {
  it('writes exact decimal text with at most six decimals, in USD', () => {
    const money = /^-?\d+\.\d{2,6}$/;
    const bad = records.filter((r) => !money.test(r.billedCost) || !money.test(r.effectiveCost) || !money.test(r.listCost) || r.currency !== 'USD');
    expect(bad).toEqual([]);
    expect(records.filter((r) => r.consumedQuantity !== '' && !money.test(r.consumedQuantity))).toEqual([]);
  });

  it('keeps ListCost ≥ BilledCost on every row', () => {
    const bad = records.filter((r) => num(r.listCost) < num(r.billedCost));
    expect(bad).toEqual([]);
  });

  it('totals a realistic $250k–600k a month', () => {
    for (const month of ['2025-09', '2026-01', '2026-06', '2026-10']) {
      const total = effective(records.filter((r) => dayOf(r).startsWith(month)));
      expect(total).toBeGreaterThan(250_000);
      expect(total).toBeLessThan(600_000);
    }
  });
});

describe('generateSample: features', () => {
  const usage = records.filter((r) => r.chargeCategory === 'Usage');

  it('has both clouds', () => {
    expect(new Set(records.map((r) => r.provider))).toEqual(new Set(['AWS', 'Google Cloud']));
  });

  it('has all five teams in tags and at least twelve models', () => {
    const aliases = SAMPLE_DIMENSIONS.team.aliases;
    const teams = new Set(usage.map((r) => tagValue(r.tags, teamTags)).filter((t) => t !== undefined).map((t) => aliases[t!] ?? t));
    expect(teams).toEqual(new Set(TEAMS));
    const models = new Set(usage.map((r) => tagValue(r.tags, SAMPLE_DIMENSIONS.model.tags)).filter(Boolean));
    expect(models.size).toBeGreaterThanOrEqual(12);
    expect(models).toEqual(new Set(MODELS.map((m) => m.name)));
  });

  it('has dev, staging and prod, with messy spellings', () => {
    const envs = new Set(usage.map((r) => tagValue(r.tags, SAMPLE_DIMENSIONS.env.tags)).filter(Boolean));
    for (const e of ['prod', 'staging', 'dev', 'production', 'prd', 'Prod']) expect(envs).toContain(e);
    const keys = new Set(usage.flatMap((r) => Object.keys(r.tags)));
    for (const k of ['team', 'Team', ' team', 'model', 'model_name', 'env', 'Env', 'environment']) expect(keys).toContain(k);
  });

  it('has 5–15% untagged usage (no team tag)', () => {
    const untagged = usage.filter((r) => tagValue(r.tags, teamTags) === undefined);
    const share = effective(untagged) / effective(usage);
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.15);
    expect(untagged.some((r) => Object.keys(r.tags).length === 0)).toBe(true);
    expect(untagged.some((r) => Object.keys(r.tags).length > 0)).toBe(true);
  });

  it('has spot training cheaper than list, and committed usage whose effective differs from billed', () => {
    const spot = usage.filter((r) => r.pricingCategory === 'Dynamic' && r.tags.workload === 'training');
    expect(spot.length).toBeGreaterThan(100);
    for (const r of spot) expect(num(r.billedCost)).toBeLessThan(num(r.listCost));
    const committed = usage.filter((r) => r.pricingCategory === 'Committed');
    expect(committed.length).toBeGreaterThan(100);
    for (const r of committed) expect(r.effectiveCost).not.toBe(r.billedCost);
  });

  it('has GPU training on p4d, p5 and a3 with experiments', () => {
    const training = usage.filter((r) => r.tags.workload === 'training');
    for (const type of ['p4d.24xlarge', 'p5.48xlarge', 'a3-highgpu-8g']) {
      expect(training.some((r) => r.chargeDescription.includes(type))).toBe(true);
    }
    expect(training.every((r) => /^exp-[a-z0-9-]+-\d{8}$/.test(r.tags.experiment))).toBe(true);
  });

  it('has inference on SageMaker, Vertex AI and EC2 g5, notebooks, storage and data transfer', () => {
    const has = (pred: (r: CostRecord) => boolean) => expect(usage.some(pred)).toBe(true);
    has((r) => r.serviceName === 'Amazon SageMaker' && r.chargeDescription.includes('Hosting ml.g5.') === false && r.resourceType === 'Endpoint');
    has((r) => r.serviceName === 'Vertex AI' && r.chargeDescription.includes('Online Prediction'));
    has((r) => r.serviceName === 'Amazon Elastic Compute Cloud' && /g5\./.test(r.chargeDescription) && r.tags.workload === 'inference');
    has((r) => r.chargeDescription.includes('Studio Notebook'));
    has((r) => r.serviceName === 'Vertex AI Workbench');
    has((r) => r.serviceName === 'Amazon Simple Storage Service');
    has((r) => r.serviceName === 'Cloud Storage' && r.serviceCategory === 'Storage');
    has((r) => r.serviceCategory === 'Networking' && r.provider === 'AWS');
    has((r) => r.serviceCategory === 'Networking' && r.provider === 'Google Cloud');
  });

  it('has AWS Support and tax every day, and one negative credit a month', () => {
    for (const [day, rs] of byDay) {
      expect(rs.filter((r) => r.serviceName === 'AWS Support (Business)'), day).toHaveLength(1);
      expect(rs.filter((r) => r.chargeCategory === 'Tax'), day).toHaveLength(2);
    }
    const credits = records.filter((r) => r.chargeCategory === 'Credit');
    expect(credits.map(dayOf)).toEqual([...byDay.keys()].filter((d) => d.endsWith('-01')));
    for (const c of credits) expect(num(c.effectiveCost)).toBeLessThan(0);
  });

  it('has an idle GPU (gpu-utilization under the threshold) every day, yesterday included', () => {
    const idle = (r: CostRecord) => r.tags[GPU_UTILIZATION_TAG] !== undefined && parseInt(r.tags[GPU_UTILIZATION_TAG], 10) < IDLE_GPU_THRESHOLD_PERCENT;
    for (const [day, rs] of byDay) expect(rs.some(idle), day).toBe(true);
    // Idle rows run at full cost: 24 hours at the on-demand price.
    const idleRows = records.filter(idle);
    expect(idleRows.every((r) => r.consumedQuantity === '24.00' && r.billedCost === r.listCost)).toBe(true);
  });

  const teamOf = (r: CostRecord): string | undefined => {
    const team = SAMPLE_DIMENSIONS.team;
    const tagged = tagValue(r.tags, teamTags);
    return tagged !== undefined ? (team.aliases[tagged] ?? tagged) : team.accounts[r.subAccountId];
  };
  const teamDaily = (team: string, start: string, end: string) =>
    [...byDay].filter(([d]) => d >= start && d < end).map(([d, rs]) => ({ day: d, cost: effective(rs.filter((r) => teamOf(r) === team)) }));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  it('spikes vision ~4× its median day on days 17–19 of every month (the sdxl sweep)', () => {
    const spikeDays = MONTHLY_SPIKE_DAYS as readonly number[];
    for (const [start, end] of [['2025-10-01', '2025-11-01'], ['2026-02-01', '2026-03-01'], ['2026-10-01', '2026-11-01']]) {
      const daily = teamDaily('vision', start, end);
      const usual = median(daily.filter((d) => !spikeDays.includes(Number(d.day.slice(8)))).map((d) => d.cost));
      const spike = daily.filter((d) => spikeDays.includes(Number(d.day.slice(8))));
      expect(spike).toHaveLength(3);
      // The sweep starts mid-morning on the 17th, so that day is a little lower.
      for (const d of spike) expect(d.cost, d.day).toBeGreaterThan(3.5 * usual);
      expect(spike.reduce((a, d) => a + d.cost, 0) / 3).toBeGreaterThan(4 * usual);
    }
    expect(records.some((r) => r.tags.experiment === 'exp-sdxl-sweep-20261017')).toBe(true);
  });

  it('spikes nlp on the three days before today (the long-context experiment)', () => {
    const usual = median(teamDaily('nlp', '2026-10-26', '2026-11-23').map((d) => d.cost));
    const recent = teamDaily('nlp', '2026-11-23', TODAY);
    expect(recent).toHaveLength(3);
    for (const d of recent) expect(d.cost, d.day).toBeGreaterThan(2.5 * usual);
  });
});
