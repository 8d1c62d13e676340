import { describe, expect, it } from 'vitest';
import { computeAdvice, type AdviceInput, type PriceBook } from '../../../src/core/gpu/advice.js';
import type { GpuUsageSummary } from '../../../src/core/gpu/types.js';

const PICO = 1_000_000_000_000n;
const usd = (n: number) => BigInt(Math.round(n * 1e6)) * 1_000_000n;
const gpu = (g: string, p95Util: number): GpuUsageSummary => ({ resource: 'r', gpu: g, gpuModel: null, samples: 10, sampledMs: 1, firstSample: 0, lastSample: 1, p95Util, p95Memory: 10, meanUtil: p95Util, idleMs: 0 });

const book = (over: Partial<PriceBook> = {}): PriceBook => ({
  listPerHour: (_p, t) => ({ 'a2-highgpu-8g': usd(29.39), 'a2-highgpu-4g': usd(14.69), 'p4d.24xlarge': usd(32.7726) } as Record<string, bigint>)[t] ?? null,
  spotDiscount: (_p, t) => (t === 'p4d.24xlarge' ? { ratio: { num: 64n, den: 100n }, hours: 100n * PICO } : null),
  orgSpotDiscount: () => ({ ratio: { num: 60n, den: 100n }, hours: 500n * PICO }),
  ...over,
});

const input = (over: Partial<AdviceInput>): AdviceInput => ({
  resource: 'r', provider: 'AWS', instanceType: 'p4d.24xlarge', gpusPerInstance: 8, instances: 1, cost: usd(1000), idleCost: 0n, idleGpuMs: 0, episodes: 0, idleGpus: 0, gpus: 8,
  onDemandInterruptible: { cost: 0n, listCost: 0n, hours: 0n }, group: 'g', summaries: [], ...over,
});

describe('computeAdvice', () => {
  it('turns idle waste into a monthly saving (× 30 ÷ window days)', () => {
    const { items } = computeAdvice([input({ idleCost: usd(700), idleGpuMs: 3_600_000 * 100, episodes: 2, idleGpus: 8 })], book(), 30, 14);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'idle', windowSavings: usd(700), monthlySavings: usd(1500), estimate: false });
  });

  it('prices right-sizing with both list prices from the bill, and counts no idle hour twice', () => {
    const summaries = Array.from({ length: 8 }, (_, i) => gpu(String(i), 12));
    const { items } = computeAdvice([input({ instanceType: 'a2-highgpu-8g', cost: usd(2939), idleCost: usd(100), summaries, onDemandInterruptible: { cost: usd(2939), listCost: usd(2939), hours: 100n * PICO } })], book(), 30, 14);
    const size = items.find((i) => i.kind === 'rightsize')!;
    // 2939 × (29.39 − 14.69) / 29.39 = 1470, less the 100 already saved by stopping idle time.
    expect(size.windowSavings).toBe(usd(1370));
    expect(size.estimate).toBe(false);
    // Spot (organisation-wide estimate, none for this type) applies to what is left: 2939 − 100 − 1370 = 1469, × 60 %.
    const spot = items.find((i) => i.kind === 'spot')!;
    expect(spot.windowSavings).toBe(usd(881.4));
    expect(spot.estimate).toBe(true);
    // Everything saved never exceeds what was spent.
    expect(items.reduce((s, i) => s + i.windowSavings, 0n)).toBeLessThanOrEqual(usd(2939));
  });

  it('scales by GPU count when the smaller size has no price on the bill, and says it is an estimate', () => {
    const summaries = Array.from({ length: 8 }, (_, i) => gpu(String(i), 12));
    const { items } = computeAdvice([input({ instanceType: 'a2-highgpu-8g', cost: usd(800), summaries })], book({ listPerHour: () => null }), 30, 30);
    expect(items[0]).toMatchObject({ kind: 'rightsize', windowSavings: usd(400), estimate: true });
  });

  it('uses the spot discount of the same instance type when the bill has one, groups the nodes of one program, and sorts largest first', () => {
    const od = { cost: usd(1000), listCost: usd(1000), hours: 30n * PICO };
    const { items } = computeAdvice(
      [input({ resource: 'n0', onDemandInterruptible: od }), input({ resource: 'n1', onDemandInterruptible: od }), input({ resource: 'x', group: 'other', idleCost: usd(2000), cost: usd(3000) })],
      book(), 30, 30,
    );
    expect(items.map((i) => [i.kind, i.resources, i.windowSavings])).toEqual([
      ['idle', ['x'], usd(2000)],
      ['spot', ['n0', 'n1'], usd(1280)],
    ]);
  });

  it('leaves spot unpriced rather than inventing a discount when the bill has no spot rows at all', () => {
    const r = computeAdvice([input({ onDemandInterruptible: { cost: usd(10), listCost: usd(10), hours: PICO } })], book({ spotDiscount: () => null, orgSpotDiscount: () => null }), 30, 14);
    expect(r.items).toEqual([]);
    expect(r.spotUnpriced).toEqual(['r']);
  });
});
