/**
 * `forecast`: the cost so far plus a run rate times the days left, for the total and for
 * every row. The run rate is a trimmed mean, so one spike (a training run, a backfill) in
 * its window does not throw the forecast off: the complete days before the data's
 * freshness (seven of them), without the day with the highest total and the day with the
 * lowest, averaged. The same days are used for every group, so the rows' forecasts add up
 * to the total's (each rounded to the cent).
 */
import { addExact, centsToNumber, exactToNumber, type Exact, toCents, ZERO } from '../money.js';
import type { DateRange, Forecast, ParsedQuery } from '../types.js';
import { joinKey, type RankedGroup } from './answer-rows.js';
import { dateOfDayNumber, dayNumberOf } from './local-day.js';
import { bucketTotal, spreadBucket } from './spread-shared.js';
import type { ScanPartial, ScanPlan } from './scan.js';

/** Days the run rate looks at, before trimming. */
export const RUN_RATE_DAYS = 7;

export interface RunRateInput {
  q: ParsedQuery;
  /** The period projected to (`forecastWindow`). */
  window: DateRange;
  /** The first day without complete data. */
  dataEnd: string;
  /** Scans `range` by day with the query's grouping and filters. */
  scanDaily: (range: DateRange) => Promise<{ plan: ScanPlan; partial: ScanPartial }>;
  keepPool: (name: string) => boolean;
  /** The answer's ranked rows (named groups, and the fold row). */
  ranked: RankedGroup[];
}

export interface RunRateForecast {
  forecast: Forecast;
  /** Projected total of each ranked row, in the same order. */
  rows: number[];
}

function scale(v: Exact, n: bigint, d: bigint): Exact {
  return { n: v.n * n, d: v.d * d };
}

/** Projects the window's total, and each row's, from the trimmed mean of the last complete days. */
export async function runRateForecast(input: RunRateInput): Promise<RunRateForecast> {
  const { window: w, dataEnd } = input;
  const windowStart = dayNumberOf(w.start);
  const end = dayNumberOf(dataEnd);
  const rateFrom = end - RUN_RATE_DAYS;
  const from = Math.min(windowStart, rateFrom);
  const { plan, partial } = await input.scanDaily({ start: dateOfDayNumber(from), end: dateOfDayNumber(Math.max(end, from + 1)) });

  // Per day: the total and each group's value, shared pools spread as on that day.
  const days = plan.bucketStarts.map((day, b) => {
    const spread = spreadBucket(partial, b);
    const groups = new Map<string, Exact>();
    for (const [k, g] of spread.groups) groups.set(k, g.value);
    for (const u of spread.unspread) if (input.keepPool(u.name)) groups.set(joinKey(input.q.groupBy.map(() => u.name)), u.value);
    return { day, total: bucketTotal(spread, input.keepPool), groups };
  });
  const inWindow = days.filter((d) => d.day >= windowStart && d.day < end);
  const rateDays = days.filter((d) => d.day >= rateFrom && d.day < end);
  // Trim the highest and the lowest day when there are enough days to spare two.
  const ordered = [...rateDays].sort((a, b) => {
    const d = a.total.n * b.total.d - b.total.n * a.total.d;
    return d === 0n ? a.day - b.day : d < 0n ? -1 : 1;
  });
  const trimmed = ordered.length >= 5 ? ordered.slice(1, -1) : ordered;
  const used = new Set(trimmed.map((d) => d.day));
  const k = BigInt(Math.max(1, trimmed.length));
  const remaining = BigInt(Math.max(0, dayNumberOf(w.end) - Math.max(end, windowStart)));

  const sumOver = (list: typeof days, pick: (d: (typeof days)[number]) => Exact) => list.reduce((s, d) => addExact(s, pick(d)), ZERO);
  const actual = sumOver(inWindow, (d) => d.total);
  const rate = scale(sumOver(trimmed, (d) => d.total), 1n, k);
  const total = addExact(actual, scale(rate, remaining, 1n));

  const named = new Set(input.ranked.filter((r) => !r.other).map((r) => joinKey(r.key)));
  const rowValue = (r: RankedGroup, d: (typeof days)[number]): Exact => {
    if (!r.other) return d.groups.get(joinKey(r.key)) ?? ZERO;
    let s = ZERO;
    for (const [key, v] of d.groups) if (!named.has(key)) s = addExact(s, v);
    return s;
  };
  const rows = input.ranked.map((r) => {
    const rowActual = sumOver(inWindow, (d) => rowValue(r, d));
    const rowRate = scale(sumOver(trimmed, (d) => rowValue(r, d)), 1n, k);
    return centsToNumber(toCents(addExact(rowActual, scale(rowRate, remaining, 1n))));
  });

  const dropped = ordered.filter((d) => !used.has(d.day)).map((d) => dateOfDayNumber(d.day));
  const rateRange = { start: dateOfDayNumber(rateFrom), end: dateOfDayNumber(end) };
  const statistic = dropped.length > 0
    ? `the mean daily cost of ${rateRange.start} to ${dateOfDayNumber(end - 1)} without its highest and lowest day (${dropped.join(' and ')})`
    : `the mean daily cost of ${rateRange.start} to ${dateOfDayNumber(end - 1)}`;
  const description = `Forecast: the cost to ${dateOfDayNumber(end - 1)} plus a run rate of ${statistic}, times the ${remaining} day${remaining === 1n ? '' : 's'} left to ${dateOfDayNumber(dayNumberOf(w.end) - 1)}.`;
  return {
    forecast: {
      total: centsToNumber(toCents(total)),
      range: w,
      actual: centsToNumber(toCents(actual)),
      dailyRunRate: Math.round(exactToNumber(rate) * 100) / 100,
      method: 'run-rate',
      window: rateRange,
      description,
    },
    rows,
  };
}
