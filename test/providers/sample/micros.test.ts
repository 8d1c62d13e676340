import { describe, expect, it } from 'vitest';
import { formatMicros, toMicros } from '../../../src/providers/sample/micros.js';
import { dayInfo, firstOfMonthBefore, formatDate, parseDate } from '../../../src/providers/sample/calendar.js';

describe('formatMicros', () => {
  it('writes exact decimal text with two to six decimals', () => {
    expect(formatMicros(0)).toBe('0.00');
    expect(formatMicros(5)).toBe('0.000005');
    expect(formatMicros(500_000)).toBe('0.50');
    expect(formatMicros(12_345_670)).toBe('12.34567');
    expect(formatMicros(786_542_400)).toBe('786.5424');
    expect(formatMicros(1_000_000)).toBe('1.00');
    expect(formatMicros(-4_000_000_000)).toBe('-4000.00');
    expect(formatMicros(-1)).toBe('-0.000001');
    expect(formatMicros(Number.MAX_SAFE_INTEGER)).toBe('9007199254.740991');
  });

  it('rejects non-integers and unsafe integers', () => {
    expect(() => formatMicros(1.5)).toThrow(RangeError);
    expect(() => formatMicros(Number.NaN)).toThrow(RangeError);
    expect(() => formatMicros(2 ** 60)).toThrow(RangeError);
  });

  it('rounds units to micros symmetrically', () => {
    expect(toMicros(1.0000005)).toBe(1_000_001);
    expect(toMicros(-1.0000005)).toBe(-1_000_001);
    expect(toMicros(24)).toBe(24_000_000);
  });
});

describe('calendar', () => {
  it('parses real dates only', () => {
    expect(parseDate('2026-11-26')).toBe(Date.UTC(2026, 10, 26) / 86_400_000);
    expect(parseDate('2026-02-30')).toBeNull();
    expect(parseDate('2026-13-01')).toBeNull();
    expect(parseDate('26-11-2026')).toBeNull();
    expect(parseDate('')).toBeNull();
    expect(parseDate('2026-11-26T00:00:00Z')).toBeNull();
  });

  it('finds the 1st of an earlier month across years', () => {
    expect(formatDate(firstOfMonthBefore(parseDate('2026-11-26')!, 14))).toBe('2025-09-01');
    expect(formatDate(firstOfMonthBefore(parseDate('2026-01-31')!, 0))).toBe('2026-01-01');
  });

  it('describes a day', () => {
    const d = dayInfo(parseDate('2028-02-26')!);
    expect(d).toMatchObject({ date: '2028-02-26', year: 2028, month: 2, dom: 26, dow: 6, daysInMonth: 29, weekend: true });
    expect(d.endMs - d.startMs).toBe(86_400_000);
  });
});
