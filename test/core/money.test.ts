import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RECORD_PICO, allocateCents, splitDecimalFast, joinSplit, parsePico, splitPico, toCents, type Exact } from '../../src/core/money.js';

describe('parsePico', () => {
  it('reads plain, signed, eleven-decimal and exponent text exactly', () => {
    expect(parsePico('0.00001605990')).toBe(16_059_900n);
    expect(parsePico('-12.5')).toBe(-12_500_000_000_000n);
    expect(parsePico('1.5E-7')).toBe(150_000n);
    expect(parsePico('2e3')).toBe(2000n * 1_000_000_000_000n);
    expect(parsePico('.5')).toBe(500_000_000_000n);
    expect(parsePico('7')).toBe(7_000_000_000_000n);
  });

  it('rounds half away from zero beyond twelve decimals', () => {
    expect(parsePico('0.0000000000005')).toBe(1n);
    expect(parsePico('-0.0000000000005')).toBe(-1n);
    expect(parsePico('0.0000000000004999')).toBe(0n);
  });

  it('refuses text that is not a number', () => {
    for (const bad of ['', 'NULL', 'abc', '1.2.3', '--1', '1e', 'e5', '.', '1,5']) expect(parsePico(bad)).toBeNull();
  });

  it('splits and joins back to the same amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -MAX_RECORD_PICO, max: MAX_RECORD_PICO }), (v) => {
        const { hi, lo } = splitPico(v);
        expect(Number.isInteger(hi) && Number.isInteger(lo)).toBe(true);
        expect(joinSplit(hi, lo)).toBe(v);
      }),
    );
  });

  it('refuses an amount whose micro-units a float cannot hold exactly', () => {
    expect(() => splitPico(MAX_RECORD_PICO + 1n)).toThrow(/too large/);
  });
});

describe('toCents', () => {
  it('rounds half away from zero', () => {
    expect(toCents({ n: 12_345_000_000_000n, d: 1n })).toBe(1235n);
    expect(toCents({ n: -12_345_000_000_000n, d: 1n })).toBe(-1235n);
    expect(toCents({ n: 12_344_999_999_999n, d: 1n })).toBe(1234n);
    expect(toCents({ n: 1n, d: 3n })).toBe(0n);
  });
});

describe('allocateCents (largest remainder)', () => {
  it('gives the missing cents to the largest remainders', () => {
    const parts: Exact[] = [3_334, 3_333, 3_333].map((c) => ({ n: BigInt(c) * 10_000_000_000n / 10n * 10n / 1n, d: 1n }));
    // 33.34 + 33.33 + 33.33 = 100.00 exactly
    expect(allocateCents(parts, 10_000n).reduce((a, b) => a + b, 0n)).toBe(10_000n);
  });

  it('always adds up to the whole, and moves each part by less than a cent from its exact value', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }), { minLength: 1, maxLength: 30 }), fc.bigInt({ min: 1n, max: 1000n }), (nums, d) => {
        const parts = nums.map((n) => ({ n, d }));
        const total = toCents({ n: nums.reduce((a, b) => a + b, 0n), d });
        const cents = allocateCents(parts, total);
        expect(cents.reduce((a, b) => a + b, 0n)).toBe(total);
        cents.forEach((c, i) => {
          const diff = c * 10_000_000_000n * d - parts[i]!.n; // in pico·d
          expect(diff < 10_000_000_000n * d && diff > -10_000_000_000n * d).toBe(true);
        });
      }),
    );
  });
});

describe('splitDecimalFast', () => {
  it('agrees with the exact path wherever it answers', () => {
    const text = fc.tuple(fc.boolean(), fc.stringMatching(/^\d{0,10}$/), fc.option(fc.stringMatching(/^\d{0,13}$/))).map(([neg, i, f]) => `${neg ? '-' : ''}${i}${f === null ? '' : `.${f}`}`);
    fc.assert(
      fc.property(text, (t) => {
        const fast = splitDecimalFast(t);
        const exact = parsePico(t);
        if (fast === null) return;
        expect(exact).not.toBeNull();
        expect(joinSplit(fast.hi, fast.lo)).toBe(exact);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves exponents, long fractions and huge numbers to the exact path', () => {
    for (const t of ['1e5', '0.0000000000001', '12345678901.5', 'abc', '', '-', '.']) expect(splitDecimalFast(t)).toBeNull();
    expect(splitDecimalFast('-0.00001605990')).toEqual({ hi: -16, lo: -59900 });
  });
});
