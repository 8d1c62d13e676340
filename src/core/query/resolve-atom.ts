/**
 * Turns one time atom into a half-open range of dates, per the table of query-language.md.
 */
import {
  addDays,
  addMonths,
  addYears,
  formatDate,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
} from '../dates.js';
import type { DateString, WeekStart } from '../types.js';
import { monthName } from './find-time-atoms.js';
import type { PeriodUnit, Resolved, TimeAtom } from './types.js';

export interface TimeContext {
  today: DateString;
  weekStart: WeekStart;
}

export interface AtomOptions {
  /** Use this year for an atom typed without one (range endpoints borrow the other end's year). */
  year?: number;
  /** A month or quarter typed without a year that is the current one: the whole period, not "to date". */
  full?: boolean;
}

/** Years the query language accepts; anything else is almost surely a typo. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
const MAX_N = 10_000;

const UNIT_MONTHS: Record<Exclude<PeriodUnit, 'week'>, number> = { month: 1, quarter: 3, year: 12 };

function startOf(unit: PeriodUnit, date: DateString, weekStart: WeekStart): DateString {
  if (unit === 'week') return startOfWeek(date, weekStart);
  if (unit === 'month') return startOfMonth(date);
  if (unit === 'quarter') return startOfQuarter(date);
  return startOfYear(date);
}

function shift(unit: PeriodUnit, date: DateString, n: number): DateString {
  return unit === 'week' ? addDays(date, 7 * n) : addMonths(date, UNIT_MONTHS[unit] * n);
}

function yearOf(date: DateString): number {
  return Number(date.slice(0, 4));
}

function ok(start: DateString, end: DateString, label: string): Resolved {
  return { ok: true, range: { start, end }, label };
}

/** True when the atom was typed without a year (its year was chosen relative to today). */
export function hasImpliedYear(atom: TimeAtom): boolean {
  return (atom.kind === 'month' || atom.kind === 'quarter' || atom.kind === 'day') && atom.year === null;
}

/** The year an atom names explicitly, if any. */
export function explicitYear(atom: TimeAtom): number | null {
  if (atom.kind === 'month' || atom.kind === 'quarter' || atom.kind === 'day') return atom.year;
  if (atom.kind === 'year') return atom.year;
  return null;
}

function outOfRange(year: number): Resolved {
  return { ok: false, error: `the year ${year} is out of range — ask about a year from ${MIN_YEAR} to ${MAX_YEAR}` };
}

/**
 * The range an atom names, relative to `today`. Periods typed without a year are the most
 * recent one that has begun (the current one runs to date); days without a year are the most
 * recent one not after today.
 */
export function resolveAtom(atom: TimeAtom, t: TimeContext, opts: AtomOptions = {}): Resolved {
  const { today, weekStart } = t;
  const tomorrow = addDays(today, 1);
  const year = yearOf(today);
  const named = explicitYear(atom);
  if (named !== null && (named < MIN_YEAR || named > MAX_YEAR)) return outOfRange(named);
  switch (atom.kind) {
    case 'today':
      return ok(today, tomorrow, 'today');
    case 'yesterday':
      return ok(addDays(today, -1), today, 'yesterday');
    case 'period': {
      const start = startOf(atom.unit, today, weekStart);
      if (atom.offset === 0) return ok(start, tomorrow, `this ${atom.unit}`);
      if (atom.offset === -1) return ok(shift(atom.unit, start, -1), start, `last ${atom.unit}`);
      return ok(shift(atom.unit, start, 1), shift(atom.unit, start, 2), `next ${atom.unit}`);
    }
    case 'lastN': {
      const { n, unit } = atom;
      const plural = n === 1 ? unit : `${n} ${unit}s`;
      if (!Number.isInteger(n) || n < 1) return { ok: false, error: `“last ${n} ${unit}s” is empty — use a number of ${unit}s from 1 up, e.g. last 7 days` };
      if (n > MAX_N) return { ok: false, error: `“last ${n} ${unit}s” reaches back too far — ask about dates from ${MIN_YEAR} on` };
      if (unit === 'day') return ok(addDays(today, -n), today, `the last ${plural}`);
      if (unit === 'week') return ok(addDays(today, -7 * n), today, `the last ${plural}`);
      const start = startOf(unit, today, weekStart);
      return ok(shift(unit, start, -n), start, `the last ${plural}`);
    }
    case 'month': {
      const y = atom.year ?? opts.year ?? (atom.month <= Number(today.slice(5, 7)) ? year : year - 1);
      if (y < MIN_YEAR || y > MAX_YEAR) return outOfRange(y);
      const start = formatDate(y, atom.month, 1);
      const label = `${monthName(atom.month)} ${y}`;
      if (atom.year === null && opts.year === undefined && !opts.full && start === startOfMonth(today)) return ok(start, tomorrow, label);
      return ok(start, addMonths(start, 1), label);
    }
    case 'quarter': {
      const currentQuarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
      const y = atom.year ?? opts.year ?? (atom.quarter <= currentQuarter ? year : year - 1);
      if (y < MIN_YEAR || y > MAX_YEAR) return outOfRange(y);
      const start = formatDate(y, atom.quarter * 3 - 2, 1);
      const label = `Q${atom.quarter} ${y}`;
      if (atom.year === null && opts.year === undefined && !opts.full && start === startOfQuarter(today)) return ok(start, tomorrow, label);
      return ok(start, addMonths(start, 3), label);
    }
    case 'year': {
      const start = formatDate(atom.year, 1, 1);
      return ok(start, addYears(start, 1), String(atom.year));
    }
    case 'day': {
      const y = atom.year ?? opts.year ?? mostRecentYear(atom.month, atom.day, today);
      if (y < MIN_YEAR || y > MAX_YEAR) return outOfRange(y);
      const date = formatDate(y, atom.month, atom.day);
      if (Number(date.slice(8, 10)) !== atom.day) {
        return { ok: false, error: `${monthName(atom.month)} ${atom.day} ${y} is not a date — ${monthName(atom.month)} ${y} is shorter; check the day` };
      }
      return ok(date, addDays(date, 1), date);
    }
    case 'weekday': {
      const date = atom.date > today ? addDays(atom.date, -7) : atom.date;
      return ok(date, addDays(date, 1), date);
    }
    case 'date':
      return ok(atom.date, addDays(atom.date, 1), atom.date);
    case 'invalid':
      return { ok: false, error: atom.message };
  }
}

/** The latest year in which month/day exists and is not after today (Feb 29 looks back to a leap year). */
function mostRecentYear(month: number, day: number, today: DateString): number {
  let y = yearOf(today);
  const mmdd = `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (mmdd > today.slice(5)) y -= 1;
  for (let i = 0; i < 8; i++, y--) {
    const date = formatDate(y, month, day);
    if (Number(date.slice(8, 10)) === day) return y;
  }
  return y;
}
