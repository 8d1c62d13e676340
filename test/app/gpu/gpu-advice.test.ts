import { describe, expect, it } from 'vitest';
import { gpuAdvice } from '../../../src/app/gpu/gpu-advice.js';
import { sampleDeps } from './gpu-test-deps.js';

const NOW = Date.parse('2026-11-26T10:00:00Z');
const cents = (d: string) => Math.round(Number(d) * 100);

describe('advice, on the bundled sample', () => {
  it('lists savings per month, largest first, each with its evidence, adding up to the total', async () => {
    const { data, notice } = await gpuAdvice(sampleDeps(), { now: NOW });
    expect(data.dates).toEqual({ start: '2026-11-12', end: '2026-11-26' });
    expect(data.days).toBe(14);
    const monthly = data.items.map((i) => cents(i.monthlySavings));
    expect(monthly).toEqual([...monthly].sort((a, b) => b - a));
    expect(monthly.reduce((s, c) => s + c, 0)).toBe(cents(data.totalMonthly));
    for (const i of data.items) {
      expect(i.summary.length).toBeGreaterThan(20);
      expect(Object.keys(i.evidence).length).toBeGreaterThan(2);
      // A window saving becomes a month: × 30 ÷ 14 days (the window figure is itself rounded, and the items share out the total's cents).
      expect(Math.abs(cents(i.monthlySavings) - (cents(i.windowSavings) * 30) / 14)).toBeLessThanOrEqual(2);
    }
    expect(new Set(data.items.map((i) => i.kind))).toEqual(new Set(['idle', 'rightsize', 'spot']));
    expect(notice.body![0]).toMatch(/^\*[\d,]+\.\d\d USD\/month\*/);
  });

  it('never saves more on a resource than it cost: idle waste, right-sizing and spot do not count an hour twice', async () => {
    const deps = sampleDeps();
    const { data } = await gpuAdvice(deps, { now: NOW });
    const costs = await deps.costs.gpuCosts({ start: Date.parse('2026-11-12T00:00:00Z'), end: Date.parse('2026-11-26T00:00:00Z') });
    const cost = new Map(costs.resources.map((r) => [r.resource, Number((r.cost + 5_000_000_000n) / 10_000_000_000n)]));
    const saved = new Map<string, number>();
    for (const i of data.items) {
      // A grouped item's saving is spread over its resources in proportion to nothing we know: check the group as a whole.
      const total = i.resources.reduce((s, r) => s + (cost.get(r) ?? 0), 0);
      const key = i.resources.join(',');
      saved.set(key, (saved.get(key) ?? 0) + cents(i.windowSavings));
      // Each figure is rounded to the cent on its own: allow one cent per resource.
      expect(saved.get(key)!).toBeLessThanOrEqual(total + i.resources.length);
    }
  });

  it('right-sizes ranker-xl’s starved A100s to four GPUs, priced by GPU count since the bill has no a2-highgpu-4g', async () => {
    const { data } = await gpuAdvice(sampleDeps(), { now: NOW });
    const rs = data.items.find((i) => i.kind === 'rightsize')!;
    expect(rs).toMatchObject({ team: 'recsys', model: 'ranker-xl', instanceType: 'a2-highgpu-8g', estimate: true });
    expect(rs.evidence).toMatchObject({ from: 'a2-highgpu-8g', to: 'a2-highgpu-4g', gpusFrom: 8, gpusTo: 4, neededGpus: 4, priceFrom: 'gpu-ratio' });
    for (const g of rs.evidence.gpus as { p95Util: number; low: boolean }[]) expect(g).toMatchObject({ low: true, p95Util: expect.any(Number) });
  });

  it('prices spot with the discount the organisation itself got on that instance type, else says it is an estimate', async () => {
    const { data } = await gpuAdvice(sampleDeps(), { now: NOW });
    const sdxl = data.items.find((i) => i.kind === 'spot' && i.model === 'sdxl')!;
    expect(sdxl).toMatchObject({ estimate: false, instanceType: 'p4d.24xlarge' });
    expect(sdxl.evidence).toMatchObject({ discountFrom: 'instance-type', workloads: ['training'] });
    // The sample's spot prices are 30–42 % of list.
    expect(sdxl.evidence.discountPercent).toBeGreaterThan(58);
    expect(sdxl.evidence.discountPercent).toBeLessThan(70);
    const llama = data.items.find((i) => i.kind === 'spot' && i.model === 'llama-70b')!;
    expect(llama).toMatchObject({ estimate: true, instanceType: 'p5.48xlarge' });
    expect(llama.evidence).toMatchObject({ discountFrom: 'organisation' });
    expect(data.notes.join(' ')).toMatch(/\(estimate\)/);
  });

  it('limits the advice to a team', async () => {
    const { data } = await gpuAdvice(sampleDeps(), { now: NOW, teams: ['vision'] });
    expect(data.items.length).toBeGreaterThan(0);
    expect(new Set(data.items.map((i) => i.team))).toEqual(new Set(['vision']));
  });
});
