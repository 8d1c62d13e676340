/**
 * A budget's standing from daily costs, in cents: spent to date, the run-rate forecast to
 * the end of the period (like the engine's `forecast`: the days before today plus the
 * last seven complete days' average for every day from today on), and the day it runs
 * out. Pure: days are `YYYY-MM-DD` in the configured zone, `today` is passed in.
 */
import { addDays, daysBetween } from '../dates.js';

export interface BudgetStanding {
  /** Cost in [period start, today], today's partial day included. */
  spent: bigint;
  /** Cost in [period start, today) plus the run rate for every day in [today, period end). */
  forecast: bigint;
  /** The average of the last seven complete days. */
  dailyRate: bigint;
  /** The day spending reaches `amount` (already, or at the run rate), or null if not in this period. */
  exhaustedOn: string | null;
  /** Percentage of `amount` spent, rounded down (never claims 100 % early). */
  percentUsed: number;
}

/** `n / d` rounded half away from zero (d > 0). */
export function roundDiv(n: bigint, d: bigint): bigint {
  const neg = n < 0n;
  const a = neg ? -n : n;
  const q = (a * 2n + d) / (d * 2n);
  return neg ? -q : q;
}

/** A budget scope's costs, exact range totals in cents. */
export interface BudgetSums {
  /** [period start, today]: today's partial day included. */
  spent: bigint;
  /** [period start, today). */
  before: bigint;
  /** [today − 7, today): the last seven complete days. */
  last7: bigint;
}

/**
 * Where a budget of `amount` cents stands on `today` for the period [start, end).
 * `daily` (day → cents over the period) is only read when the budget is already spent,
 * to name the day it ran out.
 */
export function budgetStanding(sums: BudgetSums, period: { start: string; end: string }, today: string, amount: bigint, daily?: Map<string, bigint>): BudgetStanding {
  const { spent, before, last7 } = sums;
  const from = today > period.start ? today : period.start;
  const remaining = BigInt(Math.max(0, daysBetween(from, period.end)));
  const forecast = before + roundDiv(last7 * remaining, 7n);
  const percentUsed = amount <= 0n ? 0 : Number((spent * 100n) / amount);
  let exhaustedOn: string | null = null;
  if (amount > 0n && spent >= amount) {
    exhaustedOn = today;
    let cumulative = 0n;
    for (const day of [...(daily ?? new Map<string, bigint>()).keys()].filter((d) => d >= period.start && d <= today).sort()) {
      cumulative += daily!.get(day)!;
      if (cumulative >= amount) {
        exhaustedOn = day;
        break;
      }
    }
  } else if (amount > 0n && last7 > 0n) {
    // Days from today (day 1) until before + rate × days ≥ amount.
    const need = amount - before;
    const days = (need * 7n + last7 - 1n) / last7;
    const day = addDays(from, Number(days) - 1);
    if (day < period.end) exhaustedOn = day;
  }
  return { spent, forecast, dailyRate: roundDiv(last7, 7n), exhaustedOn, percentUsed };
}

/** The highest threshold (percent) `spent` has reached of `amount`, or null. */
export function highestCrossed(thresholds: number[], spent: bigint, amount: bigint): number | null {
  let best: number | null = null;
  for (const t of thresholds) {
    // spent ≥ t % of amount, with t possibly fractional: compare in ten-thousandths.
    if (spent * 1_000_000n >= BigInt(Math.round(t * 10_000)) * amount && (best === null || t > best)) best = t;
  }
  return best;
}
