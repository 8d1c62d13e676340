import { describe, expect, it } from 'vitest';
import { CounterIncrease } from '../../../src/core/gpu/counter-increase.js';
import { perGpuHour, perMillionTokens, perRun } from '../../../src/core/gpu/unit-costs.js';

const PICO = 1_000_000_000_000n;
const usd = (n: number) => BigInt(Math.round(n * 1e6)) * 1_000_000n;

describe('unit costs', () => {
  it('per GPU-hour divides cost by usage hours × GPUs, and keeps a cost with no GPU count out instead of guessing', () => {
    const rows = perGpuHour([
      { key: 'nlp', cost: usd(786.5424), hours: 24n * PICO, gpusPerInstance: 8 },
      { key: 'nlp', cost: usd(100), hours: 10n * PICO, gpusPerInstance: null },
      { key: 'vision', cost: usd(10), hours: 5n * PICO, gpusPerInstance: 1 },
    ]);
    expect(rows[0]).toEqual({ key: 'nlp', cost: usd(786.5424), gpuHours: 192n * PICO, perGpuHour: usd(4.096575), unknownCost: usd(100) });
    expect(rows[1]).toMatchObject({ key: 'vision', perGpuHour: usd(2) });
    expect(perGpuHour([{ key: 'x', cost: usd(5), hours: PICO, gpusPerInstance: null }])[0]!.perGpuHour).toBeNull();
  });

  it('per 1M tokens divides inference cost by tokens served, and says why when it cannot', () => {
    const rows = perMillionTokens(
      [{ model: 'llama-70b', cost: usd(300) }, { model: 'sdxl', cost: usd(50) }],
      new Map([['llama-70b', { prompt: 75_000_000, generation: 25_000_000 }], ['idle-model', { prompt: 0, generation: 0 }]]),
    );
    expect(rows.find((r) => r.model === 'llama-70b')).toMatchObject({ perMillion: usd(3), reason: null });
    expect(rows.find((r) => r.model === 'sdxl')).toMatchObject({ perMillion: null, reason: expect.stringContaining('no token counter') });
    expect(rows.find((r) => r.model === 'idle-model')).toMatchObject({ perMillion: null, reason: expect.stringContaining('did not move') });
  });

  it('per run sums each experiment and averages the runs of a model; a run at the edge of the range is partial', () => {
    const range = { start: 0, end: 10 * 86_400_000 };
    const { runs, byModel } = perRun(
      [
        { experiment: 'exp-a-1', model: 'a', team: 't', cost: usd(100), gpuHours: 8n * PICO, first: 0, last: 86_400_000 },
        { experiment: 'exp-a-1', model: 'a', team: 't', cost: usd(50), gpuHours: 4n * PICO, first: 86_400_000, last: 2 * 86_400_000 },
        { experiment: 'exp-a-2', model: 'a', team: 't', cost: usd(30), gpuHours: 2n * PICO, first: 4 * 86_400_000, last: 5 * 86_400_000 },
      ],
      range,
    );
    expect(runs.map((r) => [r.experiment, r.cost, r.partial])).toEqual([['exp-a-1', usd(150), true], ['exp-a-2', usd(30), false]]);
    expect(byModel).toEqual([{ model: 'a', runs: 2, cost: usd(180), perRun: usd(90) }]);
  });

  it('counts a counter’s increase across resets', () => {
    const c = new CounterIncrease();
    for (const v of [100, 150, 400, 20, 70, NaN, 90]) c.add(v);
    expect(c.total).toBe(300 + 20 + 50 + 20);
  });
});
