import { describe, expect, it } from 'vitest';
import { percentile, UtilisationAnalyser } from '../../../src/core/gpu/utilisation-analyser.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 20);

describe('UtilisationAnalyser', () => {
  it('keeps per GPU the idle episodes, the 95th percentiles and the samples seen, and per resource a mean timeline', () => {
    const range = { start: T0, end: T0 + 6 * 60 * MIN };
    const a = new UtilisationAnalyser(range, { utilisationBelow: 5, forHours: 2 });
    const busy = Float32Array.from({ length: 360 }, (_, i) => (i < 180 ? 80 : 0));
    a.add({ resource: 'i-1', gpu: '0', gpuModel: 'NVIDIA A100', start: T0, step: MIN, util: busy.subarray(0, 100), memory: new Float32Array(100).fill(40) });
    a.add({ resource: 'i-1', gpu: '0', start: T0 + 100 * MIN, step: MIN, util: busy.subarray(100), memory: new Float32Array(260).fill(40) });
    a.add({ resource: 'i-1', gpu: '1', start: T0, step: MIN, util: new Float32Array(360).fill(20) });
    const r = a.finish();
    expect(r.episodes).toEqual([{ resource: 'i-1', gpu: '0', start: T0 + 180 * MIN, end: range.end, ongoing: true, startsBeforeRange: false }]);
    expect(r.series.map((s) => [s.gpu, s.samples, s.p95Util, s.p95Memory, s.gpuModel, s.idleMs])).toEqual([
      ['0', 360, 80, 40, 'NVIDIA A100', 180 * MIN],
      ['1', 360, 20, null, null, 0],
    ]);
    const tl = r.timelines.get('i-1')!;
    expect(tl.bucketMs).toBe(60 * MIN);
    expect(Array.from(tl.mean)).toEqual([50, 50, 50, 10, 10, 10]);
  });

  it('takes the nearest-rank percentile of 0.1 % buckets', () => {
    const h = new Uint32Array(1001);
    h[100] = 94;
    h[900] = 6;
    expect(percentile(h, 100, 0.95)).toBe(90);
    expect(percentile(h, 100, 0.94)).toBe(10);
    expect(percentile(new Uint32Array(1001), 0, 0.95)).toBeNull();
  });
});
