/**
 * Types internal to the query language: time atoms (what a time expression names, before it
 * is resolved against "today") and time spans (where a resolved expression sits in the text).
 */
import type { DateRange, DateString } from '../types.js';

export type PeriodUnit = 'week' | 'month' | 'quarter' | 'year';

/** A single time expression, still independent of "today" and the zone. */
export type TimeAtom =
  | { kind: 'today' }
  | { kind: 'yesterday' }
  /** this (0, to date) / last (-1) / next (+1) calendar week, month, quarter or year. */
  | { kind: 'period'; unit: PeriodUnit; offset: -1 | 0 | 1 }
  /** last N days / weeks (rolling) or months / quarters / years (full calendar ones). */
  | { kind: 'lastN'; n: number; unit: 'day' | PeriodUnit }
  | { kind: 'month'; month: number; year: number | null }
  | { kind: 'quarter'; quarter: number; year: number | null }
  | { kind: 'year'; year: number }
  | { kind: 'day'; month: number; day: number; year: number | null }
  /** A weekday chrono placed on a date; moved back a week when that date is after today. */
  | { kind: 'weekday'; date: DateString }
  /** A date chrono resolved fully (`3 days ago`, `now`). */
  | { kind: 'date'; date: DateString }
  /**
   * Saturday and Sunday: `this` (to date on a weekend, else the coming one), `last` (the last
   * one that has ended) or `recent` (`the weekend`: the last one that has begun).
   */
  | { kind: 'weekend'; which: 'this' | 'last' | 'recent' }
  /** H1 / H2 of a calendar year; without a year the most recent that has begun. */
  | { kind: 'half'; half: 1 | 2; year: number | null }
  /** this (0, to date) / last (-1) / next (+1) fiscal year or fiscal quarter. */
  | { kind: 'fiscalPeriod'; unit: 'year' | 'quarter'; offset: -1 | 0 | 1 }
  /** FY2026: the fiscal year that ends in 2026. */
  | { kind: 'fiscalYearNamed'; year: number }
  /** Fiscal Q1…Q4, of a named fiscal year or the most recent that has begun. */
  | { kind: 'fiscalQuarter'; quarter: number; year: number | null }
  /** Something that looks like a date but is not one (`Feb 30`); resolving it is an error. */
  | { kind: 'invalid'; message: string };

/** An atom found in the text; `to` is set when chrono itself read a range (`Oct 1-15`). */
export interface AtomMatch {
  atom: TimeAtom;
  to?: TimeAtom;
  index: number;
  end: number;
  text: string;
}

/** A step between like periods: a number of days or of calendar months. */
export type PeriodStep = { days: number } | { months: number };

/**
 * What kind of period a resolved range is, for like-for-like comparisons
 * (query-language.md, Comparisons):
 * - `whole`: one or more whole calendar periods (a day, a week, a month, `last 3 months`,
 *   a quarter, a fiscal year…); the previous one is the range moved back by `step`;
 * - `toDate`: a period so far (`this month`); the previous one is the same days of the
 *   previous period, clamped to its end.
 * A range with no shape (`last 30 days`, `since Nov 1`) compares with the same number of
 * days right before it.
 */
export type RangeShape = { kind: 'whole' | 'toDate'; step: PeriodStep };

export type Resolved = { ok: true; range: DateRange; label: string; shape?: RangeShape } | { ok: false; error: string };

/** A complete time expression found in a query: one atom, a range `X to Y`, or `since X`. */
export interface TimeSpan {
  /** Offset of the first character (including `from`/`since`/`between`). */
  index: number;
  /** Offset after the last character. */
  end: number;
  /** The text as typed. */
  text: string;
  resolved: Resolved;
}
