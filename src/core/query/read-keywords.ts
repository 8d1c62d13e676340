/**
 * The fixed parts of a query: `key=value` filters (and the special keys `metric`, `top`,
 * `group`), grouping (`by team`, `per model,env`, `by model and env`), trend words
 * (`daily`, `by week`, `trend`), `top 5`, `forecast` and `public`.
 */
import { METRICS, type Metric } from '../types.js';
import {
  addFilter,
  addGroup,
  granularityOf,
  numberOf,
  trimWord,
  type QueryDraft,
  type QueryWord,
} from './query-draft.js';
import { normalizeKey, unknownKeyMessage } from './suggest-key.js';
import type { FilterToken } from './tokenize-query.js';

// `by cost`, `by spend`: how a person says "largest first", which every answer already is.
const BY_AMOUNT = new Set(['cost', 'costs', 'spend', 'spending', 'amount', 'total', 'dollars', 'money', 'size']);
// `vs the month before`: chrono would read "the month before" as a date a month ago.
const COMPARE_WORDS = new Set(['vs', 'versus', 'compare', 'compared', 'comparing', 'against']);
const BEFORE_UNITS = new Set(['day', 'week', 'month', 'quarter', 'year', 'period', 'one']);
// `which team`, `each model`, `top 5 teams`: a dimension named after these words is a grouping.
const GROUP_LEADS = new Set(['which', 'what', 'each', 'every']);
const GROUP_KEYS = new Set(['group', 'groupby', 'group_by', 'group-by', 'by', 'per']);
// Words after `by` that start a date or a value rather than a misspelt key.
const NOT_A_KEY = /^(?:\d|q[1-4]$|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*$|today$|yesterday$|the$|end$|this$|last$|next$)/;
const TOP_MIN = 1;
const TOP_MAX = 100;

function setTop(draft: QueryDraft, typed: string): void {
  const n = numberOf(typed.toLowerCase());
  if (n === null || !Number.isInteger(n) || n < TOP_MIN || n > TOP_MAX) {
    draft.errors.push(`top takes a whole number from ${TOP_MIN} to ${TOP_MAX} (got “${typed}”) — e.g. top 5`);
    return;
  }
  if (draft.top !== null && draft.top !== n) draft.errors.push(`two limits (top ${draft.top} and top ${n}) — ask for one`);
  draft.top = n;
}

function setMetric(draft: QueryDraft, values: string[], negate: boolean): void {
  const usage = `use ${METRICS.map((m) => `metric=${m}`).join(', ').replace(/, ([^,]*)$/, ' or $1')}`;
  const value = values.length === 1 ? values[0].toLowerCase() : '';
  if (negate || !(METRICS as readonly string[]).includes(value)) {
    const got = values.length === 0 ? 'an empty metric' : `unknown metric ${values.join(',')}`;
    draft.errors.push(`${got} — ${usage}`);
    return;
  }
  if (draft.metric !== null && draft.metric !== value) draft.errors.push(`two metrics (${draft.metric} and ${value}) — ${usage}, once`);
  draft.metric = value as Metric;
}

/** Adds a group-by key typed by the user, or records why it cannot be one. */
function groupByTyped(draft: QueryDraft, typed: string): boolean {
  const key = normalizeKey(typed, draft.ctx.dimensionKeys);
  if (key === null) {
    draft.errors.push(unknownKeyMessage(typed, draft.ctx.dimensionKeys));
    return false;
  }
  addGroup(draft, key);
  return true;
}

/** Applies one `key=value` token. Unknown keys and empty values are errors that say how to fix them. */
export function applyFilterToken(draft: QueryDraft, token: FilterToken): void {
  const lower = token.key.toLowerCase();
  const negate = token.op === '!=';
  if (lower === 'metric') return setMetric(draft, token.values, negate);
  if (lower === 'top' || lower === 'limit') {
    if (negate || token.values.length !== 1) draft.errors.push(`write a limit as top 5 or top=5 (a whole number from ${TOP_MIN} to ${TOP_MAX})`);
    else setTop(draft, token.values[0]);
    return;
  }
  if (GROUP_KEYS.has(lower)) {
    if (negate || token.values.length === 0) draft.errors.push('write a grouping as group=team or by team (at most two dimensions: by team,model)');
    else for (const v of token.values) groupByTyped(draft, v);
    return;
  }
  const key = normalizeKey(token.key, draft.ctx.dimensionKeys);
  if (key === null) {
    draft.errors.push(unknownKeyMessage(token.key, draft.ctx.dimensionKeys));
    return;
  }
  if (token.values.length === 0) {
    const sample = draft.ctx.knownValues?.[key]?.[0] ?? 'value';
    draft.errors.push(`the filter ${token.key}${token.op} has no value — write ${key}=${/\s/.test(sample) ? `"${sample}"` : sample}, ${key}=a,b for any of several, or ${key}="two words"`);
    return;
  }
  addFilter(draft, key, token.values, negate);
}

function isKeyWord(draft: QueryDraft, w: QueryWord | undefined): boolean {
  return w !== undefined && !w.consumed && normalizeKey(trimWord(w.raw), draft.ctx.dimensionKeys) !== null;
}

/** `by team`, `per model,env`, `by model and env`, `by day`: reads the list after `by`/`per` at `i`. */
function readGroupList(draft: QueryDraft, i: number): void {
  const words = draft.words;
  const first = words[i + 1];
  if (first === undefined || first.consumed || first.norm === '') return; // a lone `by` is left for the notes
  const gran = granularityOf(first.norm);
  if (gran !== null && !first.raw.includes(',')) {
    draft.granularities.push({ value: gran, word: `${words[i].norm} ${first.norm}` });
    words[i].consumed = first.consumed = true;
    return;
  }
  const firstPart = trimWord(first.raw.split(',')[0] ?? '');
  if (normalizeKey(firstPart, draft.ctx.dimensionKeys) === null) {
    const lower = firstPart.toLowerCase();
    const known = Object.values(draft.ctx.knownValues ?? {}).some((vs) => Array.isArray(vs) && vs.some((v) => String(v).toLowerCase() === lower));
    // `spend by nlp` or `by Nov 3` is not a grouping: leave both words to the later passes.
    if (known || NOT_A_KEY.test(lower)) return;
  }
  words[i].consumed = true;
  for (let j = i + 1; j < words.length; j++) {
    const w = words[j];
    w.consumed = true;
    for (const part of w.raw.split(',')) {
      const typed = trimWord(part);
      if (typed !== '' && !groupByTyped(draft, typed)) return;
    }
    const next = words[j + 1];
    if (w.raw.endsWith(',') && isKeyWord(draft, next)) continue;
    if (next && !next.consumed && ['and', '&', '+', ','].includes(next.raw.toLowerCase()) && isKeyWord(draft, words[j + 2])) {
      next.consumed = true;
      j++;
      continue;
    }
    return;
  }
}

/** The key a word names as a dimension (`teams` → team), or null. Tag keys do not count here. */
function dimensionWord(draft: QueryDraft, w: QueryWord | undefined): string | null {
  if (w === undefined || w.consumed) return null;
  const key = normalizeKey(trimWord(w.raw), draft.ctx.dimensionKeys);
  return key !== null && !key.startsWith('tag:') ? key : null;
}

/** `vs the month before`, `compared to the previous one`: consumes the phrase at `i` if it is one. */
function readComparePrevious(draft: QueryDraft, i: number): boolean {
  const words = draft.words;
  let j = i + 1;
  while (j < words.length && !words[j].consumed && ['to', 'with', 'the'].includes(words[j].norm)) j++;
  const unit = words[j];
  const before = words[j + 1];
  if (!unit || unit.consumed || !before || before.consumed || !BEFORE_UNITS.has(unit.norm) || before.norm !== 'before') return false;
  for (let k = i; k <= j + 1; k++) words[k].consumed = true;
  draft.comparePrevious = true;
  return true;
}

/** Reads the keyword parts among the words, marking what it used as consumed. */
export function readKeywords(draft: QueryDraft): void {
  const words = draft.words;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.consumed) continue;
    const norm = w.norm;
    if ((norm === 'by' || norm === 'per') && words[i + 1] && !words[i + 1].consumed && BY_AMOUNT.has(words[i + 1].norm)) {
      w.consumed = words[i + 1].consumed = true;
    } else if (norm === 'by' || norm === 'per') {
      readGroupList(draft, i);
    } else if (COMPARE_WORDS.has(norm)) {
      readComparePrevious(draft, i);
    } else if ((norm === 'to' || norm === 'with') && words.slice(0, i).some((x) => COMPARE_WORDS.has(x.norm))) {
      // `comparing last week with the week before`: the phrase after the range names the previous period.
      readComparePrevious(draft, i);
    } else if (GROUP_LEADS.has(norm) && dimensionWord(draft, words[i + 1]) !== null) {
      addGroup(draft, dimensionWord(draft, words[i + 1])!);
      w.consumed = words[i + 1].consumed = true;
    } else if (norm === 'top') {
      const next = words[i + 1];
      if (next && !next.consumed && numberOf(next.norm) !== null) {
        setTop(draft, next.norm);
        w.consumed = next.consumed = true;
        const dim = dimensionWord(draft, words[i + 2]);
        if (dim !== null) {
          addGroup(draft, dim);
          words[i + 2].consumed = true;
        }
      } else {
        draft.notes.push('ignored “top”: it needs a number, e.g. top 5 — showing every group');
        w.consumed = true;
      }
    } else if (/^top\d+$/.test(norm)) {
      setTop(draft, norm.slice(3));
      w.consumed = true;
      const dim = dimensionWord(draft, words[i + 1]);
      if (dim !== null) {
        addGroup(draft, dim);
        words[i + 1].consumed = true;
      }
    } else if (norm === 'daily' || norm === 'weekly' || norm === 'monthly') {
      draft.granularities.push({ value: granularityOf(norm)!, word: norm });
      w.consumed = true;
    } else if (norm === 'hourly') {
      draft.errors.push('hourly costs are not available — use daily, weekly or monthly');
      w.consumed = true;
    } else if (norm === 'trend' || norm === 'trends' || norm === 'trending' || norm === 'timeline') {
      draft.trend = true;
      w.consumed = true;
    } else if (norm === 'forecast' || norm === 'forecasted' || norm === 'projection' || norm === 'projected') {
      draft.forecast = true;
      w.consumed = true;
    } else if (norm === 'public' || norm === 'publicly') {
      draft.public = true;
      w.consumed = true;
    }
  }
}
