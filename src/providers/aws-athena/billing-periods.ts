import { addDays } from '../../core/dates.js';
import type { DateRange } from '../../core/types.js';

const month = (day: string) => day.slice(0, 7);

/** `YYYY-MM` one month after `m`. */
export function nextMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}

/**
 * The billing-period partitions (`YYYY-MM`, inclusive bounds) that can hold the charges of
 * the days in `range`:
 * - from the month of the day before `start`: a local day's charges may start the UTC
 *   day before, in the previous month;
 * - to the month after the month of `end` (the day after the range, for the same reason):
 *   corrections of a period are invoiced in the next billing period with their original
 *   charge period. Corrections invoiced later still are not seen (README.md).
 */
export function billingPeriods(range: DateRange): { from: string; to: string } {
  return { from: month(addDays(range.start, -1)), to: nextMonth(month(range.end)) };
}
