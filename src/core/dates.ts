/**
 * Civil-date helpers on `YYYY-MM-DD` strings. Pure: no clock, no process time zone.
 * Arithmetic goes through day numbers (days since 1970-01-01) so DST never shifts a date;
 * zone-aware helpers take the instant and an IANA zone explicitly.
 */
import type { DateString, WeekStart } from './types.js';

const MS_PER_DAY = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parts of a date string, or null when it is not a real calendar date. */
export function parseDateParts(date: string): { year: number; month: number; day: number } | null {
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** True for a real calendar date written `YYYY-MM-DD` (rejects `2026-02-30`). */
export function isValidDate(date: string): boolean {
  return parseDateParts(date) !== null;
}

/** Number of days in a month (1-12) of a proleptic Gregorian year. */
export function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

/** Formats year/month/day (month 1-12) as `YYYY-MM-DD`; out-of-range parts roll over like Date.UTC. */
export function formatDate(year: number, month: number, day: number): DateString {
  // setUTCFullYear, unlike Date.UTC, does not map years 0..99 to 1900..1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return fromDayNumber(Math.round(d.getTime() / MS_PER_DAY));
}

/** Days since 1970-01-01 (negative before). Throws on a malformed string: callers validate input first. */
export function dayNumber(date: DateString): number {
  const p = parseDateParts(date);
  if (!p) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const d = new Date(0);
  d.setUTCFullYear(p.year, p.month - 1, p.day);
  return Math.round(d.getTime() / MS_PER_DAY);
}

/** Inverse of {@link dayNumber}. */
export function fromDayNumber(n: number): DateString {
  const d = new Date(n * MS_PER_DAY);
  const y = d.getUTCFullYear();
  const ys = y < 0 ? `-${String(-y).padStart(4, '0')}` : String(y).padStart(4, '0');
  return `${ys}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** `date` moved by `days` (may be negative). */
export function addDays(date: DateString, days: number): DateString {
  return fromDayNumber(dayNumber(date) + days);
}

/** `date` moved by whole months; the day is clamped to the target month's length (Jan 31 + 1 → Feb 28). */
export function addMonths(date: DateString, months: number): DateString {
  const p = parseDateParts(date);
  if (!p) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const index = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return formatDate(year, month, Math.min(p.day, daysInMonth(year, month)));
}

/** `date` moved by whole years (Feb 29 → Feb 28 in a common year). */
export function addYears(date: DateString, years: number): DateString {
  return addMonths(date, years * 12);
}

/** The first day of the week holding `date`; weeks start on Monday or Sunday. */
export function startOfWeek(date: DateString, weekStart: WeekStart = 'monday'): DateString {
  const n = dayNumber(date);
  // 1970-01-01 was a Thursday: (n + 4) mod 7 gives 0 = Sunday … 6 = Saturday.
  const weekday = (((n + 4) % 7) + 7) % 7;
  const back = weekStart === 'monday' ? (weekday + 6) % 7 : weekday;
  return fromDayNumber(n - back);
}

/** Day of the week of `date`: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: DateString): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

/** The first day of the month holding `date`. */
export function startOfMonth(date: DateString): DateString {
  return `${date.slice(0, 7)}-01`;
}

/** The first day of the calendar quarter holding `date`. */
export function startOfQuarter(date: DateString): DateString {
  const month = Number(date.slice(5, 7));
  const first = month - ((month - 1) % 3);
  return `${date.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
}

/** January 1st of the year holding `date`. */
export function startOfYear(date: DateString): DateString {
  return `${date.slice(0, 4)}-01-01`;
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: DateString, b: DateString): number {
  return dayNumber(b) - dayNumber(a);
}

/** -1, 0 or 1, ordering dates chronologically. */
export function compareDates(a: DateString, b: DateString): -1 | 0 | 1 {
  const d = dayNumber(a) - dayNumber(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

// Building an Intl.DateTimeFormat is slow (~50µs); one per zone is enough.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timezone, f);
  }
  return f;
}

function wallClock(instant: number, timezone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timezone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal' && p.type !== 'era') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour === 24 ? 0 : parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

/** The calendar date of the instant `nowMs` in `timezone` ("today" of the query language). */
export function todayIn(nowMs: number, timezone: string): DateString {
  const w = wallClock(nowMs, timezone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** The zone's offset from UTC in minutes at `instant` (e.g. -480 for Los Angeles in winter). */
export function offsetMinutesAt(instant: number, timezone: string): number {
  const w = wallClock(instant, timezone);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const seconds = Math.floor(instant / 1000) * 1000;
  return Math.round((wallAsUtc - seconds) / 60_000);
}

/**
 * Epoch ms of the first instant of `date` in `timezone` (local midnight, or the end of the
 * DST gap where a zone skips midnight).
 */
export function zonedMidnightToInstant(date: DateString, timezone: string): number {
  const guess = dayNumber(date) * MS_PER_DAY;
  let best: number | null = null;
  // The offset may differ on either side of a transition: try the offsets around that day.
  for (const probe of [guess - MS_PER_DAY, guess, guess + MS_PER_DAY]) {
    const t = guess - offsetMinutesAt(probe, timezone) * 60_000;
    if (todayIn(t, timezone) === date && (best === null || t < best)) best = t;
  }
  return best ?? guess - offsetMinutesAt(guess, timezone) * 60_000;
}

export type TimeZoneCheck = { ok: true; timezone: string } | { ok: false; error: string };

/** Checks an IANA zone name; returns the canonical spelling or a message saying how to fix it. */
export function validateTimeZone(timezone: string): TimeZoneCheck {
  const name = typeof timezone === 'string' ? timezone.trim() : '';
  if (name === '') {
    return { ok: false, error: 'the time zone is empty — use an IANA name such as UTC, Europe/London or America/New_York' };
  }
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return { ok: true, timezone: resolved };
  } catch {
    return {
      ok: false,
      error: `unknown time zone “${name}” — use an IANA name such as UTC, Europe/London or America/New_York`,
    };
  }
}
