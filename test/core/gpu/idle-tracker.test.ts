import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdleTracker } from '../../../src/core/gpu/idle-tracker.js';

const MIN = 60_000;
const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 20);
const rule = { utilisationBelow: 5, forHours: 2 };
const range = { start: T0, end: T0 + 24 * H };

/** One value per minute from T0. */
function track(values: number[], opts: { chunks?: number[]; r?: typeof range } = {}) {
  const t = new IdleTracker('i-1', '0', rule, opts.r ?? range);
  const cuts = [0, ...(opts.chunks ?? []), values.length];
  for (let k = 0; k + 1 < cuts.length; k++) t.add(T0 + cuts[k]! * MIN, MIN, Float32Array.from(values.slice(cuts[k], cuts[k + 1])));
  return t.finish();
}

const series = (parts: [number, number][]) => parts.flatMap(([v, n]) => Array<number>(n).fill(v));

describe('IdleTracker', () => {
  it('finds a stretch below the threshold that lasts at least forHours, with its exact bounds', () => {
    const eps = track(series([[50, 60], [2, 150], [50, 60]]));
    expect(eps).toEqual([{ resource: 'i-1', gpu: '0', start: T0 + 60 * MIN, end: T0 + 210 * MIN, ongoing: false, startsBeforeRange: false }]);
  });

  it('needs the full forHours: 120 minutes are an episode, 119 are not', () => {
    expect(track(series([[50, 10], [0, 120], [50, 10]]))).toHaveLength(1);
    expect(track(series([[50, 10], [0, 119], [50, 10]]))).toHaveLength(0);
  });

  it('is strict: a GPU at exactly the threshold is not idle', () => {
    expect(track(series([[5, 300]]))).toHaveLength(0);
    expect(track(series([[4.99, 300]]))).toHaveLength(1);
  });

  it('never counts a missing sample as idle: NaN alone makes no episode, and a long gap ends one', () => {
    expect(track(series([[NaN, 300]]))).toHaveLength(0);
    // 90 idle minutes, 30 minutes without samples, 90 idle minutes: two stretches of 90 minutes, neither long enough.
    expect(track(series([[0, 90], [NaN, 30], [0, 90]]))).toHaveLength(0);
  });

  it('bridges a short gap (a late scrape) inside an idle stretch', () => {
    const eps = track(series([[0, 70], [NaN, 4], [0, 70], [60, 10]]));
    expect(eps).toHaveLength(1);
    expect(eps[0]!.end - eps[0]!.start).toBe(144 * MIN);
  });

  it('marks an episode that runs to the end of the range as ongoing, and one idle from the start as starting before it', () => {
    const eps = track(series([[0, 24 * 60]]));
    expect(eps).toEqual([{ resource: 'i-1', gpu: '0', start: T0, end: T0 + 24 * H, ongoing: true, startsBeforeRange: true }]);
  });

  it('gives the same episodes however the series is cut into chunks (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(0, 1, 3, 7, 50, 90, NaN), { minLength: 1, maxLength: 400 }).chain((blocks) =>
          fc.tuple(fc.constant(blocks), fc.uniqueArray(fc.integer({ min: 1, max: blocks.length * 5 - 1 }), { maxLength: 6 })),
        ),
        ([blocks, cuts]) => {
          const values = blocks.flatMap((v) => Array<number>(5).fill(v));
          const whole = track(values);
          const cut = track(values, { chunks: [...cuts].sort((a, b) => a - b) });
          expect(cut).toEqual(whole);
          // Every episode is long enough, inside the range, and episodes never overlap.
          for (const e of whole) {
            expect(e.end - e.start).toBeGreaterThanOrEqual(2 * H);
            expect(e.start).toBeGreaterThanOrEqual(range.start);
            expect(e.end).toBeLessThanOrEqual(range.end);
          }
          for (let i = 1; i < whole.length; i++) expect(whole[i]!.start).toBeGreaterThan(whole[i - 1]!.end);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('ignores steps outside the range and repeated steps of an overlapping chunk', () => {
    const t = new IdleTracker('i-1', '0', rule, { start: T0 + 60 * MIN, end: T0 + 300 * MIN });
    t.add(T0, MIN, new Float32Array(200).fill(0));
    t.add(T0 + 100 * MIN, MIN, new Float32Array(200).fill(0));
    expect(t.finish()).toEqual([{ resource: 'i-1', gpu: '0', start: T0 + 60 * MIN, end: T0 + 300 * MIN, ongoing: true, startsBeforeRange: true }]);
  });
});
