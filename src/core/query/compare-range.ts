/**
 * Like-for-like comparison ranges (query-language.md, Comparisons): a calendar period
 * against the previous one of its kind, a period to date against the same days of the
 * previous period (clamped to its end), any other range against as many days right before.
 */
import { addDays, addMonths, daysBetween } from '../dates.js';
import type { DateRange, DateString } from '../types.js';
import type { PeriodStep, RangeShape } from './types.js';

function back(date: DateString, step: PeriodStep, times = 1): DateString {
  return 'days' in step ? addDays(date, -step.days * times) : addMonths(date, -step.months * times);
}

function sameStep(a: PeriodStep, b: PeriodStep): boolean {
  return 'days' in a ? 'days' in b && a.days === b.days : 'months' in b && a.months === b.months;
}

function monthsFrom(a: DateString, b: DateString): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
}

/**
 * The days of `range` moved to start at `target`: by calendar months when both start on the
 * same day of the month (the last day clamped to the target month: Mar 1–31 → Feb 1–28), by
 * days otherwise. Never longer than `limit` when given.
 */
export function sameDaysFrom(range: DateRange, target: DateString, limit?: DateString): DateRange {
  const last = addDays(range.end, -1);
  let end: DateString;
  if (range.start.slice(8) === target.slice(8)) {
    end = addDays(addMonths(last, monthsFrom(range.start, target)), 1);
  } else {
    end = addDays(target, daysBetween(range.start, range.end));
  }
  if (limit !== undefined && end > limit) end = limit;
  if (end <= target) end = addDays(target, 1);
  return { start: target, end };
}

/** The range to compare `range` with when the query says `vs previous`. */
export function previousRange(range: DateRange, shape: RangeShape | undefined): DateRange {
  if (shape?.kind === 'whole') return { start: back(range.start, shape.step), end: back(range.end, shape.step) };
  if (shape?.kind === 'toDate') {
    const start = back(range.start, shape.step);
    return sameDaysFrom(range, start, range.start);
  }
  const length = daysBetween(range.start, range.end);
  return { start: addDays(range.start, -length), end: range.start };
}

/**
 * A named comparison period (`vs last month`) made like for like: when the range is a period
 * to date and the named one a whole period of the same kind, the same days of it.
 */
export function alignNamed(range: DateRange, shape: RangeShape | undefined, named: DateRange, namedShape: RangeShape | undefined): DateRange {
  if (shape?.kind === 'toDate' && namedShape?.kind === 'whole' && sameStep(shape.step, namedShape.step)) {
    return sameDaysFrom(range, named.start, named.end);
  }
  return named;
}

/** `7 days`, for notes. */
export function daysText(range: DateRange): string {
  const n = daysBetween(range.start, range.end);
  return n === 1 ? '1 day' : `${n} days`;
}
