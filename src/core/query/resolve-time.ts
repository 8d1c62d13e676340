/**
 * Time expressions of the query language: finds them in a query (`findTimeSpans`) and
 * resolves a whole string (`resolveTimeExpression`, for config `defaultRange` and budgets).
 */
import { addDays, todayIn } from '../dates.js';
import type { DateRange, QueryContext } from '../types.js';
import { findTimeAtoms } from './find-time-atoms.js';
import { explicitYear, hasImpliedYear, MAX_YEAR, MIN_YEAR, resolveAtom, type TimeContext } from './resolve-atom.js';
import type { RangeShape, Resolved, TimeAtom, TimeSpan } from './types.js';

/** What resolving time needs from the query context. */
export type TimeQueryContext = Pick<QueryContext, 'now' | 'timezone' | 'weekStart' | 'fiscalYearStart'>;

export interface FindTimeOptions {
  /** Ignore one of chrono's own matches (e.g. `sun` when it is a known value). */
  skip?: (matched: string) => boolean;
}

// Between the two ends of `X to Y`, `X - Y`, `X..Y`, `X through Y`.
const CONNECTOR = /^\s*(?:to|through|thru|till|until|-|–|—|\.\.\.?)\s*$/i;
const AND = /^\s+and\s+$/i;
// Words just before an atom that change its meaning; `from X` alone means `since X` only for a day.
const PREFIX = /(?<![\p{L}\p{N}_])(from|between|since|starting(?:\s+from)?)\s+$/iu;
// `compare this month to last month` compares two periods: its `to` joins no range.
const COMPARE_LEAD = /(?<![\p{L}\p{N}_])(?:compare|comparing)\s+$/iu;
const DAY_LIKE: ReadonlySet<TimeAtom['kind']> = new Set(['day', 'date', 'weekday', 'today', 'yesterday']);

function rangeOf(x: TimeAtom, y: TimeAtom, t: TimeContext): Resolved {
  let rx = resolveAtom(x, t, { full: true });
  let ry = resolveAtom(y, t, { full: true });
  if (!rx.ok) return rx;
  if (!ry.ok) return ry;
  const yYear = explicitYear(y);
  if (hasImpliedYear(x) && yYear !== null) {
    // `Jan to Mar 2025`: the start takes the end's year (or the year before, for `Dec to Feb 2026`).
    rx = resolveAtom(x, t, { full: true, year: yYear });
    if (rx.ok && rx.range.start > ry.range.start) rx = resolveAtom(x, t, { full: true, year: yYear - 1 });
  } else if (hasImpliedYear(y) && ry.range.start.slice(0, 4) < rx.range.start.slice(0, 4)) {
    // `Nov 20 to Nov 30` on Nov 26: the end was put in last year; it is the first such date
    // after the start. (`Nov 5 to Nov 1` stays reversed and is reported below.)
    const from = Number(rx.range.start.slice(0, 4));
    ry = resolveAtom(y, t, { full: true, year: from });
    if (ry.ok && ry.range.start < rx.range.start) ry = resolveAtom(y, t, { full: true, year: from + 1 });
  }
  if (!rx.ok) return rx;
  if (!ry.ok) return ry;
  if (ry.range.end <= rx.range.start) {
    return { ok: false, error: `the range ${rx.label} to ${ry.label} ends before it starts — put the earlier date first: ${ry.label} to ${rx.label}` };
  }
  const range = { start: rx.range.start, end: ry.range.end };
  const label = `${rx.label} to ${ry.label}`;
  // `October to November`, `Q1 to Q2`: whole calendar months compare with as many months before.
  if (range.start.endsWith('-01') && range.end.endsWith('-01')) {
    const months = (Number(range.end.slice(0, 4)) - Number(range.start.slice(0, 4))) * 12 + Number(range.end.slice(5, 7)) - Number(range.start.slice(5, 7));
    return { ok: true, range, label, shape: { kind: 'whole', step: { months } } };
  }
  return { ok: true, range, label };
}

function sinceOf(x: TimeAtom, t: TimeContext): Resolved {
  const r = resolveAtom(x, t);
  if (!r.ok) return r;
  return { ok: true, range: { start: r.range.start, end: addDays(t.today, 1) }, label: `since ${r.label}` };
}

function checkYears(r: Resolved): Resolved {
  if (!r.ok) return r;
  const start = Number(r.range.start.slice(0, 4));
  const end = Number(r.range.end.slice(0, 4));
  if (start < MIN_YEAR || start > MAX_YEAR || end > MAX_YEAR + 1) {
    const year = start < MIN_YEAR || start > MAX_YEAR ? start : end;
    return { ok: false, error: `${r.label} reaches the year ${year}, which is out of range — ask about dates from ${MIN_YEAR} to ${MAX_YEAR}` };
  }
  return r;
}

/**
 * Every time expression in `text`, in order: single atoms, ranges (`X to Y`, `X - Y`,
 * `from X to Y`, `between X and Y`, `X..Y`, where X and Y may be days, months or quarters:
 * [start(X), end(Y))) and `since X` ([start(X), today+1)). Ranges are not cut at today here.
 */
export function findTimeSpans(text: string, ctx: TimeQueryContext, opts: FindTimeOptions = {}): TimeSpan[] {
  const t: TimeContext = { today: todayIn(ctx.now, ctx.timezone), weekStart: ctx.weekStart, fiscalYearStart: ctx.fiscalYearStart };
  const atoms = findTimeAtoms(text, ctx.now, ctx.timezone, opts.skip);
  const spans: TimeSpan[] = [];
  let prevEnd = 0;
  for (let i = 0; i < atoms.length; i++) {
    const x = atoms[i];
    const prefix = PREFIX.exec(text.slice(prevEnd, x.index));
    const word = prefix?.[1].toLowerCase().split(/\s+/)[0];
    const next = atoms[i + 1];
    const gap = next ? text.slice(x.end, next.index) : '';
    const compared = COMPARE_LEAD.test(text.slice(prevEnd, x.index)) && /^\s*(?:to|with)\s*$/i.test(gap);
    const joined = next !== undefined && !x.to && !next.to && !compared && (CONNECTOR.test(gap) || (word === 'between' && AND.test(gap)));
    let end = x.end;
    let usePrefix = false;
    let resolved: Resolved;
    if (x.to) {
      resolved = rangeOf(x.atom, x.to, t);
      usePrefix = word === 'from' || word === 'between';
    } else if (joined) {
      resolved = rangeOf(x.atom, next.atom, t);
      end = next.end;
      usePrefix = word === 'from' || word === 'between';
      i++;
    } else if (word === 'since' || word === 'starting' || (word === 'from' && DAY_LIKE.has(x.atom.kind))) {
      resolved = sinceOf(x.atom, t);
      usePrefix = true;
    } else {
      resolved = resolveAtom(x.atom, t);
    }
    const start = usePrefix && prefix ? x.index - prefix[0].length : x.index;
    spans.push({ index: start, end, text: text.slice(start, end), resolved: checkYears(resolved) });
    prevEnd = end;
  }
  return spans;
}

// Words that may surround a time expression in a config value or a budget period.
const FILLER = /(?<![\p{L}\p{N}_])(?:the|in|of|for|during|over)(?![\p{L}\p{N}_])|[,.;:!?]/giu;

/**
 * Resolves a string that must be exactly one time expression (`this month`, `last 30 days`,
 * `Q3 2025`, `2026-11-01 to 2026-11-15`). The range is as the table defines it, not cut at today.
 */
export function resolveTimeExpression(text: string, ctx: TimeQueryContext): { range: DateRange; label: string; shape?: RangeShape } | { error: string } {
  const input = typeof text === 'string' ? text.trim() : '';
  const example = 'e.g. this month, last 30 days, October, Q3 2025 or 2026-11-01 to 2026-11-15';
  if (input === '') return { error: `the time expression is empty — write a period, ${example}` };
  if (input.length > 200) return { error: `the time expression is too long (${input.length} characters) — write a period, ${example}` };
  const spans = findTimeSpans(input, ctx);
  let rest = input;
  for (const s of [...spans].reverse()) rest = rest.slice(0, s.index) + ' ' + rest.slice(s.end);
  if (spans.length !== 1 || rest.replace(FILLER, ' ').trim() !== '') {
    return { error: `“${input}” is not a single time expression — write one period, ${example}` };
  }
  const r = spans[0].resolved;
  if (!r.ok) return { error: r.error };
  return r.shape ? { range: r.range, label: r.label, shape: r.shape } : { range: r.range, label: r.label };
}
