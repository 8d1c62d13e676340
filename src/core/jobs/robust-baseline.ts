/**
 * What a scope's daily cost is expected to be, robust to weekly seasonality and to
 * one-off outliers: the median of the same weekday over the baseline window (a Monday
 * is compared with Mondays), or of every day when there are too few of that weekday; the
 * spread is the median absolute deviation of each day from its own weekday's median.
 * A past spike in the window moves neither a median nor the MAD much. Money in cents.
 */

/** One day of history. */
export interface DayCost {
  day: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  cents: bigint;
}

export interface Baseline {
  /** The expected cost of a day with this weekday. */
  expected: bigint;
  /** A robust standard deviation (1.4826 × MAD), in cents. */
  spread: bigint;
  /** True when `expected` is the median of the same weekday. */
  sameWeekday: boolean;
  /** Days of history it rests on. */
  samples: number;
}

/** Fewer than this many of a weekday in the window: use every day instead. */
export const MIN_SAME_WEEKDAY = 3;

/** The median of integer amounts (the mean of the two middle ones, rounded down, for an even count). */
export function medianOf(values: bigint[]): bigint {
  if (values.length === 0) return 0n;
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2n;
}

/** The baseline of a day falling on `weekday`, from the history before it. */
export function robustBaseline(history: DayCost[], weekday: number): Baseline {
  const all = medianOf(history.map((h) => h.cents));
  const byWeekday = new Map<number, bigint[]>();
  for (const h of history) byWeekday.set(h.weekday, [...(byWeekday.get(h.weekday) ?? []), h.cents]);
  const expectedFor = (w: number) => {
    const same = byWeekday.get(w) ?? [];
    return same.length >= MIN_SAME_WEEKDAY ? medianOf(same) : all;
  };
  const residuals = history.map((h) => {
    const r = h.cents - expectedFor(h.weekday);
    return r < 0n ? -r : r;
  });
  const mad = medianOf(residuals);
  return {
    expected: expectedFor(weekday),
    spread: (mad * 14826n) / 10000n,
    sameWeekday: (byWeekday.get(weekday)?.length ?? 0) >= MIN_SAME_WEEKDAY,
    samples: history.length,
  };
}

export interface SpikeRule {
  /** Relative floor: the increase must be at least this fraction of the baseline (0.5 = 50 %). */
  minIncrease: number;
  /** Absolute floor, in cents: the day must cost at least this much. */
  minDailyCents: bigint;
  /** The increase must also exceed this many robust standard deviations (noisy scopes stay quiet). */
  minDeviations: number;
}

export const DEFAULT_MIN_DEVIATIONS = 3;

/**
 * Whether `cents` on a day is a spike against `baseline`: past both floors (relative and
 * absolute) and beyond the scope's own day-to-day noise. Returns the increase either way.
 */
export function judgeDay(cents: bigint, baseline: Baseline, rule: SpikeRule): { spike: boolean; increase: bigint } {
  const increase = cents - baseline.expected;
  if (increase <= 0n || cents < rule.minDailyCents) return { spike: false, increase };
  // Fractions as integers: increase ≥ minIncrease × expected, increase ≥ k × spread.
  const relative = BigInt(Math.round(rule.minIncrease * 10_000));
  const deviations = BigInt(Math.round(rule.minDeviations * 10_000));
  const spike = increase * 10_000n >= relative * baseline.expected && increase * 10_000n >= deviations * baseline.spread;
  return { spike, increase };
}
