import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/core/dates.js';
import { digestFigures, type DigestInput } from '../../../src/core/jobs/digest-figures.js';

function chart(from: string, to: string, cents: bigint): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (let d = from; d <= to; d = addDays(d, 1)) out.set(d, cents);
  return out;
}

// 1,000.00 a day, 3,000.00 yesterday (Nov 25).
const INPUT: DigestInput = {
  today: '2026-11-26',
  yesterday: 300_000n,
  weekBefore: 700_000n,
  monthToDate: 2_700_000n,
  last7: 900_000n,
  chart: chart('2026-11-01', '2026-11-25', 100_000n),
  top: new Map([['llama-70b', 250_000n], ['whisper', 10_000n], ['(untagged)', 40_000n], ['idle', 0n]]),
  movers: new Map([
    ['llama-70b', { yesterday: 250_000n, weekBefore: 420_000n }],
    ['whisper', { yesterday: 10_000n, weekBefore: 280_000n }],
    ['(untagged)', { yesterday: 40_000n, weekBefore: 0n }],
  ]),
  unallocated: 40_000n,
  skip: new Set(['(untagged)']),
};

describe('digest figures', () => {
  it('puts yesterday against the seven days before it, and month to date against the run-rate forecast', () => {
    const f = digestFigures(INPUT);

    expect(f).toMatchObject({ day: '2026-11-25', yesterday: 300_000n, average7: 100_000n, monthToDate: 2_700_000n, monthStart: '2026-11-01', monthEnd: '2026-12-01' });
    // Month to date + 5 days (Nov 26–30) × 9,000.00 / 7.
    expect(f.forecast).toBe(2_700_000n + 642_857n);
    expect(f.unallocatedShare).toBeCloseTo(0.1333, 4);
    expect(f.chart).toHaveLength(14);
    expect(f.chart[0]).toEqual({ day: '2026-11-12', cost: 100_000n });
    expect(f.chart[13]).toEqual({ day: '2026-11-25', cost: 100_000n });
  });

  it('ranks the top models and the movers up and down, leaving out what is no real group', () => {
    const f = digestFigures(INPUT);

    expect(f.top).toEqual([{ value: 'llama-70b', cost: 250_000n }, { value: 'whisper', cost: 10_000n }]);
    expect(f.moversUp).toEqual([{ value: 'llama-70b', cost: 250_000n, average7: 60_000n, change: 190_000n }]);
    expect(f.moversDown).toEqual([{ value: 'whisper', cost: 10_000n, average7: 40_000n, change: -30_000n }]);
  });

  it('has a month to date of nothing on the first of the month, and no share of a day that cost nothing', () => {
    const f = digestFigures({ ...INPUT, today: '2026-12-01', yesterday: 0n, monthToDate: 0n, last7: 0n, unallocated: 0n });
    expect(f).toMatchObject({ day: '2026-11-30', monthToDate: 0n, forecast: 0n, monthStart: '2026-12-01', unallocatedShare: null });
  });
});
