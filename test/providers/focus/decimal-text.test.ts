import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimalText } from '../../../src/providers/focus/decimal-text.js';

describe('parseDecimalText', () => {
  it('keeps plain decimals exactly as written, trailing zeros included', () => {
    expect(parseDecimalText('0.00001605990')).toBe('0.00001605990');
    expect(parseDecimalText('-1.50000000000')).toBe('-1.50000000000');
    expect(parseDecimalText('12')).toBe('12');
    expect(parseDecimalText(' 3.25 ')).toBe('3.25');
  });

  it('normalizes a sign, a bare point and exponent notation exactly', () => {
    expect(parseDecimalText('+3.')).toBe('3');
    expect(parseDecimalText('.5')).toBe('0.5');
    expect(parseDecimalText('1.5E-7')).toBe('0.00000015');
    expect(parseDecimalText('-1.5e-7')).toBe('-0.00000015');
    expect(parseDecimalText('2.5e2')).toBe('250');
    expect(parseDecimalText('1.50E1')).toBe('15.0');
    expect(parseDecimalText('0.5E1')).toBe('5');
    expect(parseDecimalText('123E-2')).toBe('1.23');
    expect(parseDecimalText('1e+3')).toBe('1000');
    expect(parseDecimalText('1.234567890123456789E-11')).toBe('0.00000000001234567890123456789');
  });

  it('refuses what is not a decimal number', () => {
    for (const bad of ['', ' ', 'NULL', 'abc', '$1.25', '1,25', '1.2.3', '--1', '1e', 'e5', '.', '-', 'NaN', 'Infinity', '0x10', '1 000']) {
      expect(parseDecimalText(bad), bad).toBeNull();
    }
  });

  it('refuses absurd exponents instead of building huge strings', () => {
    expect(parseDecimalText('1e999999999')).toBeNull();
    expect(parseDecimalText('1e-61')).toBeNull();
    expect(parseDecimalText('1e60')).toBe('1' + '0'.repeat(60));
  });

  it('converts any mantissa × 10^exp to the same exact value (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: -40, max: 40 }), (m, frac, exp) => {
        // Write m with `frac` fraction digits and an exponent, e.g. 12345, 2, -3 → "123.45E-3".
        const neg = m < 0n;
        const digits = (neg ? -m : m).toString().padStart(frac + 1, '0');
        const text = `${neg ? '-' : ''}${digits.slice(0, digits.length - frac)}${frac > 0 ? '.' + digits.slice(-frac) : ''}E${exp}`;
        const out = parseDecimalText(text);
        expect(out).toMatch(/^-?\d+(\.\d+)?$/);
        // Compare as rationals: out × 10^k === m × 10^(exp - frac + k) for a common scale k.
        const [i, f = ''] = (out as string).replace('-', '').split('.');
        const outScaled = BigInt(i + f) * ((out as string).startsWith('-') ? -1n : 1n);
        const k = 100;
        const lhs = outScaled * 10n ** BigInt(k - f.length);
        const rhs = m * 10n ** BigInt(k + exp - frac);
        expect(lhs).toBe(rhs);
      }),
    );
  });
});
