import type { DateRange, WeekStart } from '../types.js';
import { addMonthsToMonthStart, monthStartOf, weekdayOf } from './calendar.js';
import { dateOfDayNumber, dayNumberOf } from './local-day.js';

/**
 * The period a forecast projects to: for a range that runs to today, the smallest
 * calendar period (week, month, quarter, year) that starts where the range starts,
 * else the range to the end of this month; for a range in the past, this month.
 */
export function forecastWindow(range: DateRange, today: string, weekStart: WeekStart): { range: DateRange; note?: string } {
  const t = dayNumberOf(today);
  const start = dayNumberOf(range.start);
  const end = dayNumberOf(range.end);
  const month = monthStartOf(t);
  const monthIndex = Number(today.slice(5, 7)) - 1;
  const quarter = addMonthsToMonthStart(month, -(monthIndex % 3));
  const year = addMonthsToMonthStart(month, -monthIndex);
  const periods: [number, number][] = [
    [t - weekdayOf(t, weekStart), t - weekdayOf(t, weekStart) + 7],
    [month, addMonthsToMonthStart(month, 1)],
    [quarter, addMonthsToMonthStart(quarter, 3)],
    [year, addMonthsToMonthStart(year, 12)],
  ];
  const toRange = (s: number, e: number): DateRange => ({ start: dateOfDayNumber(s), end: dateOfDayNumber(e) });
  if (end > t) {
    const match = periods.find(([s]) => s === start);
    if (match) return { range: toRange(match[0], match[1]) };
    return { range: toRange(start, addMonthsToMonthStart(month, 1)) };
  }
  return {
    range: toRange(month, addMonthsToMonthStart(month, 1)),
    note: `The forecast is for this month (${dateOfDayNumber(month)} .. ${dateOfDayNumber(addMonthsToMonthStart(month, 1))}): the range asked has already ended.`,
  };
}
