import { exact, parsePico, toCents } from '../../core/money.js';

/** Exact decimal text → cents (rounded half away from zero); throws on text that is not a number. */
export function centsOf(text: string): bigint {
  const pico = parsePico(text);
  if (pico === null) throw new RangeError(`not a decimal amount: ${JSON.stringify(text)}`);
  return toCents(exact(pico));
}

/** Cents → `12345.67` (two places, `-` for negatives). */
export function centsText(cents: bigint): string {
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  return `${neg ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** The exact sum of two decimal texts, to the cent: `addDecimalText('50000', '2500.5')` → `52500.50`. */
export function addDecimalText(a: string, b: string): string {
  return centsText(centsOf(a) + centsOf(b));
}
