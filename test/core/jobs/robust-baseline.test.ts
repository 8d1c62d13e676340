import { describe, expect, it } from 'vitest';
import { addDays, weekdayOf } from '../../../src/core/dates.js';
import { judgeDay, medianOf, robustBaseline, type DayCost } from '../../../src/core/jobs/robust-baseline.js';

/** 28 days before 2026-11-25 with weekdays at `weekday` cents and weekends at `weekend`. */
function weekly(weekday: bigint, weekend: bigint, over: Record<string, bigint> = {}): DayCost[] {
  return Array.from({ length: 28 }, (_, i) => {
    const day = addDays('2026-11-25', i - 28);
    const w = weekdayOf(day);
    return { day, weekday: w, cents: over[day] ?? (w === 0 || w === 6 ? weekend : weekday) };
  });
}

const RULE = { minIncrease: 0.5, minDailyCents: 10_000n, minDeviations: 3 };

describe('robust baseline', () => {
  it('takes the median (the lower-middle mean for an even count) of integer cents', () => {
    expect(medianOf([5n, 1n, 3n])).toBe(3n);
    expect(medianOf([4n, 1n, 3n, 2n])).toBe(2n);
    expect(medianOf([])).toBe(0n);
  });

  it('compares a day with the same weekday, so a busy Monday after a quiet weekend is no spike', () => {
    const history = weekly(100_000n, 20_000n);
    const monday = robustBaseline(history, weekdayOf('2026-11-23'));
    const sunday = robustBaseline(history, weekdayOf('2026-11-22'));

    expect(monday).toMatchObject({ expected: 100_000n, sameWeekday: true, samples: 28, spread: 0n });
    expect(sunday.expected).toBe(20_000n);
    expect(judgeDay(100_000n, monday, RULE).spike).toBe(false);
    expect(judgeDay(60_000n, sunday, RULE).spike).toBe(true);
  });

  it('is not moved by a one-off outlier in the window', () => {
    const history = weekly(100_000n, 20_000n, { '2026-11-11': 5_000_000n });
    const wednesday = robustBaseline(history, weekdayOf('2026-11-25'));
    expect(wednesday.expected).toBe(100_000n);
    expect(judgeDay(400_000n, wednesday, RULE)).toEqual({ spike: true, increase: 300_000n });
  });

  it('falls back to every day when a weekday has fewer than three days of history', () => {
    const history = weekly(100_000n, 100_000n).slice(-10);
    expect(robustBaseline(history, 3)).toMatchObject({ sameWeekday: false, expected: 100_000n });
  });

  it('needs both floors and more than the scope’s own noise', () => {
    const base = { expected: 100_000n, spread: 10_000n, sameWeekday: true, samples: 28 };
    expect(judgeDay(140_000n, base, RULE).spike).toBe(false); // +40 % < 50 %
    expect(judgeDay(150_000n, base, RULE).spike).toBe(true); // +50 %, 5 σ
    expect(judgeDay(150_000n, { ...base, spread: 20_000n }, RULE).spike).toBe(false); // 2.5 σ: a noisy scope
    expect(judgeDay(9_000n, { ...base, expected: 1_000n }, RULE).spike).toBe(false); // under the absolute floor
    expect(judgeDay(90_000n, base, RULE)).toEqual({ spike: false, increase: -10_000n });
  });
});
