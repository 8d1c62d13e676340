import { describe, expect, it } from 'vitest';
import { gpuUnitCosts } from '../../../src/app/gpu/gpu-unit-costs.js';
import { sampleDeps } from './gpu-test-deps.js';

const range = { start: Date.parse('2026-11-19T00:00:00Z'), end: Date.parse('2026-11-26T00:00:00Z') };
const cents = (d: string) => Math.round(Number(d) * 100);

describe('unit costs, on the bundled sample', () => {
  it('per gpu-hour: GPU cost ÷ GPU-hours by team, and the teams add up to all GPU cost', async () => {
    const deps = sampleDeps();
    const { data } = await gpuUnitCosts(deps, { unit: 'gpu-hour', range });
    const rows = data.rows as { team: string; cost: string; gpuHours: number; perGpuHour: string; unknownCost: string }[];
    expect(rows.map((r) => r.team)).toEqual(['nlp', 'vision', 'speech', 'recsys', 'platform', '(untagged)']);
    for (const r of rows) {
      expect(Math.abs(Number(r.perGpuHour) - Number(r.cost) / r.gpuHours)).toBeLessThan(0.006);
      expect(r.unknownCost).toBe('0.00');
    }
    const costs = await deps.costs.gpuCosts(range);
    const gpu = costs.resources.flatMap((r) => r.lines).filter((l) => l.accelerator === 'gpu').reduce((s, l) => s + l.cost, 0n);
    // Rows are rounded so they add up to the rounded total of all GPU cost, cent for cent.
    expect(rows.reduce((s, r) => s + cents(r.cost), 0)).toBe(Number((gpu + 5_000_000_000n) / 10_000_000_000n));
    // A p4d.24xlarge on demand is 32.7726 for 8 GPUs: 4.097 a GPU-hour.
    const { data: byModel } = await gpuUnitCosts(deps, { unit: 'gpu-hour', range, by: 'model', models: ['clip-vit'] });
    expect(byModel.rows).toEqual([expect.objectContaining({ model: 'clip-vit' })]);
  });

  it('per 1m tokens: inference cost ÷ tokens served, and unknown where no counter exists', async () => {
    const deps = sampleDeps();
    const { data, notice } = await gpuUnitCosts(deps, { unit: '1m-tokens', range });
    const rows = data.rows as { model: string; inferenceCost: string; promptTokens: number | null; generationTokens: number | null; per1mTokens: string | null; reason: string | null }[];
    const tokens = await deps.sources[0]!.tokens(range, { signal: AbortSignal.timeout(30_000), logger: deps.logger });
    for (const t of tokens) {
      const row = rows.find((r) => r.model === t.model)!;
      expect(row.promptTokens).toBe(t.promptTokens);
      const expected = (Number(row.inferenceCost) * 1e6) / (t.promptTokens + t.generationTokens);
      expect(Math.abs(Number(row.per1mTokens) - expected)).toBeLessThan(0.006);
    }
    const sdxl = rows.find((r) => r.model === 'sdxl')!;
    expect(sdxl).toMatchObject({ per1mTokens: null, reason: expect.stringContaining('no token counter') });
    expect(notice.notes!.join(' ')).toMatch(/No token counts for .*sdxl/);
  });

  it('per run: each experiment’s cost, and each model’s average run', async () => {
    const { data } = await gpuUnitCosts(sampleDeps(), { unit: 'run', range });
    const runs = data.rows as { experiment: string; model: string; cost: string; partial: boolean }[];
    expect(runs.length).toBeGreaterThan(5);
    expect(runs.every((r) => r.experiment.startsWith('exp-'))).toBe(true);
    for (const m of data.byModel!) {
      const mine = runs.filter((r) => r.model === m.model);
      expect(m.runs).toBe(mine.length);
      expect(cents(m.cost)).toBe(mine.reduce((s, r) => s + cents(r.cost), 0));
      expect(Math.abs(cents(m.perRun) - cents(m.cost) / m.runs)).toBeLessThanOrEqual(1);
    }
  });
});
