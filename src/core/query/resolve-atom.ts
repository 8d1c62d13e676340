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
  weekdayOf,
} from '../dates.js';
import type { DateString, WeekStart } from '../types.js';
import { monthName } from './find-time-atoms.js';
import type { PeriodStep, PeriodUnit, RangeShape, Resolved, TimeAtom } from './types.js';

export interface TimeContext {
  today: DateString;
  weekStart: WeekStart;
  /** The month (1–12) fiscal years start in; 1 when absent. */
  fiscalYearStart?: number;
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

function ok(start: DateString, end: DateString, label: string, shape?: RangeShape): Resolved {
  return shape ? { ok: true, range: { start, end }, label, shape } : { ok: true, range: { start, end }, label };
}

const whole = (step: PeriodStep): RangeShape => ({ kind: 'whole', step });
const toDate = (step: PeriodStep): RangeShape => ({ kind: 'toDate', step });
const DAY: PeriodStep = { days: 1 };

function stepOf(unit: PeriodUnit, n = 1): PeriodStep {
  return unit === 'week' ? { days: 7 * n } : { months: UNIT_MONTHS[unit] * n };
}

/** A valid fiscal-year start month (1–12), 1 for anything else. */
function fiscalMonth(t: TimeContext): number {
  const m = t.fiscalYearStart;
  return m !== undefined && Number.isInteger(m) && m >= 1 && m <= 12 ? m : 1;
}

/** The first day of the fiscal year holding `date`. */
export function startOfFiscalYear(date: DateString, startMonth: number): DateString {
  const y = yearOf(date);
  return formatDate(Number(date.slice(5, 7)) >= startMonth ? y : y - 1, startMonth, 1);
}

/** The first day of fiscal year N (the one that ends in calendar year N). */
function fiscalYearStartOf(n: number, startMonth: number): DateString {
  return formatDate(startMonth === 1 ? n : n - 1, startMonth, 1);
}

/** The fiscal year (named after the calendar year it ends in) that starts on `start`. */
function fiscalYearName(start: DateString, startMonth: number): number {
  return startMonth === 1 ? yearOf(start) : yearOf(start) + 1;
}

/** Resolves a period that may be the current one: the whole period, or to date when it holds today. */
function periodOrToDate(start: DateString, end: DateString, label: string, step: PeriodStep, t: TimeContext, full: boolean | undefined): Resolved {
  const tomorrow = addDays(t.today, 1);
  if (!full && start <= t.today && end > tomorrow) return ok(start, tomorrow, label, toDate(step));
  return ok(start, end, label, whole(step));
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
      return ok(today, tomorrow, 'today', whole(DAY));
    case 'yesterday':
      return ok(addDays(today, -1), today, 'yesterday', whole(DAY));
    case 'period': {
      const start = startOf(atom.unit, today, weekStart);
      const step = stepOf(atom.unit);
      if (atom.offset === 0) return ok(start, tomorrow, `this ${atom.unit}`, toDate(step));
      if (atom.offset === -1) return ok(shift(atom.unit, start, -1), start, `last ${atom.unit}`, whole(step));
      return ok(shift(atom.unit, start, 1), shift(atom.unit, start, 2), `next ${atom.unit}`, whole(step));
    }
    case 'lastN': {
      const { n, unit } = atom;
      const plural = n === 1 ? unit : `${n} ${unit}s`;
      if (!Number.isInteger(n) || n < 1) return { ok: false, error: `“last ${n} ${unit}s” is empty — use a number of ${unit}s from 1 up, e.g. last 7 days` };
      if (n > MAX_N) return { ok: false, error: `“last ${n} ${unit}s” reaches back too far — ask about dates from ${MIN_YEAR} on` };
      if (unit === 'day') return ok(addDays(today, -n), today, `the last ${plural}`);
      if (unit === 'week') return ok(addDays(today, -7 * n), today, `the last ${plural}`);
      const start = startOf(unit, today, weekStart);
      return ok(shift(unit, start, -n), start, `the last ${plural}`, whole(stepOf(unit, n)));
    }
    case 'month': {
      const y = atom.year ?? opts.year ?? (atom.month <= Number(today.slice(5, 7)) ? year : year - 1);
      if (y < MIN_YEAR || y > MAX_YEAR) return outOfRange(y);
      const start = formatDate(y, atom.month, 1);
      const label = `${monthName(atom.month)} ${y}`;
      if (atom.year === null && opts.year === undefined && !opts.full && start === startOfMonth(today)) return ok(start, tomorrow, label, toDate({ months: 1 }));
      return ok(start, addMonths(start, 1), label, whole({ months: 1 }));
    }
    case 'quarter': {
      const currentQuarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
      const y = atom.year ?? opts.year ?? (atom.quarter <= currentQuarter ? year : year - 1);
      if (y < MIN_YEAR || y > MAX_YEAR) return outOfRange(y);
      const start = formatDate(y, atom.quarter * 3 - 2, 1);
      const label = `Q${atom.quarter} ${y}`;
      if (atom.year === null && opts.year === undefined && !opts.full && start === startOfQuarter(today)) return ok(start, tomorrow, label, toDate({ months: 3 }));
      return ok(start, addMonths(start, 3), label, whole({ months: 3 }));
    }
    case 'year': {
      const start = formatDate(atom.year, 1, 1);
      return ok(start, addYears(start, 1), String(atom.year), whole({ months: 12 }));
    }
    case 'day': {
      const y = atom.year ?? opts.year ?? mostRecentYear(atom.month, atom.day, today);
      if (y < MIN_YEAR || y > MAX_YEAR) return outOfRange(y);
      const date = formatDate(y, atom.month, atom.day);
      if (Number(date.slice(8, 10)) !== atom.day) {
        return { ok: false, error: `${monthName(atom.month)} ${atom.day} ${y} is not a date — ${monthName(atom.month)} ${y} is shorter; check the day` };
      }
      return ok(date, addDays(date, 1), date, whole(DAY));
    }
    case 'weekday': {
      const date = atom.date > today ? addDays(atom.date, -7) : atom.date;
      return ok(date, addDays(date, 1), date, whole(DAY));
    }
    case 'date':
      return ok(atom.date, addDays(atom.date, 1), atom.date, whole(DAY));
    case 'weekend': {
      // The Saturday on or before today (weekends are Saturday and Sunday whatever the week start).
      const saturday = addDays(today, -((weekdayOf(today) + 1) % 7));
      const inWeekend = saturday >= addDays(today, -1);
      const week = { days: 7 };
      if (atom.which === 'last') {
        const start = inWeekend ? addDays(saturday, -7) : saturday;
        return ok(start, addDays(start, 2), 'last weekend', whole(week));
      }
      if (atom.which === 'this' && !inWeekend) return ok(addDays(saturday, 7), addDays(saturday, 9), 'this weekend', whole(week));
      const label = atom.which === 'this' ? 'this weekend' : 'the weekend';
      return inWeekend ? ok(saturday, tomorrow, label, toDate(week)) : ok(saturday, addDays(saturday, 2), label, whole(week));
    }
    case 'half': {
      const currentHalf = Number(today.slice(5, 7)) <= 6 ? 1 : 2;
      const y = atom.year ?? opts.year ?? (atom.half <= currentHalf ? year : year - 1);
      if (y < MIN_YEAR || y > MAX_YEAR) return outOfRange(y);
      const start = formatDate(y, atom.half === 1 ? 1 : 7, 1);
      return periodOrToDate(start, addMonths(start, 6), `H${atom.half} ${y}`, { months: 6 }, t, atom.year !== null || opts.year !== undefined || opts.full);
    }
    case 'fiscalPeriod': {
      const m = fiscalMonth(t);
      const fy = startOfFiscalYear(today, m);
      const months = atom.unit === 'year' ? 12 : 3;
      const current = atom.unit === 'year' ? fy : addMonths(fy, 3 * Math.floor(monthsBetween(fy, today) / 3));
      const word = atom.offset === 0 ? 'this' : atom.offset === -1 ? 'last' : 'next';
      const start = addMonths(current, months * atom.offset);
      const end = addMonths(start, months);
      const label = `${word} fiscal ${atom.unit}`;
      if (atom.offset === 0) return ok(start, tomorrow, label, toDate({ months }));
      return ok(start, end, label, whole({ months }));
    }
    case 'fiscalYearNamed': {
      const m = fiscalMonth(t);
      const start = fiscalYearStartOf(atom.year, m);
      if (yearOf(start) < MIN_YEAR) return outOfRange(yearOf(start));
      return periodOrToDate(start, addMonths(start, 12), `FY${atom.year}`, { months: 12 }, t, true);
    }
    case 'fiscalQuarter': {
      const m = fiscalMonth(t);
      let fyStart = atom.year !== null ? fiscalYearStartOf(atom.year, m) : startOfFiscalYear(today, m);
      let start = addMonths(fyStart, 3 * (atom.quarter - 1));
      if (atom.year === null && start > today) {
        fyStart = addMonths(fyStart, -12);
        start = addMonths(fyStart, 3 * (atom.quarter - 1));
      }
      if (yearOf(start) < MIN_YEAR || yearOf(start) > MAX_YEAR) return outOfRange(yearOf(start));
      const label = `fiscal Q${atom.quarter} FY${fiscalYearName(fyStart, m)}`;
      return periodOrToDate(start, addMonths(start, 3), label, { months: 3 }, t, atom.year !== null || opts.full);
    }
    case 'invalid':
      return { ok: false, error: atom.message };
  }
}

/** Whole months from `a` to `b` (both first days of months, or any dates: the day is ignored). */
function monthsBetween(a: DateString, b: DateString): number {
  return (yearOf(b) - yearOf(a)) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
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
