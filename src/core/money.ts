/**
 * Exact money. Amounts are integers of pico-units (1e-12 of the currency's major unit):
 * finer than any billing export we have seen (FOCUS files carry up to 11 decimals), and
 * BigInt keeps every sum exact. The hot aggregation loop never touches BigInt: it sums
 * each amount as two float columns that are exact integers (micro-units and the pico
 * remainder), which stay exact while their sums stay below 2^53.
 */

export const PICO_PER_UNIT = 1_000_000_000_000n;
export const PICO_PER_CENT = 10_000_000_000n;
export const PICO_PER_MICRO = 1_000_000n;

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** The split form used by the columnar engine: `hi` micro-units and `lo` pico remainder, same sign. */
export interface SplitAmount {
  hi: number;
  lo: number;
}

/**
 * Parses decimal text (`"-0.00001605990"`, `"1.5E-7"`, `"12"`) into pico-units, rounding
 * half away from zero beyond the 12th decimal. Returns null for text that is not a number.
 */
export function parsePico(text: string): bigint | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const [, sign, intPart = '', fracPart = '', expPart] = m;
  if (intPart === '' && fracPart === '') return null;
  let digits = intPart + fracPart;
  let scale = fracPart.length - (expPart ? Number(expPart) : 0);
  if (!Number.isFinite(scale) || Math.abs(scale) > 400) return null;
  // Bring the value to exactly 12 decimals.
  let value: bigint;
  if (scale <= 12) {
    digits = digits + '0'.repeat(12 - scale);
    value = BigInt(digits === '' ? '0' : digits);
  } else {
    const cut = scale - 12;
    const kept = digits.length > cut ? digits.slice(0, digits.length - cut) : '0';
    const dropped = digits.length > cut ? digits.slice(digits.length - cut) : digits.padStart(cut, '0');
    value = BigInt(kept === '' ? '0' : kept);
    if (dropped.charCodeAt(0) >= 53 /* '5' */) value += 1n;
    scale = 12;
  }
  return sign === '-' ? -value : value;
}

/** The largest amount one record may carry: its micro-units must be an exact float. */
export const MAX_RECORD_PICO = BigInt(Number.MAX_SAFE_INTEGER) * PICO_PER_MICRO;

/** Splits pico-units into the engine's two exact float parts (|amount| ≤ MAX_RECORD_PICO). */
export function splitPico(pico: bigint): SplitAmount {
  if (pico > MAX_RECORD_PICO || pico < -MAX_RECORD_PICO) throw new RangeError('amount too large for one cost record (over 9 billion)');
  const hi = pico / PICO_PER_MICRO; // truncates toward zero, so lo has the same sign
  const lo = pico - hi * PICO_PER_MICRO;
  return { hi: Number(hi), lo: Number(lo) };
}

/** Joins float sums of split parts back into exact pico-units. Both must be exact integers. */
export function joinSplit(hi: number, lo: number): bigint {
  return BigInt(hi) * PICO_PER_MICRO + BigInt(lo);
}

/** Floor division for BigInt (BigInt `/` truncates toward zero). */
export function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return (n % d !== 0n && (n < 0n) !== (d < 0n)) ? q - 1n : q;
}

/** An exact rational amount of pico-units: `n / d`, with `d > 0`. */
export interface Exact {
  n: bigint;
  d: bigint;
}

export const ZERO: Exact = { n: 0n, d: 1n };

export function exact(pico: bigint): Exact {
  return { n: pico, d: 1n };
}

export function addExact(a: Exact, b: Exact): Exact {
  if (a.d === b.d) return { n: a.n + b.n, d: a.d };
  return { n: a.n * b.d + b.n * a.d, d: a.d * b.d };
}

/** Rounds an exact amount to whole cents, half away from zero. */
export function toCents(v: Exact): bigint {
  const den = v.d * PICO_PER_CENT;
  const neg = v.n < 0n;
  const abs = neg ? -v.n : v.n;
  const q = (abs * 2n + den) / (den * 2n);
  return neg ? -q : q;
}

/** Cents as a number in major units (`1234n` → `12.34`). */
export function centsToNumber(cents: bigint): number {
  return Number(cents) / 100;
}

/** Pico-units as a float in major units (for ratios and display only, never for sums). */
export function exactToNumber(v: Exact): number {
  return Number((v.n * 1_000_000n) / v.d) / 1e18;
}

/**
 * Largest-remainder rounding: rounds each exact part to cents so that the parts add up
 * exactly to `totalCents`. Each part gets its floor; the missing cents go to the parts
 * with the largest remainders (ties: the larger part first, then the earlier index).
 * When rounding each part on its own already adds up, that is what it returns.
 */
export function allocateCents(parts: Exact[], totalCents: bigint): bigint[] {
  const floors = parts.map((p) => floorDiv(p.n, p.d * PICO_PER_CENT));
  let missing = totalCents - floors.reduce((s, f) => s + f, 0n);
  // Remainder of each part in cents as a comparable fraction r = (n - floor*den) / den.
  const order = parts.map((p, i) => i);
  const remNum = parts.map((p, i) => p.n - floors[i]! * p.d * PICO_PER_CENT);
  const remDen = parts.map((p) => p.d * PICO_PER_CENT);
  order.sort((a, b) => {
    const cmp = remNum[b]! * remDen[a]! - remNum[a]! * remDen[b]!;
    if (cmp !== 0n) return cmp > 0n ? 1 : -1;
    const size = parts[b]!.n * parts[a]!.d - parts[a]!.n * parts[b]!.d;
    if (size !== 0n) return size > 0n ? 1 : -1;
    return a - b;
  });
  const out = floors.slice();
  const step = missing >= 0n ? 1n : -1n;
  // Normally 0 <= missing < parts.length; negative only if totalCents was rounded down
  // below the floors' sum, in which case the smallest remainders give a cent back.
  if (step < 0n) order.reverse();
  for (let k = 0; missing !== 0n && order.length > 0; k = (k + 1) % order.length) {
    const i = order[k]!;
    out[i] = out[i]! + step;
    missing -= step;
  }
  return out;
}

/** Formats cents for people: `1234567n, 'USD'` → `1,234,567.00 USD`. */
export function formatCents(cents: bigint, currency: string): string {
  return `${formatMoney(centsToNumber(cents))} ${currency}`;
}

// Built once: `toLocaleString` with options builds a formatter on every call (~0.2 ms).
const MONEY_FORMAT = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Formats a major-unit amount with thousands separators and two decimals. */
export function formatMoney(amount: number): string {
  return MONEY_FORMAT.format(amount);
}

const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/**
 * Decimal text straight to the engine's split form, without BigInt, for the common
 * shape (optional sign, at most 9 integer digits, at most 12 decimals, no exponent).
 * Returns null for anything else; callers then take the exact `parsePico` path.
 */
export function splitDecimalFast(text: string): SplitAmount | null {
  const n = text.length;
  if (n === 0) return null;
  let i = 0;
  let neg = false;
  let c = text.charCodeAt(0);
  if (c === 45 /* - */) {
    neg = true;
    i = 1;
  } else if (c === 43 /* + */) i = 1;
  let whole = 0;
  let intDigits = 0;
  while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
    whole = whole * 10 + (c - 48);
    i++;
    intDigits++;
  }
  let micro = 0;
  let pico = 0;
  let fracDigits = 0;
  if (i < n && text.charCodeAt(i) === 46 /* . */) {
    i++;
    while (i < n && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
      if (fracDigits < 6) micro = micro * 10 + (c - 48);
      else pico = pico * 10 + (c - 48);
      fracDigits++;
      i++;
    }
  }
  if (i !== n || intDigits + fracDigits === 0 || intDigits > 9 || fracDigits > 12) return null;
  micro *= POW10[6 - Math.min(fracDigits, 6)]!;
  pico *= POW10[6 - Math.max(0, fracDigits - 6)]!;
  const hi = whole * 1_000_000 + micro;
  return neg ? { hi: hi === 0 ? 0 : -hi, lo: pico === 0 ? 0 : -pico } : { hi, lo: pico };
}
