/**
 * Finds single time expressions ("atoms") in text with chrono-node plus our own parsers.
 *
 * chrono's built-ins read `last week` as "7 days ago", `this month` as one day and know no
 * quarters or `MTD`, so every expression of the query-language table has a parser of ours,
 * unshifted (an unshifted parser wins a tie on the same span). Our results carry the atom as a
 * tag; chrono's own results (weekdays, `3 days ago`, `Oct 1-15`) are read from their certain
 * components. Ranges (`X to Y`) are assembled by `findTimeSpans`, not by chrono.
 */
import * as chrono from 'chrono-node';
import { formatDate, offsetMinutesAt } from '../dates.js';
import type { AtomMatch, PeriodUnit, TimeAtom } from './types.js';

const TAG = 'finops:atom:';
const B = '(?<![\\p{L}\\p{N}_])';
const E = '(?![\\p{L}\\p{N}_])';
// Digit-first expressions must not start inside a name (`gpt-4o-2024-08-06`, `v2.2025`).
// A lone `.` before is part of a name; `..` is the range connector (`2026-10-01..2026-10-15`).
const BD = '(?<![\\p{L}\\p{N}_/-])(?<!(?<!\\.)\\.)';
const MONTH = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const MONTH_INDEX = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};
const VAGUE = /(?<![\p{L}])(few|several|couple|some|many)(?![\p{L}])/iu;
const NUMBER = `\\d{1,7}|${Object.keys(NUMBER_WORDS).join('|')}`;

/** Month name (any case, abbreviated or not) → 1..12. */
function monthOf(name: string): number {
  return MONTH_INDEX.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

/** English name of month 1..12. */
export function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? String(month);
}

/** `2026` or `26` (FY26) → 2026. */
function fiscalYearNumber(text: string): number {
  const n = Number(text);
  return text.length === 2 ? 2000 + n : n;
}

function unitOf(word: string): 'day' | PeriodUnit {
  return word.toLowerCase().replace(/s$/, '') as 'day' | PeriodUnit;
}

/** A day atom, or an invalid one saying why (`Feb 30`, `2026-13-01`). Year-less days allow Feb 29. */
function dayAtom(text: string, month: number, day: number, year: number | null): TimeAtom {
  if (month < 1 || month > 12) {
    return { kind: 'invalid', message: `“${text}” is not a date: there is no month ${month} — write dates as YYYY-MM-DD, e.g. 2026-11-03` };
  }
  const max = new Date(Date.UTC(2000, month, 0)).getUTCDate(); // 2000 is a leap year
  const maxInYear = year === null ? max : daysIn(year, month);
  if (day < 1 || day > maxInYear) {
    const where = year === null ? monthName(month) : `${monthName(month)} ${year}`;
    return { kind: 'invalid', message: `“${text}” is not a date: ${where} has ${maxInYear} days — check the day of the month` };
  }
  return { kind: 'day', month, day, year };
}

function daysIn(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

type AtomReader = (m: RegExpMatchArray) => TimeAtom | null;

const READERS: [RegExp, AtomReader][] = [
  // 2026-11-03, 2026/11/03
  [new RegExp(`${BD}(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})(?![\\p{L}\\p{N}_]|[-/]\\d)`, 'iu'),
    (m) => dayAtom(m[0], Number(m[2]), Number(m[3]), Number(m[1]))],
  // 2026-11 (a month)
  [new RegExp(`${BD}(\\d{4})-(\\d{1,2})(?![\\p{L}\\p{N}_]|[-/.]?\\d)`, 'iu'), (m) => {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return { kind: 'invalid', message: `“${m[0]}” is not a month — write a month as YYYY-MM (01 to 12) or by name, e.g. October 2026` };
    return { kind: 'month', month, year: Number(m[1]) };
  }],
  [new RegExp(`${B}(today|yesterday)${E}`, 'iu'), (m) => ({ kind: m[1].toLowerCase() as 'today' | 'yesterday' })],
  // WTD, MTD, QTD, YTD, month to date, month-to-date
  [new RegExp(`${B}(?:(wtd|mtd|qtd|ytd)|(week|month|quarter|year)[-\\s]+to[-\\s]+date)${E}`, 'iu'), (m) => {
    const short: Record<string, PeriodUnit> = { w: 'week', m: 'month', q: 'quarter', y: 'year' };
    const unit = m[1] ? short[m[1][0].toLowerCase()] : (m[2].toLowerCase() as PeriodUnit);
    return { kind: 'period', unit, offset: 0 };
  }],
  [new RegExp(`${B}(this|current|next)\\s+(week|month|quarter|year)${E}`, 'iu'),
    (m) => ({ kind: 'period', unit: m[2].toLowerCase() as PeriodUnit, offset: m[1].toLowerCase() === 'next' ? 1 : 0 })],
  // last week, previous month, last 30 days, past 2 weeks, trailing 3 months, last 7 full days
  [new RegExp(`${B}(last|past|previous|prior|trailing)\\s+(?:(${NUMBER})\\s+)?(?:full\\s+)?(days?|weeks?|months?|quarters?|years?)${E}`, 'iu'), (m) => {
    const unit = unitOf(m[3]);
    const word = m[1].toLowerCase();
    if (m[2] === undefined) {
      // "last week" is the previous calendar week; "past week" is the rolling 7 days.
      if (unit !== 'day' && (word === 'last' || word === 'previous' || word === 'prior')) return { kind: 'period', unit, offset: -1 };
      return { kind: 'lastN', n: 1, unit };
    }
    const n = NUMBER_WORDS[m[2].toLowerCase()] ?? Number(m[2]);
    return { kind: 'lastN', n, unit };
  }],
  // last weekend, this weekend, the weekend, weekend
  [new RegExp(`${B}(?:(last|past|previous|prior|this|current|the)\\s+)?week-?ends?${E}`, 'iu'), (m) => {
    const w = m[1]?.toLowerCase();
    const which = w === 'this' || w === 'current' ? 'this' : w === undefined || w === 'the' ? 'recent' : 'last';
    return { kind: 'weekend', which };
  }],
  // this fiscal year, last FY, next fiscal quarter, FYTD, fiscal year to date, the fiscal year
  [new RegExp(`${B}(?:(fytd)|fiscal\\s+year[-\\s]+to[-\\s]+date|(?:(this|current|last|previous|prior|next|the)\\s+)?(?:fiscal\\s+(year|quarter)|(fy)))${E}`, 'iu'), (m) => {
    const word = (m[2] ?? 'this').toLowerCase();
    const offset = word === 'next' ? 1 : word === 'last' || word === 'previous' || word === 'prior' ? -1 : 0;
    const unit = m[3]?.toLowerCase() === 'quarter' ? 'quarter' : 'year';
    // A bare `FY` names no period: leave it to the check for unread time words.
    if (m[4] !== undefined && m[2] === undefined) return null;
    return { kind: 'fiscalPeriod', unit, offset: m[1] !== undefined ? 0 : offset };
  }],
  // FY2026, FY26, FY 2026, FY'26, fiscal year 2026, fiscal 2026
  [new RegExp(`${B}(?:fy\\s*'?(\\d{4}|\\d{2})|fiscal\\s+(?:year\\s+)?(\\d{4}))${E}`, 'iu'),
    (m) => ({ kind: 'fiscalYearNamed', year: fiscalYearNumber(m[1] ?? m[2]!) })],
  // fiscal Q1, FQ1, fiscal Q1 2026, fiscal Q1 FY2026, Q1 FY2026, FY2026 Q1
  [new RegExp(`${B}(?:fiscal\\s+q|fq)([1-4])(?:(?:\\s+|-|\\s*,\\s*)(?:of\\s+)?(?:fy\\s*'?(\\d{4}|\\d{2})|(\\d{4})))?${E}`, 'iu'),
    (m) => ({ kind: 'fiscalQuarter', quarter: Number(m[1]), year: m[2] ?? m[3] ? fiscalYearNumber((m[2] ?? m[3])!) : null })],
  [new RegExp(`${B}q([1-4])(?:\\s+|-|\\s*,\\s*)(?:of\\s+)?fy\\s*'?(\\d{4}|\\d{2})${E}`, 'iu'),
    (m) => ({ kind: 'fiscalQuarter', quarter: Number(m[1]), year: fiscalYearNumber(m[2]!) })],
  [new RegExp(`${B}fy\\s*'?(\\d{4}|\\d{2})[\\s-]?q([1-4])${E}`, 'iu'),
    (m) => ({ kind: 'fiscalQuarter', quarter: Number(m[2]), year: fiscalYearNumber(m[1]!) })],
  // H1, H2 2026, H1-2026, 2026 H2, first half of 2026, the second half of the year
  [new RegExp(`${B}h([12])(?:(?:\\s+|-|\\s*,\\s*)(?:of\\s+)?(\\d{4}))?${E}`, 'iu'),
    (m) => ({ kind: 'half', half: Number(m[1]) as 1 | 2, year: m[2] ? Number(m[2]) : null })],
  [new RegExp(`${BD}(\\d{4})[\\s-]?h([12])${E}`, 'iu'), (m) => ({ kind: 'half', half: Number(m[2]) as 1 | 2, year: Number(m[1]) })],
  [new RegExp(`${B}(first|second|1st|2nd)\\s+half(?:\\s+(?:of|in)\\s+(?:the\\s+year|(\\d{4})))?${E}`, 'iu'),
    (m) => ({ kind: 'half', half: /^(first|1st)$/i.test(m[1]!) ? 1 : 2, year: m[2] ? Number(m[2]) : null })],
  // Q3, Q3 2025, Q3-2025
  [new RegExp(`${B}q([1-4])(?:(?:\\s+|-|\\s*,\\s*)(?:of\\s+)?(\\d{4}))?${E}`, 'iu'),
    (m) => ({ kind: 'quarter', quarter: Number(m[1]), year: m[2] ? Number(m[2]) : null })],
  // 2025 Q3, 2025-Q3
  [new RegExp(`${BD}(\\d{4})[\\s-]?q([1-4])${E}`, 'iu'), (m) => ({ kind: 'quarter', quarter: Number(m[2]), year: Number(m[1]) })],
  // October, Oct 2025, October of 2025
  [new RegExp(`${B}(${MONTH})\\.?(?:,?\\s+(?:of\\s+)?(\\d{4}))?${E}`, 'iu'),
    (m) => ({ kind: 'month', month: monthOf(m[1]), year: m[2] ? Number(m[2]) : null })],
  // Nov 3, November 3rd, Nov 3, 2025
  [new RegExp(`${B}(${MONTH})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)(?:,?\\s+(\\d{4}))?${E}`, 'iu'),
    (m) => dayAtom(m[0], monthOf(m[1]), Number(m[2]), m[3] ? Number(m[3]) : null)],
  // 3 Nov, 3rd of November 2025
  [new RegExp(`${BD}(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH})\\.?(?:,?\\s+(\\d{4}))?${E}`, 'iu'),
    (m) => dayAtom(m[0], monthOf(m[2]), Number(m[1]), m[3] ? Number(m[3]) : null)],
  // A bare year: 2025 (not an amount like $2000, not part of a date or a name like llama-2025)
  [/(?<![\p{L}\p{N}_\-./:$€£#])(\d{4})(?![\p{L}\p{N}_%]|[-/.:]\d)/iu, (m) => ({ kind: 'year', year: Number(m[1]) })],
];

// chrono's results are only valid dates; ours carry the atom in a tag and a placeholder date.
const PLACEHOLDER = { year: 2000, month: 1, day: 1, hour: 12, minute: 0, second: 0, millisecond: 0 };

function toParser(pattern: RegExp, read: AtomReader): chrono.Parser {
  return {
    pattern: () => pattern,
    extract: (context, match) => {
      const atom = read(match);
      if (atom === null || match.index === undefined) return null;
      return context.createParsingResult(match.index, match[0], PLACEHOLDER).addTag(TAG + JSON.stringify(atom));
    },
  };
}

function isOurs(result: chrono.ParsedResult): boolean {
  for (const tag of result.tags()) if (tag.startsWith(TAG)) return true;
  return false;
}

let cached: chrono.Chrono | null = null;

/** The configured chrono instance; built once because cloning the casual parser is not free. */
function getChrono(): chrono.Chrono {
  if (cached) return cached;
  const c = chrono.casual.clone();
  c.parsers.unshift(...READERS.map(([pattern, read]) => toParser(pattern, read)));
  c.refiners = [
    { refine: (_context: chrono.ParsingContext, results: chrono.ParsingResult[]) => preferOurs(results) },
    ...c.refiners,
  ]
    // We assemble `X to Y` ourselves so that months and quarters can be endpoints.
    .filter((r) => r.constructor.name !== 'ENMergeDateRangeRefiner')
    // That filter drops all-digit results (a bare year) and our placeholder-dated ones.
    .map((r) => (r.constructor.name === 'UnlikelyFormatFilter' ? exemptOurs(r) : r));
  cached = c;
  return c;
}

/**
 * Drops chrono's results that only name a time of day (`01 through 2026-10` is one, inside
 * `2026-10-01 through 2026-10-15`) and those that cut into one of ours, except a longer
 * reading from the same start (`Oct 1-15` over our `Oct 1`).
 */
function preferOurs(results: chrono.ParsingResult[]): chrono.ParsingResult[] {
  const ours = results.filter(isOurs);
  return results.filter((r) => {
    if (isOurs(r)) return true;
    const s = r.start;
    if (!s.isCertain('day') && !s.isCertain('month') && !s.isCertain('weekday') && !s.isCertain('year')) return false;
    const end = r.index + r.text.length;
    return !ours.some((o) => {
      const oEnd = o.index + o.text.length;
      const overlaps = r.index < oEnd && end > o.index;
      return overlaps && !(r.index === o.index && end >= oEnd);
    });
  });
}

function exemptOurs(refiner: chrono.Refiner): chrono.Refiner {
  return {
    refine: (context, results) => {
      const kept = new Set(refiner.refine(context, results.filter((r) => !isOurs(r))));
      return results.filter((r) => isOurs(r) || kept.has(r));
    },
  };
}

/** Reads an atom from one of chrono's own components (weekday, relative date, month, day). */
function fromComponents(c: chrono.ParsedComponents): TimeAtom | null {
  const certain = (k: chrono.Component): boolean => c.isCertain(k);
  const year = c.get('year') ?? 2000;
  const month = c.get('month') ?? 1;
  const day = c.get('day') ?? 1;
  if (!certain('day') && !certain('month') && !certain('weekday') && !certain('year')) return null; // time only
  if (certain('weekday') && !certain('day') && !certain('month')) return { kind: 'weekday', date: formatDate(year, month, day) };
  if (certain('day')) return { kind: 'day', month, day, year: certain('year') ? year : null };
  if (certain('month')) return { kind: 'month', month, year: certain('year') ? year : null };
  return { kind: 'date', date: formatDate(year, month, day) };
}

function atomOf(result: chrono.ParsedResult): { atom: TimeAtom; to?: TimeAtom } | null {
  for (const tag of result.tags()) {
    if (tag.startsWith(TAG)) return { atom: JSON.parse(tag.slice(TAG.length)) as TimeAtom };
  }
  const atom = fromComponents(result.start);
  if (atom === null) return null;
  const to = result.end ? fromComponents(result.end) : null;
  return to ? { atom, to } : { atom };
}

/** True when a match starts or ends in the middle of a name (`gpt-4o-2024-08-06`); `..` and a dash after an atom are connectors. */
function insideWord(text: string, start: number, end: number, lastEnd: number): boolean {
  const before = text.slice(Math.max(0, start - 2), start);
  // `Oct-Nov`, `Q1-Q2`: a dash right after the previous atom joins a range.
  if (lastEnd > 0 && start - 1 === lastEnd && /[-–—]/.test(text[start - 1])) return /^[\p{L}\p{N}_]/u.test(text.slice(end, end + 1));
  const after = text.slice(end, end + 2);
  const joinedBefore = /[\p{L}\p{N}_/-]$/u.test(before) || (/\.$/.test(before) && !/\.\.$/.test(before));
  const joinedAfter = /^[\p{L}\p{N}_]/u.test(after);
  return joinedBefore || joinedAfter;
}

/**
 * Every time atom in `text`, in order and without overlaps. chrono reads relative words
 * (`monday`, `3 days ago`) in the zone's offset at `now`, never in the process zone.
 * `skip` drops one of chrono's own results (e.g. `sun` when it is a known team name).
 */
export function findTimeAtoms(text: string, now: number, timezone: string, skip?: (matched: string) => boolean): AtomMatch[] {
  const reference = { instant: new Date(now), timezone: offsetMinutesAt(now, timezone) };
  const out: AtomMatch[] = [];
  let lastEnd = 0;
  for (const result of getChrono().parse(text, reference)) {
    const end = result.index + result.text.length;
    if (result.index < lastEnd || insideWord(text, result.index, end, lastEnd)) continue;
    if (!isOurs(result) && skip?.(result.text)) continue;
    // chrono reads `the last few days` as one day, three days ago: a vague amount is left
    // unread, so the query is refused with examples rather than answered for the wrong days.
    if (!isOurs(result) && VAGUE.test(result.text)) continue;
    const read = atomOf(result);
    if (read === null) continue;
    out.push({ ...read, index: result.index, end, text: result.text });
    lastEnd = end;
  }
  return out;
}
