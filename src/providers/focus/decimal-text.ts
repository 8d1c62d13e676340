/**
 * Exact decimal text for money. Costs stay strings end to end (CostRecord keeps the
 * source's digits), so this module only validates and, for exponent notation, rewrites
 * the value as plain decimal text — never through a float.
 */

/**
 * Plain decimal as our output contract promises (`-?\d+(\.\d+)?`): optional minus, digits,
 * optional fraction. Checked by char codes: three or four costs per row, millions of rows.
 */
function isPlain(s: string): boolean {
  const n = s.length;
  let i = n > 0 && s.charCodeAt(0) === 45 ? 1 : 0;
  const intStart = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  if (i === intStart) return false;
  if (i === n) return true;
  if (s.charCodeAt(i) !== 46 || i + 1 === n) return false;
  for (i++; i < n; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
/** Everything we accept: optional sign, digits and/or fraction, optional exponent. */
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Exponents beyond this are refused: no bill has a cost of 1E+60, and a hostile
 * `1e999999999` must not make us build a billion-character string.
 */
const MAX_EXPONENT = 60;

/**
 * Validate a decimal number and return it as plain decimal text (`-?\d+(\.\d+)?`), or
 * `null` when it is not a number.
 *
 * Plain input keeps its digits as they are (`0.00001605990` stays `0.00001605990`, so
 * trailing zeros survive); a leading `+` is dropped, `.5` becomes `0.5`, `5.` becomes `5`,
 * and exponent notation is shifted exactly (`1.5E-7` → `0.00000015`, `2.5e3` → `2500`).
 * Surrounding whitespace is ignored.
 */
export function parseDecimalText(raw: string): string | null {
  const s = raw.length > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) ? raw.trim() : raw;
  if (isPlain(s)) return s;
  const m = DECIMAL.exec(s);
  if (m === null) return null;
  const sign = m[1] === '-' ? '-' : '';
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  if (intPart.length === 0 && fracPart.length === 0) return null;
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > MAX_EXPONENT) return null;

  // Shift the decimal point over the digit string; pad with zeros on either side.
  const digits = intPart + fracPart;
  const point = intPart.length + exp;
  let whole: string;
  let frac: string;
  if (point <= 0) {
    whole = '0';
    frac = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    whole = digits + '0'.repeat(point - digits.length);
    frac = '';
  } else {
    whole = digits.slice(0, point);
    frac = digits.slice(point);
  }
  // Leading zeros produced by the shift (e.g. `0.5E1` → `05`) are noise, not precision.
  whole = whole.replace(/^0+(?=\d)/, '');
  return sign + whole + (frac.length > 0 ? '.' + frac : '');
}
