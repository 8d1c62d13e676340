/**
 * The figures of a daily digest, from the scope's exact range totals in cents (pure; days
 * are local dates):
 * yesterday against the trailing 7-day average, month to date with the run-rate forecast
 * to month end, the top values and the biggest movers of a dimension, the unallocated
 * share, and the last 14 days for the chart.
 */
import { addDays, addMonths, daysBetween, startOfMonth } from '../dates.js';
import { roundDiv } from './budget-math.js';

export type DailyCents = Map<string, bigint>;

/** Costs of one scope as exact range totals (what `/cost` answers for each range), in cents. */
export interface DigestInput {
  today: string;
  /** [yesterday, today). */
  yesterday: bigint;
  /** The seven days before yesterday. */
  weekBefore: bigint;
  /** [month start, today). */
  monthToDate: bigint;
  /** The last seven complete days, [today − 7, today). */
  last7: bigint;
  /** Daily cost of the last 14 days, for the chart. */
  chart: DailyCents;
  /** Yesterday's cost by the "top" dimension (model). */
  top: Map<string, bigint>;
  /** Yesterday's and the week before's cost by the movers' dimension. */
  movers: Map<string, { yesterday: bigint; weekBefore: bigint }>;
  /** Yesterday's cost that has no value of the scope's unallocated dimension. */
  unallocated: bigint;
  /** Values that are no real group (the unallocated label, shared-cost rules): never top or movers. */
  skip: Set<string>;
}

export interface Mover {
  value: string;
  cost: bigint;
  average7: bigint;
  change: bigint;
}

export interface DigestFigures {
  /** The day reported: yesterday. */
  day: string;
  yesterday: bigint;
  /** Average of the seven days before yesterday. */
  average7: bigint;
  /** [month start, today): complete days of this month. */
  monthToDate: bigint;
  /** Month to date plus the last seven days' average for each day from today to month end. */
  forecast: bigint;
  monthStart: string;
  monthEnd: string;
  top: { value: string; cost: bigint }[];
  /** Largest increases first, then largest decreases. */
  moversUp: Mover[];
  moversDown: Mover[];
  /** Share (0–1) of yesterday's cost that is unallocated; null when yesterday cost nothing. */
  unallocatedShare: number | null;
  /** The last 14 days, oldest first. */
  chart: { day: string; cost: bigint }[];
}

const TOP = 5;
const MOVERS = 3;

export function digestFigures(input: DigestInput): DigestFigures {
  const { today } = input;
  const day = addDays(today, -1);
  const monthStart = startOfMonth(today);
  const monthEnd = addMonths(monthStart, 1);
  const average7 = roundDiv(input.weekBefore, 7n);
  const forecast = input.monthToDate + roundDiv(input.last7 * BigInt(daysBetween(today, monthEnd)), 7n);

  const top = [...input.top]
    .filter(([v, c]) => !input.skip.has(v) && c > 0n)
    .map(([value, cost]) => ({ value, cost }))
    .sort((a, b) => (b.cost > a.cost ? 1 : b.cost < a.cost ? -1 : a.value.localeCompare(b.value)))
    .slice(0, TOP);

  const movers: Mover[] = [...input.movers]
    .filter(([v]) => !input.skip.has(v))
    .map(([value, m]) => {
      const avg = roundDiv(m.weekBefore, 7n);
      return { value, cost: m.yesterday, average7: avg, change: m.yesterday - avg };
    });
  const byChange = (a: Mover, b: Mover) => (b.change > a.change ? 1 : b.change < a.change ? -1 : a.value.localeCompare(b.value));
  const moversUp = movers.filter((m) => m.change > 0n).sort(byChange).slice(0, MOVERS);
  const moversDown = movers.filter((m) => m.change < 0n).sort(byChange).reverse().slice(0, MOVERS);

  const chart: { day: string; cost: bigint }[] = [];
  for (let i = 13; i >= 0; i--) {
    const d = addDays(day, -i);
    chart.push({ day: d, cost: input.chart.get(d) ?? 0n });
  }
  return {
    day,
    yesterday: input.yesterday,
    average7,
    monthToDate: input.monthToDate,
    forecast,
    monthStart,
    monthEnd,
    top,
    moversUp,
    moversDown,
    unallocatedShare: input.yesterday > 0n ? Number((input.unallocated * 10_000n) / input.yesterday) / 10_000 : null,
    chart,
  };
}
