/**
 * The query parser: one forgiving grammar for every surface (query-language.md).
 *
 * 1. Cap the length, tokenize into `key=value` filters and words.
 * 2. Apply filters, then keywords (`by`, `per`, `top`, `daily`, `forecast`, `public`).
 * 3. Find time expressions in the text that is left (keywords blanked out, offsets kept).
 * 4. Sort them into the range and the comparison (`vs last month`, `compare`).
 * 5. Match the remaining words against known values; stop words go silently, the rest is a note.
 * 6. Resolve the range (default when none), reject future ones, cut at today, derive `compare`
 *    like for like (`compare-range.ts`).
 * 7. Refuse what was not understood (`check-understood.ts`), with suggestions.
 */
import { addDays, daysBetween, todayIn } from '../dates.js';
import { METRICS, type DateRange, type Granularity, type Metric, type ParsedQuery, type QueryContext } from '../types.js';
import { checkUnderstood } from './check-understood.js';
import { alignNamed, daysText, previousRange } from './compare-range.js';
import { matchBareWords } from './match-bare-words.js';
import { addFilter, newDraft, type QueryDraft, type QueryWord } from './query-draft.js';
import { applyFilterToken, readKeywords } from './read-keywords.js';
import { readValueSplits } from './read-value-split.js';
import { findTimeSpans, resolveTimeExpression } from './resolve-time.js';
import { normalizeWord, tokenizeQuery, type WordToken } from './tokenize-query.js';
import type { RangeShape, TimeSpan } from './types.js';

/** Longer queries are rejected unread, so hostile input cannot make the parser slow. */
export const MAX_QUERY_LENGTH = 2000;

const COMPARE_WORDS = new Set(['vs', 'versus', 'compare', 'compared', 'comparing', 'comparison', 'against']);
const COMPARE_FILLERS = new Set(['to', 'with', 'the', 'against']);
const PREVIOUS_WORDS = new Set(['previous', 'prior', 'preceding', 'last', 'before']);

interface Period {
  range: DateRange;
  label: string;
  shape?: RangeShape;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function safeToday(ctx: QueryContext): string {
  try {
    return todayIn(ctx.now, ctx.timezone);
  } catch {
    try {
      return todayIn(ctx.now, 'UTC');
    } catch {
      return '1970-01-01';
    }
  }
}

function defaultPeriod(ctx: QueryContext, today: string, notes: string[]): Period {
  const r = resolveTimeExpression(ctx.defaultRange, ctx);
  if ('range' in r) return r;
  notes.push(`the configured default range “${ctx.defaultRange}” is not a time expression (${r.error}); using this month`);
  return { range: { start: `${today.slice(0, 7)}-01`, end: addDays(today, 1) }, label: 'this month', shape: { kind: 'toDate', step: { months: 1 } } };
}

function build(text: string, draft: QueryDraft | null, range: DateRange, compare: DateRange | null, error: string | null, notes: string[], ctx: QueryContext, suggestions: string[] = [], previous?: DateRange): ParsedQuery {
  const fallback = ctx?.defaultMetric;
  const metric: Metric = draft?.metric ?? ((METRICS as readonly string[]).includes(fallback) ? fallback : 'effective');
  const granularities = [...new Set(draft?.granularities.map((g) => g.value) ?? [])];
  const granularity: Granularity | null = granularities[0] ?? (draft?.trend ? 'day' : null);
  return {
    text,
    range,
    filters: draft?.filters ?? {},
    groupBy: draft?.groupBy ?? [],
    granularity,
    top: draft?.top ?? null,
    compare,
    ...(previous && compare === null && error === null ? { previous } : {}),
    forecast: draft?.forecast ?? false,
    metric,
    public: draft?.public ?? false,
    notes,
    error,
    ...(error !== null && suggestions.length > 0 ? { suggestions } : {}),
  };
}

/** Blanks out consumed characters so time expressions are only looked for in what is left. */
function maskConsumed(text: string, spans: { start: number; end: number }[]): string {
  const chars = text.split('');
  for (const s of spans) for (let i = s.start; i < s.end; i++) chars[i] = ' ';
  return chars.join('');
}

/** Sorts time spans into the query's range and its comparison; consumes their words. */
function assignSpans(draft: QueryDraft, spans: TimeSpan[]): { main: TimeSpan[]; named: TimeSpan[]; previous: boolean } {
  const words = draft.words;
  const main: TimeSpan[] = [];
  const named: TimeSpan[] = [];
  let previous = draft.comparePrevious;
  // The span a `compare` led (`compare this month`): `… to last month` right after it names the comparison.
  let led: TimeSpan | null = null;
  for (const span of spans) {
    const inside = words.filter((w) => w.start < span.end && w.end > span.index);
    for (const w of inside) w.consumed = true;
    let k = (inside.length > 0 ? words.indexOf(inside[0]) : words.findIndex((w) => w.start >= span.end)) - 1;
    if (k < -1) k = words.length - 1;
    const fillers: QueryWord[] = [];
    while (k >= 0 && !words[k].consumed && COMPARE_FILLERS.has(words[k].norm)) fillers.push(words[k--]);
    const before = k >= 0 && !words[k].consumed ? words[k] : undefined;
    if (before && COMPARE_WORDS.has(before.norm)) {
      before.consumed = true;
      for (const f of fillers) f.consumed = true;
      // `compare last week` compares last week with the week before; `compare to last week` names it.
      if ((before.norm === 'compare' || before.norm === 'comparing') && fillers.length === 0) {
        previous = true;
        main.push(span);
        led = span;
        continue;
      } else {
        named.push(span);
      }
    } else if (led !== null && fillers.length > 0 && k >= 0 && words[k].start < led.end && words[k].end > led.index) {
      for (const f of fillers) f.consumed = true;
      named.push(span);
    } else {
      main.push(span);
    }
    led = null;
  }
  for (let i = 0; i < words.length; i++) {
    if (words[i].consumed || !COMPARE_WORDS.has(words[i].norm)) continue;
    words[i].consumed = true;
    previous = true;
    let j = i + 1;
    while (j < words.length && !words[j].consumed && COMPARE_FILLERS.has(words[j].norm)) j++;
    if (j < words.length && !words[j].consumed && PREVIOUS_WORDS.has(words[j].norm)) {
      for (let k = i + 1; k <= j; k++) words[k].consumed = true;
      const after = words[j + 1];
      if (after && !after.consumed && (after.norm === 'period' || after.norm === 'one')) after.consumed = true;
    }
  }
  return { main, named, previous };
}

/** One period from the spans, or an error naming the conflict. */
function pickPeriod(spans: TimeSpan[], what: string, hint: string): Period | { error: string } | null {
  for (const s of spans) if (!s.resolved.ok) return { error: s.resolved.error };
  const distinct: TimeSpan[] = [];
  for (const s of spans) {
    if (s.resolved.ok && !distinct.some((d) => d.resolved.ok && s.resolved.ok && d.resolved.range.start === s.resolved.range.start && d.resolved.range.end === s.resolved.range.end)) distinct.push(s);
  }
  if (distinct.length > 1) {
    const names = distinct.map((s) => `“${s.text.trim()}”`);
    return { error: `the query names ${distinct.length} ${what}s: ${names.join(' and ')} — ask for one${hint.replace('$1', distinct[0].text.trim()).replace('$2', distinct[1].text.trim())}` };
  }
  const only = distinct[0];
  return only && only.resolved.ok ? { range: only.resolved.range, label: only.resolved.label, shape: only.resolved.shape } : null;
}

/** Rejects a period that has not begun and cuts one that runs past today, with a note. */
function clampToToday(p: Period, today: string, forecast: boolean, notes: string[]): Period | { error: string } {
  const tomorrow = addDays(today, 1);
  if (p.range.start > today) {
    return { error: `${capitalize(p.label)} has not started yet (today is ${today}) — to see where this month is heading, ask \`forecast\`.` };
  }
  if (p.range.end > tomorrow) {
    const hint = forecast ? '' : ' (ask `forecast` to project the rest)';
    notes.push(`the range was cut at today: ${p.label} runs to ${addDays(p.range.end, -1)}; this covers ${p.range.start} to ${today}${hint}`);
    // What is left of a whole period is that period to date (it compares with the same days).
    const shape: RangeShape | undefined = p.shape ? { kind: 'toDate', step: p.shape.step } : undefined;
    return { range: { start: p.range.start, end: tomorrow }, label: p.label, shape };
  }
  return p;
}

function parse(text: string, ctx: QueryContext): ParsedQuery {
  const today = safeToday(ctx);
  const notes: string[] = [];
  const fallback = defaultPeriod(ctx, today, notes);
  if (text.length > MAX_QUERY_LENGTH) {
    const error = `the query is too long (${text.length.toLocaleString('en-US')} characters) — keep it under ${MAX_QUERY_LENGTH.toLocaleString('en-US')} characters`;
    return build(`${text.slice(0, MAX_QUERY_LENGTH)}…`, null, fallback.range, null, error, notes, ctx);
  }

  // 1-2. Tokens, filters, keywords. `tag:foo` with no value is a word (for `by tag:foo`).
  const tokens = tokenizeQuery(text);
  const words: WordToken[] = [];
  for (const t of tokens) {
    if (t.type === 'word') words.push(t);
    else if (t.key.toLowerCase() === 'tag' && t.op === ':') {
      const raw = text.slice(t.start, t.end);
      words.push({ type: 'word', raw, norm: normalizeWord(raw), start: t.start, end: t.end });
    }
  }
  const draft = newDraft(ctx, words);
  for (const t of tokens) if (t.type === 'filter' && !(t.key.toLowerCase() === 'tag' && t.op === ':')) applyFilterToken(draft, t);
  readKeywords(draft);
  readValueSplits(draft);

  // 3-4. Time, in the text that is left.
  // A word that is a known value is that value, never a date (`gpt-4o-2024-08-06`, a team `may`).
  const known = new Set(Object.values(ctx.knownValues ?? {}).flatMap((vs) => (Array.isArray(vs) ? vs.map((v) => String(v).toLowerCase()) : [])));
  const hidden = [
    ...tokens.filter((t) => t.type === 'filter' && !(t.key.toLowerCase() === 'tag' && t.op === ':')),
    ...draft.words.filter((w) => w.consumed || known.has(w.norm)),
  ];
  const spans = findTimeSpans(maskConsumed(text, hidden), ctx, { skip: (m) => known.has(m.trim().toLowerCase()) });
  const { main, named, previous } = assignSpans(draft, spans);
  for (const w of draft.words) {
    if (!w.consumed && w.norm.startsWith('tag:')) {
      w.consumed = true;
      draft.errors.push(`“${w.raw}” needs a value — write ${w.raw}=<value> to filter, or by ${w.raw} to group`);
    }
  }

  // 5. Bare words.
  const bare = matchBareWords(draft.words, ctx.knownValues ?? {}, ctx.dimensionKeys);
  for (const f of bare.filters) addFilter(draft, f.key, [f.value], false);

  // 6. Range and comparison.
  const errors = [...draft.errors];
  notes.push(...draft.notes);
  const picked = pickPeriod(main, 'time range', ' (to compare two periods write “$1 vs $2”)');
  let period: Period = fallback;
  if (picked !== null && 'error' in picked) errors.push(picked.error);
  else if (picked !== null) {
    const clamped = clampToToday(picked, today, draft.forecast, notes);
    if ('error' in clamped) errors.push(clamped.error);
    else period = clamped;
  }
  let compare: DateRange | null = null;
  const other = pickPeriod(named, 'comparison period', '');
  if (other !== null && 'error' in other) errors.push(other.error);
  else if (other !== null) {
    const clamped = clampToToday(other, today, true, notes);
    if ('error' in clamped) errors.push(clamped.error);
    else {
      compare = alignNamed(period.range, period.shape, clamped.range, clamped.shape);
      if (compare.end !== clamped.range.end) notes.push(`compared like for like: ${period.label} so far is compared with the same days of ${clamped.label}`);
      else if (daysBetween(compare.start, compare.end) !== daysBetween(period.range.start, period.range.end)) {
        notes.push(`the two periods differ in length (${daysText(period.range)} and ${daysText(compare)}): the change compares their totals, not their daily rates`);
      }
    }
  } else if (previous) {
    compare = previousRange(period.range, period.shape);
  }
  const granularities = [...new Set(draft.granularities.map((g) => g.value))];
  if (granularities.length > 1) {
    errors.push(`two granularities (${draft.granularities.map((g) => g.word).join(' and ')}) — ask for one of daily, weekly or monthly`);
  }
  if (draft.groupBy.length > 2) {
    errors.push(`group by at most two dimensions (got ${draft.groupBy.join(', ')}) — e.g. by ${draft.groupBy.slice(0, 2).join(',')}`);
  }
  errors.push(...bare.errors);
  notes.push(...bare.notes);
  if (errors.length === 0) {
    const refusal = checkUnderstood(
      { draft, text, today, timeSpans: main.length + named.length, previous, leftovers: bare.leftovers },
      { knownValues: ctx.knownValues ?? {}, dimensionKeys: ctx.dimensionKeys, unallocatedLabel: ctx.unallocatedLabel },
    );
    if (refusal !== null) return build(text, draft, period.range, compare, refusal.error, notes, ctx, refusal.suggestions);
  }
  return build(text, draft, period.range, compare, errors[0] ?? null, notes, ctx, [], previousRange(period.range, period.shape));
}

/**
 * Parses one query against the context (clock, zone, known keys and values). Never throws:
 * a rejected query comes back with `error` set to the message for the user, and every word
 * that was not used is mentioned in `notes`.
 */
export function parseQuery(text: string, ctx: QueryContext): ParsedQuery {
  const input = typeof text === 'string' ? text : String(text ?? '');
  try {
    return parse(input, ctx);
  } catch (err) {
    // A bug or a broken context (an invalid zone) must not take a chat handler down.
    const today = safeToday(ctx);
    const range = { start: today, end: addDays(today, 1) };
    const reason = err instanceof Error ? err.message : String(err);
    return build(input, null, range, null, `the query could not be read (${reason}) — try a simpler form, e.g. by team last week`, [], ctx);
  }
}
