/**
 * The figures of a daily digest, from daily costs in cents (pure; days are local dates):
 * yesterday against the trailing 7-day average, month to date with the run-rate forecast
 * to month end, the top values and the biggest movers of a dimension, the unallocated
 * share, and the last 14 days for the chart.
 */
import { addDays, addMonths, daysBetween, startOfMonth } from '../dates.js';
import { roundDiv } from './budget-math.js';

export type DailyCents = Map<string, bigint>;

export interface DigestInput {
  today: string;
  /** The scope's daily cost over at least [min(month start, yesterday − 13), yesterday]. */
  totals: DailyCents;
  /** The scope's daily cost by the "top" dimension (model) over [yesterday − 7, yesterday]. */
  top: Map<string, DailyCents>;
  /** The scope's daily cost by the movers' dimension over [yesterday − 7, yesterday]. */
  movers: Map<string, DailyCents>;
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

const sum = (daily: DailyCents, from: string, to: string) => {
  let s = 0n;
  for (const [d, c] of daily) if (d >= from && d < to) s += c;
  return s;
};

export function digestFigures(input: DigestInput): DigestFigures {
  const { today, totals } = input;
  const day = addDays(today, -1);
  const weekAgo = addDays(day, -7);
  const monthStart = startOfMonth(today);
  const monthEnd = addMonths(monthStart, 1);
  const yesterday = totals.get(day) ?? 0n;
  const average7 = roundDiv(sum(totals, weekAgo, day), 7n);
  const monthToDate = sum(totals, monthStart, today);
  const rate7 = sum(totals, addDays(today, -7), today);
  const forecast = monthToDate + roundDiv(rate7 * BigInt(daysBetween(today, monthEnd)), 7n);

  const top = [...input.top]
    .filter(([v]) => !input.skip.has(v))
    .map(([value, d]) => ({ value, cost: d.get(day) ?? 0n }))
    .filter((t) => t.cost > 0n)
    .sort((a, b) => (b.cost > a.cost ? 1 : b.cost < a.cost ? -1 : a.value.localeCompare(b.value)))
    .slice(0, TOP);

  const movers: Mover[] = [...input.movers]
    .filter(([v]) => !input.skip.has(v))
    .map(([value, d]) => {
      const cost = d.get(day) ?? 0n;
      const avg = roundDiv(sum(d, weekAgo, day), 7n);
      return { value, cost, average7: avg, change: cost - avg };
    });
  const byChange = (a: Mover, b: Mover) => (b.change > a.change ? 1 : b.change < a.change ? -1 : a.value.localeCompare(b.value));
  const moversUp = movers.filter((m) => m.change > 0n).sort(byChange).slice(0, MOVERS);
  const moversDown = movers.filter((m) => m.change < 0n).sort(byChange).reverse().slice(0, MOVERS);

  const chart: { day: string; cost: bigint }[] = [];
  for (let i = 13; i >= 0; i--) {
    const d = addDays(day, -i);
    chart.push({ day: d, cost: totals.get(d) ?? 0n });
  }
  return {
    day,
    yesterday,
    average7,
    monthToDate,
    forecast,
    monthStart,
    monthEnd,
    top,
    moversUp,
    moversDown,
    unallocatedShare: yesterday > 0n ? Number((input.unallocated * 10_000n) / yesterday) / 10_000 : null,
    chart,
  };
}
