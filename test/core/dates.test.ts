import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  compareDates,
  dayNumber,
  daysBetween,
  fromDayNumber,
  isValidDate,
  offsetMinutesAt,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
  todayIn,
  validateTimeZone,
  zonedMidnightToInstant,
} from '../../src/core/dates.js';

describe('civil date arithmetic', () => {
  it('counts days from the epoch both ways', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1969-12-31')).toBe(-1);
    expect(fromDayNumber(dayNumber('2026-11-26'))).toBe('2026-11-26');
    expect(fromDayNumber(0)).toBe('1970-01-01');
  });

  it('round-trips every day number', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (n) => {
        expect(dayNumber(fromDayNumber(n))).toBe(n);
      }),
    );
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    // DST in any zone never moves a civil date.
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
  });

  it('adds months, clamping the day to the target month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-01', -12)).toBe('2025-11-01');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addMonths('2026-10-01', 3)).toBe('2027-01-01');
  });

  it('finds the start of the week for Monday and Sunday weeks', () => {
    // 2026-11-26 is a Thursday.
    expect(startOfWeek('2026-11-26', 'monday')).toBe('2026-11-23');
    expect(startOfWeek('2026-11-26', 'sunday')).toBe('2026-11-22');
    expect(startOfWeek('2026-11-23', 'monday')).toBe('2026-11-23');
    expect(startOfWeek('2026-11-22', 'monday')).toBe('2026-11-16');
    expect(startOfWeek('2026-11-22', 'sunday')).toBe('2026-11-22');
  });

  it('finds the start of month, quarter and year', () => {
    expect(startOfMonth('2026-11-26')).toBe('2026-11-01');
    expect(startOfQuarter('2026-11-26')).toBe('2026-10-01');
    expect(startOfQuarter('2026-03-31')).toBe('2026-01-01');
    expect(startOfQuarter('2026-04-01')).toBe('2026-04-01');
    expect(startOfYear('2026-11-26')).toBe('2026-01-01');
  });

  it('measures and orders dates', () => {
    expect(daysBetween('2026-11-01', '2026-11-27')).toBe(26);
    expect(daysBetween('2026-11-27', '2026-11-01')).toBe(-26);
    expect(compareDates('2026-11-01', '2026-11-02')).toBe(-1);
    expect(compareDates('2026-11-02', '2026-11-02')).toBe(0);
    expect(compareDates('2027-01-01', '2026-12-31')).toBe(1);
  });

  it('rejects impossible dates', () => {
    expect(isValidDate('2026-02-28')).toBe(true);
    expect(isValidDate('2028-02-29')).toBe(true);
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2026-02-30')).toBe(false);
    expect(isValidDate('2026-13-01')).toBe(false);
    expect(isValidDate('2026-1-01')).toBe(false);
    expect(isValidDate('')).toBe(false);
    expect(() => dayNumber('2026-02-30')).toThrow(RangeError);
  });
});

describe('zones', () => {
  const now = Date.parse('2026-11-26T03:00:00Z');

  it('gives today in the configured zone, not in UTC', () => {
    expect(todayIn(now, 'UTC')).toBe('2026-11-26');
    expect(todayIn(now, 'America/Los_Angeles')).toBe('2026-11-25');
    expect(todayIn(Date.parse('2026-11-26T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-11-27');
  });

  it('knows the offset at an instant, DST included', () => {
    expect(offsetMinutesAt(now, 'America/Los_Angeles')).toBe(-480);
    expect(offsetMinutesAt(Date.parse('2026-07-01T12:00:00Z'), 'America/Los_Angeles')).toBe(-420);
    expect(offsetMinutesAt(now, 'Asia/Kolkata')).toBe(330);
    expect(offsetMinutesAt(now, 'UTC')).toBe(0);
  });

  it('finds the instant of local midnight', () => {
    expect(zonedMidnightToInstant('2026-11-26', 'UTC')).toBe(Date.parse('2026-11-26T00:00:00Z'));
    expect(zonedMidnightToInstant('2026-11-26', 'America/Los_Angeles')).toBe(Date.parse('2026-11-26T08:00:00Z'));
    expect(zonedMidnightToInstant('2026-07-01', 'America/Los_Angeles')).toBe(Date.parse('2026-07-01T07:00:00Z'));
    // The days DST starts and ends in Los Angeles (the switch is at 02:00, midnight is unaffected).
    expect(zonedMidnightToInstant('2026-03-08', 'America/Los_Angeles')).toBe(Date.parse('2026-03-08T08:00:00Z'));
    expect(zonedMidnightToInstant('2026-11-01', 'America/Los_Angeles')).toBe(Date.parse('2026-11-01T07:00:00Z'));
    expect(zonedMidnightToInstant('2026-11-26', 'Asia/Kolkata')).toBe(Date.parse('2026-11-25T18:30:00Z'));
  });

  it('takes the first instant of a day whose midnight is skipped by DST', () => {
    // Santiago springs forward at 00:00 → 01:00 on 2026-09-06 (UTC-4 → UTC-3).
    const t = zonedMidnightToInstant('2026-09-06', 'America/Santiago');
    expect(todayIn(t, 'America/Santiago')).toBe('2026-09-06');
    expect(todayIn(t - 1, 'America/Santiago')).toBe('2026-09-05');
  });

  it('validates IANA zones with a result, not an exception', () => {
    expect(validateTimeZone('Europe/London')).toEqual({ ok: true, timezone: 'Europe/London' });
    expect(validateTimeZone('UTC')).toEqual({ ok: true, timezone: 'UTC' });
    const bad = validateTimeZone('Mars/Olympus');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/unknown time zone “Mars\/Olympus” — use an IANA name/);
    expect(validateTimeZone('').ok).toBe(false);
  });
});
