import type { Granularity, WeekStart } from '../types.js';
import { dateOfDayNumber, dayNumberOf } from './local-day.js';

/** Weekday of a day number, 0 = the configured first day of the week. */
export function weekdayOf(day: number, weekStart: WeekStart): number {
  // Day 0 (1970-01-01) was a Thursday.
  return ((day + (weekStart === 'monday' ? 3 : 4)) % 7 + 7) % 7;
}

/** First day of the month containing `day`. */
export function monthStartOf(day: number): number {
  return dayNumberOf(`${dateOfDayNumber(day).slice(0, 7)}-01`);
}

/** First day of the month `n` months after the month containing `day`. */
export function addMonthsToMonthStart(day: number, n: number): number {
  const [y, m] = dateOfDayNumber(day).split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + n;
  const yy = Math.floor(idx / 12);
  const mm = (idx % 12) + 1;
  return dayNumberOf(`${String(yy).padStart(4, '0')}-${String(mm).padStart(2, '0')}-01`);
}

/**
 * Bucket start days of a series over [start, end): days, weeks (aligned to the week
 * start) or calendar months; the first bucket starts at `start` even mid-period.
 */
export function bucketStarts(start: number, end: number, granularity: Granularity | null, weekStart: WeekStart): number[] {
  if (granularity === null || end <= start) return [start];
  const out = [start];
  let next: number;
  if (granularity === 'day') {
    for (let d = start + 1; d < end; d++) out.push(d);
    return out;
  }
  if (granularity === 'week') {
    next = start - weekdayOf(start, weekStart) + 7;
    for (; next < end; next += 7) out.push(next);
    return out;
  }
  next = addMonthsToMonthStart(start, 1);
  while (next < end) {
    out.push(next);
    next = addMonthsToMonthStart(next, 1);
  }
  return out;
}
