import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFocusTimestamp } from '../../../src/providers/focus/parse-focus-timestamp.js';

const T = Date.UTC(2024, 8, 18, 22, 0, 0);

describe('parseFocusTimestamp', () => {
  it('reads the shapes exports write, as UTC unless an offset is given', () => {
    expect(parseFocusTimestamp('2024-09-18 22:00:00')).toBe(T);
    expect(parseFocusTimestamp('2024-09-18T22:00:00Z')).toBe(T);
    expect(parseFocusTimestamp('2024-09-18T22:00:00.000+00:00')).toBe(T);
    expect(parseFocusTimestamp('2024-09-18T22:00:00')).toBe(T);
    expect(parseFocusTimestamp('2024-09-18T22:00Z')).toBe(T);
    expect(parseFocusTimestamp('2024-09-18 22:00:00 UTC')).toBe(T);
    expect(parseFocusTimestamp('2024-09-18T22:00:00.1234567Z')).toBe(T + 123);
    expect(parseFocusTimestamp('2024-09-19T00:00:00+02:00')).toBe(T);
    expect(parseFocusTimestamp('2024-09-18T17:30:00-0430')).toBe(T);
    expect(parseFocusTimestamp('2024-09-18')).toBe(Date.UTC(2024, 8, 18));
    expect(parseFocusTimestamp('2024-02-29 00:00:00')).toBe(Date.UTC(2024, 1, 29));
  });

  it('refuses what is not a time, including impossible calendar values', () => {
    for (const bad of [
      '', 'NULL', 'yesterday', '18/09/2024', '2024-9-18', '2024-02-30 00:00:00', '2023-02-29', '2024-13-01',
      '2024-09-18 24:00:00', '2024-09-18 23:60:00', '2024-09-18 23:00:60', '2024-09-18T22:00:00+19:00',
      '2024-09-18+02:00', '2024-09-18 22:00:00x', '0099-01-01',
    ]) {
      expect(parseFocusTimestamp(bad), bad).toBeNull();
    }
  });

  it('agrees with Date.parse on ISO instants (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString(); // 2024-09-18T22:00:00.123Z
        const whole = Math.floor(d.getTime() / 1000) * 1000;
        expect(parseFocusTimestamp(iso)).toBe(d.getTime());
        expect(parseFocusTimestamp(iso.slice(0, 19).replace('T', ' '))).toBe(whole);
        expect(parseFocusTimestamp(iso.slice(0, 19) + 'Z')).toBe(whole);
      }),
    );
  });
});
