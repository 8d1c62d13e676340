import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gpuCost, hourlyRate, instanceEpisodes, mulDivRound, type CostPeriod, type ResourceCostFacts } from '../../../src/core/gpu/idle-cost.js';
import type { GpuIdleEpisode } from '../../../src/core/gpu/types.js';

const H = 3_600_000;
const DAY = 24 * H;
const T0 = Date.UTC(2026, 10, 20);
const PICO = 1_000_000_000_000n;
const usd = (text: string) => BigInt(Math.round(Number(text) * 1e6)) * 1_000_000n;
const day = (i: number, cost: string, hours = 24): CostPeriod => ({ start: T0 + i * DAY, end: T0 + (i + 1) * DAY, cost: usd(cost), hours: BigInt(hours) * PICO });
const ep = (gpu: string, start: number, end: number, over: Partial<GpuIdleEpisode> = {}): GpuIdleEpisode => ({ resource: 'i-1', gpu, start, end, ongoing: false, startsBeforeRange: false, ...over });

// A p4d.24xlarge at 32.7726 an hour, 24 hours a day.
const p4d: ResourceCostFacts = { resource: 'i-1', gpusPerInstance: 8, periods: [day(0, '786.5424'), day(1, '786.5424'), day(2, '786.5424')] };

describe('idle cost', () => {
  it('is the hourly cost × idle hours × idle GPUs ÷ GPUs, exactly', () => {
    // 3 of 8 GPUs idle for 10 hours: 32.7726 × 10 × 3 / 8 = 122.89725
    const [e] = instanceEpisodes(p4d, ['5', '6', '7'].map((g) => ep(g, T0 + 2 * H, T0 + 12 * H)));
    expect(e!.cost).toBe(usd('122.89725'));
    expect(e!.idleGpus).toBe(3);
    expect(e!.idleGpuMs).toBe(30 * H);
  });

  it('follows each billing period’s own rate across days', () => {
    const facts: ResourceCostFacts = { resource: 'i-1', gpusPerInstance: 1, periods: [day(0, '24'), day(1, '48')] };
    // 6 hours at 1.00 and 6 hours at 2.00.
    expect(gpuCost(facts, T0 + 18 * H, T0 + 30 * H)).toEqual({ cost: usd('18'), extrapolated: false });
  });

  it('uses the billed usage hours: a machine billed 12 hours of a day costs its hourly rate, and never more than its bill', () => {
    const half: ResourceCostFacts = { resource: 'i-1', gpusPerInstance: 2, periods: [day(0, '60', 12)] };
    expect(gpuCost(half, T0 + 12 * H, T0 + 18 * H).cost).toBe(usd('15')); // 5.00/h ÷ 2 GPUs × 6 h
    // Metrics claim 20 idle hours on a day billed for 12: capped at the GPU's share of the bill.
    expect(gpuCost(half, T0, T0 + 20 * H).cost).toBe(usd('30'));
  });

  it('prices time after the last billing period at the last billed rate, and says so', () => {
    expect(gpuCost(p4d, T0 + 3 * DAY, T0 + 3 * DAY + 8 * H)).toEqual({ cost: mulDivRound(usd('786.5424'), 8n, 24n * 8n), extrapolated: true });
    expect(hourlyRate(p4d.periods, T0 + 5 * DAY)).toEqual({ perHour: usd('32.7726'), extrapolated: true });
  });

  it('merges overlapping GPU episodes into one instance episode; a series with no GPU label counts every GPU', () => {
    const eps = instanceEpisodes(p4d, [ep('0', T0, T0 + 5 * H), ep('1', T0 + 4 * H, T0 + 9 * H), ep('2', T0 + 20 * H, T0 + 23 * H, { ongoing: true })]);
    expect(eps.map((e) => [e.start, e.end, e.idleGpus, e.gpuEpisodes.length, e.ongoing])).toEqual([
      [T0, T0 + 9 * H, 2, 2, false],
      [T0 + 20 * H, T0 + 23 * H, 1, 1, true],
    ]);
    const [whole] = instanceEpisodes(p4d, [ep('', T0, T0 + 3 * H)]);
    expect(whole!.idleGpus).toBe(8);
    expect(whole!.cost).toBe(usd('98.3178'));
  });

  it('adds up: an instance episode costs the sum of its GPUs’ episodes, and never more than the bill (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 70 }), fc.integer({ min: 2, max: 30 })), { minLength: 1, maxLength: 12 }),
        (raw) => {
          // One episode per GPU at most overlapping itself is not possible: keep each GPU's episodes apart.
          const byGpu = new Map<number, GpuIdleEpisode[]>();
          for (const [g, s, len] of raw) {
            const list = byGpu.get(g) ?? [];
            const start = T0 + s * H;
            if (list.some((e) => e.start < start + len * H && e.end > start)) continue;
            list.push(ep(String(g), start, Math.min(T0 + 3 * DAY, start + len * H)));
            byGpu.set(g, list);
          }
          const all = [...byGpu.values()].flat();
          const merged = instanceEpisodes(p4d, all);
          const sumOfGpus = all.reduce((s, e) => s + gpuCost(p4d, e.start, e.end).cost, 0n);
          expect(merged.reduce((s, e) => s + e.cost, 0n)).toBe(sumOfGpus);
          expect(merged.reduce((s, e) => s + e.gpuEpisodes.length, 0)).toBe(all.length);
          expect(sumOfGpus).toBeLessThanOrEqual(p4d.periods.reduce((s, p) => s + p.cost, 0n));
          for (const e of merged) expect(e.idleGpus).toBeLessThanOrEqual(8);
        },
      ),
      { numRuns: 200 },
    );
  });
});
