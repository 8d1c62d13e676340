import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/core/dates.js';
import { budgetStanding, highestCrossed, roundDiv } from '../../../src/core/jobs/budget-math.js';

function days(from: string, to: string, cents: bigint): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (let d = from; d <= to; d = addDays(d, 1)) out.set(d, cents);
  return out;
}

const NOVEMBER = { start: '2026-11-01', end: '2026-12-01' };

describe('budget standing', () => {
  it('spends to date, forecasts at the last seven days’ rate and names the day it runs out', () => {
    // 1,000.00 a day; today is Nov 26 with 400.00 so far.
    const s = budgetStanding({ spent: 2_540_000n, before: 2_500_000n, last7: 700_000n }, NOVEMBER, '2026-11-26', 2_800_000n);

    expect(s.spent).toBe(2_540_000n);
    expect(s.forecast).toBe(3_000_000n); // 25 days + 5 days at 1,000.00
    expect(s.dailyRate).toBe(100_000n);
    expect(s.exhaustedOn).toBe('2026-11-28'); // 2,500.00 + 3 × 1,000.00 ≥ 2,800.00
    expect(s.percentUsed).toBe(90);
  });

  it('says the day it ran out when it already has, and null when the period ends first', () => {
    const daily = days('2026-11-01', '2026-11-26', 100_000n);
    const sums = { spent: 2_600_000n, before: 2_500_000n, last7: 700_000n };
    expect(budgetStanding(sums, NOVEMBER, '2026-11-26', 1_000_000n, daily).exhaustedOn).toBe('2026-11-10');
    expect(budgetStanding(sums, NOVEMBER, '2026-11-26', 1_000_000n).exhaustedOn).toBe('2026-11-26');
    expect(budgetStanding(sums, NOVEMBER, '2026-11-26', 5_000_000n).exhaustedOn).toBeNull();
    expect(budgetStanding({ spent: 0n, before: 0n, last7: 0n }, NOVEMBER, '2026-11-26', 5_000_000n)).toMatchObject({ spent: 0n, forecast: 0n, exhaustedOn: null, percentUsed: 0 });
  });

  it('names the highest threshold crossed, never claiming one early', () => {
    expect(highestCrossed([50, 80, 100], 8_200n, 10_000n)).toBe(80);
    expect(highestCrossed([50, 80, 100], 7_999n, 10_000n)).toBe(50);
    expect(highestCrossed([100, 50, 80], 10_000n, 10_000n)).toBe(100);
    expect(highestCrossed([50], 4_999n, 10_000n)).toBeNull();
    expect(highestCrossed([12.5], 125n, 1_000n)).toBe(12.5);
  });

  it('rounds half away from zero', () => {
    expect(roundDiv(5n, 2n)).toBe(3n);
    expect(roundDiv(-5n, 2n)).toBe(-3n);
    expect(roundDiv(4n, 3n)).toBe(1n);
  });
});
