/**
 * Money and quantities are built as integer millionths (micro-dollars, micro-units) and
 * only turned into decimal text at the end, so no float noise ever reaches a record.
 */

const MICRO = 1_000_000;

/**
 * Formats an integer number of millionths as exact decimal text with at most six
 * decimals and at least two (`12345670` → `"12.34567"`, `-5000000` → `"-5.00"`).
 * @throws RangeError when `micros` is not a safe integer (a bug in the caller).
 */
export function formatMicros(micros: number): string {
  if (!Number.isSafeInteger(micros)) throw new RangeError(`formatMicros: not a safe integer: ${micros}`);
  const abs = micros < 0 ? -micros : micros;
  const whole = Math.floor(abs / MICRO);
  let frac = abs - whole * MICRO;
  let text: string;
  if (frac === 0) {
    text = '.00';
  } else {
    // Strip trailing zeros arithmetically (this runs for every amount of every record).
    let digits = 6;
    while (frac % 10 === 0) {
      frac /= 10;
      digits--;
    }
    let f = String(frac);
    if (f.length < digits) f = ZEROS.slice(0, digits - f.length) + f;
    text = digits === 1 ? `.${f}0` : `.${f}`;
  }
  return micros < 0 ? `-${whole}${text}` : `${whole}${text}`;
}

const ZEROS = '000000';

/** Rounds a float amount of units to integer millionths (ties away from zero). */
export function toMicros(units: number): number {
  return units < 0 ? -Math.round(-units * MICRO) : Math.round(units * MICRO);
}
