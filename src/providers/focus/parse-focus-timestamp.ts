/**
 * FOCUS timestamps as exporters actually write them: `2024-09-18 22:00:00` (the FOCUS
 * sample), `2024-09-18T22:00:00Z`, `2024-09-18T22:00:00.000+00:00`, Azure's seven
 * fraction digits, BigQuery's ` UTC` suffix, and date-only `2024-09-18`.
 */
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/**
 * Parse a FOCUS timestamp to epoch milliseconds, or `null` when it is not a valid time.
 * A time without an offset is UTC (FOCUS requires UTC); an explicit offset is honoured.
 * Fractions beyond milliseconds are truncated. Calendar-impossible values (Feb 30,
 * 24:00, 23:60) are refused rather than rolled over.
 */
export function parseFocusTimestamp(s: string): number | null {
  const fast = fastParse(s);
  if (fast !== undefined) return fast;
  const m = TIMESTAMP.exec(s.trim());
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  // An offset without a time of day (`2024-09-18+02:00`) is meaningless.
  if (m[4] === undefined && m[8] !== undefined && m[8] !== 'Z' && m[8] !== 'z' && m[8] !== 'UTC') return null;

  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z' && zone !== 'z' && zone !== 'UTC') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 18 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC maps years 0–99 to 1900–1999; FOCUS data never has them, so refuse.
  if (year < 100) return null;
  return utc - offsetMinutes * 60_000;
}

const D0 = 48;

/**
 * The shapes exports write millions of times — `YYYY-MM-DD HH:MM:SS`, with `T` and/or
 * `Z` — decoded straight from char codes: about 10x faster than the regex, and the
 * reader parses two timestamps per row. `undefined` means "not this shape, use the regex".
 */
function fastParse(s: string): number | null | undefined {
  const n = s.length;
  if (n !== 19 && !(n === 20 && (s.charCodeAt(19) === 90 || s.charCodeAt(19) === 122))) return undefined;
  const sep = s.charCodeAt(10);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (sep !== 32 && sep !== 84) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) {
    return undefined;
  }
  let bad = 0;
  const d = (i: number): number => {
    const v = s.charCodeAt(i) - D0;
    if (v < 0 || v > 9) bad = 1;
    return v;
  };
  const year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
  const month = d(5) * 10 + d(6);
  const day = d(8) * 10 + d(9);
  const hour = d(11) * 10 + d(12);
  const minute = d(14) * 10 + d(15);
  const second = d(17) * 10 + d(18);
  if (bad === 1) return undefined;
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
