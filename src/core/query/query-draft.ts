/**
 * The mutable state of one parse: what has been read so far, plus errors and notes in the
 * order they were found (the first error is the one shown).
 */
import type { FilterSpec, Granularity, Metric, QueryContext } from '../types.js';
import { normalizeWord, type WordToken } from './tokenize-query.js';

export interface QueryWord extends WordToken {
  consumed: boolean;
}

export interface QueryDraft {
  ctx: QueryContext;
  words: QueryWord[];
  filters: Record<string, FilterSpec>;
  groupBy: string[];
  /** Every granularity asked for, with the word that asked (two different ones are an error). */
  granularities: { value: Granularity; word: string }[];
  trend: boolean;
  top: number | null;
  metric: Metric | null;
  forecast: boolean;
  public: boolean;
  /** `vs the month before` and the like: compare with the previous period of equal length. */
  comparePrevious: boolean;
  /** Dimensions split by `X vs Y` (values of one dimension side by side). */
  splits: string[];
  errors: string[];
  notes: string[];
}

export function newDraft(ctx: QueryContext, words: WordToken[]): QueryDraft {
  return {
    ctx,
    words: words.map((w) => ({ ...w, consumed: false })),
    filters: {},
    groupBy: [],
    granularities: [],
    trend: false,
    top: null,
    metric: null,
    forecast: false,
    public: false,
    comparePrevious: false,
    splits: [],
    errors: [],
    notes: [],
  };
}

function addUnique(list: string[] | undefined, values: string[]): string[] {
  const out = [...(list ?? [])];
  for (const v of values) if (!out.some((x) => x.toLowerCase() === v.toLowerCase())) out.push(v);
  return out;
}

/** Adds values to a filter; the same key twice merges (`in` union, `notIn` union). */
export function addFilter(draft: QueryDraft, key: string, values: string[], negate: boolean): void {
  const spec: FilterSpec = draft.filters[key] ?? {};
  const merged: FilterSpec = {};
  const inList = negate ? spec.in : addUnique(spec.in, values);
  const notIn = negate ? addUnique(spec.notIn, values) : spec.notIn;
  if (inList && inList.length > 0) merged.in = inList;
  if (notIn && notIn.length > 0) merged.notIn = notIn;
  draft.filters[key] = merged;
}

/** Adds a group-by key once. */
export function addGroup(draft: QueryDraft, key: string): void {
  if (!draft.groupBy.includes(key)) draft.groupBy.push(key);
}

const GRANULARITY_WORDS: Record<string, Granularity> = {
  day: 'day', days: 'day', daily: 'day',
  week: 'week', weeks: 'week', weekly: 'week',
  month: 'month', months: 'month', monthly: 'month',
};

/** `daily`, `by week`, `month`… → the granularity they name, or null. */
export function granularityOf(word: string): Granularity | null {
  return Object.hasOwn(GRANULARITY_WORDS, word) ? GRANULARITY_WORDS[word] : null;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  fifteen: 15, twenty: 20, fifty: 50, hundred: 100,
};

/** A number written as digits or a small English word (`5`, `five`), or null. */
export function numberOf(word: string): number | null {
  if (/^[+-]?\d+(\.\d+)?$/.test(word)) return Number(word);
  return Object.hasOwn(NUMBER_WORDS, word) ? NUMBER_WORDS[word] : null;
}

/** Strips punctuation around a word but keeps its case (`“Llama-70B?”` → `Llama-70B`). */
export function trimWord(raw: string): string {
  const norm = normalizeWord(raw);
  if (norm === '') return '';
  const start = raw.toLowerCase().indexOf(norm);
  return start === -1 ? raw : raw.slice(start, start + norm.length);
}
