/**
 * The closest things the bot knows to a word it could not use: known values (`nlpp` →
 * team=nlp, `llama` → model=llama-70b), dimension keys (`modle` → by model), keywords
 * (`forcast` → forecast) and time phrases (`lst wek` → last week). Suggestions are query
 * fragments a person can click or type; they never stand in for the word silently.
 */
import { ACCELERATOR_VALUES, FOCUS_KEY_NAMES, WORKLOAD_VALUES } from '../keys.js';
import { editDistance, normalizeKey } from './suggest-key.js';

/** What suggestions are drawn from. */
export interface SuggestContext {
  knownValues: Record<string, string[]>;
  dimensionKeys: readonly string[];
  /** The unallocated label (`(untagged)`): `untagged` suggests `team=(untagged)`. */
  unallocatedLabel?: string;
}

/** At most this many fragments are suggested for one word. */
export const MAX_SUGGESTIONS = 5;

/**
 * Words people use for FOCUS values under another name: `spot` is PricingCategory
 * `Dynamic`, `on-demand` is `Standard`, a reservation or savings plan is `Committed`.
 */
const SYNONYMS: Readonly<Record<string, readonly [string, string][]>> = {
  spot: [['pricing', 'Dynamic']],
  preemptible: [['pricing', 'Dynamic']],
  preemptibles: [['pricing', 'Dynamic']],
  'on-demand': [['pricing', 'Standard']],
  ondemand: [['pricing', 'Standard']],
  reserved: [['pricing', 'Committed']],
  reservation: [['pricing', 'Committed']],
  reservations: [['pricing', 'Committed']],
  commitment: [['pricing', 'Committed']],
  commitments: [['pricing', 'Committed']],
  refund: [['charge', 'Credit']],
  refunds: [['charge', 'Credit']],
  discount: [['charge', 'Credit']],
  discounts: [['charge', 'Credit']],
};

/** Keywords of the query language a misspelt word may stand for, with what to type. */
const KEYWORDS: Readonly<Record<string, string>> = {
  today: 'today',
  yesterday: 'yesterday',
  daily: 'daily',
  weekly: 'weekly',
  monthly: 'monthly',
  forecast: 'forecast',
  compare: 'vs previous',
  previous: 'vs previous',
  versus: 'vs previous',
  trend: 'daily',
  week: 'last week',
  month: 'this month',
  quarter: 'this quarter',
  weekend: 'last weekend',
  fiscal: 'this fiscal year',
};

/** Two-word time phrases, for a pair of misspelt words (`lst wek`). */
const TIME_PHRASES = [
  'last week', 'this week', 'last month', 'this month', 'last quarter', 'this quarter',
  'last year', 'this year', 'last weekend', 'past week', 'previous month', 'previous week',
];

/** How far a typo may be from the word it stands for: none for short words. */
function typoLimit(length: number): number {
  return length <= 3 ? 0 : length <= 5 ? 1 : 2;
}

function quote(value: string): string {
  return /[\s,="']/.test(value) ? `"${value}"` : value;
}

function segmentsOf(lower: string): string[] {
  return lower.split(/[^\p{L}\p{N}]+/u).filter((s) => s !== '');
}

/** How close `word` is to a known value (lower is closer), or null when it is not. */
function valueScore(word: string, value: string): number | null {
  const v = value.toLowerCase();
  if (v === word) return 0;
  const segments = segmentsOf(v);
  if (word.length >= 3 && segments.includes(word)) return 1;
  if (word.length >= 3 && v.startsWith(word)) return 2;
  if (word.length >= 4 && segments.some((s) => s.startsWith(word))) return 3;
  const limit = typoLimit(word.length);
  if (limit === 0) return null;
  const d = editDistance(word, v);
  if (d <= limit) return 3 + d;
  for (const s of segments) if (s.length >= 4 && editDistance(word, s) <= limit) return 6;
  return null;
}

/** Every (key, value) the bot knows, derived vocabularies included, in key order. */
function knownPairs(sc: SuggestContext): { key: string; rank: number; values: readonly string[] }[] {
  const out: { key: string; rank: number; values: readonly string[] }[] = [];
  const seen = new Set<string>();
  for (const [dim, values] of Object.entries(sc.knownValues ?? {})) {
    const key = normalizeKey(dim, sc.dimensionKeys);
    if (key === null || key.startsWith('tag:') || !Array.isArray(values)) continue;
    const extra = key === 'workload' ? WORKLOAD_VALUES : key === 'accelerator' ? ACCELERATOR_VALUES : [];
    out.push({ key, rank: sc.dimensionKeys.indexOf(key), values: [...new Set([...values, ...extra])] });
    seen.add(key);
  }
  if (!seen.has('workload') && sc.dimensionKeys.includes('workload')) out.push({ key: 'workload', rank: sc.dimensionKeys.indexOf('workload'), values: WORKLOAD_VALUES });
  if (!seen.has('accelerator') && sc.dimensionKeys.includes('accelerator')) out.push({ key: 'accelerator', rank: sc.dimensionKeys.indexOf('accelerator'), values: ACCELERATOR_VALUES });
  return out;
}

function hasValue(sc: SuggestContext, key: string, value: string): boolean {
  if (key === 'workload' && (WORKLOAD_VALUES as readonly string[]).includes(value)) return true;
  if (key === 'accelerator' && (ACCELERATOR_VALUES as readonly string[]).includes(value)) return true;
  return (sc.knownValues?.[key] ?? []).some((v) => v.toLowerCase() === value.toLowerCase());
}

/**
 * Known values close to `typed` (`nlpp` → nlp, `llama` → llama-70b, llama-8b-…), as
 * `key=value` fragments, closest first; only values of `onlyKey` when it is given.
 */
export function suggestValues(typed: string, sc: SuggestContext, onlyKey?: string | null): string[] {
  const word = typed.trim().toLowerCase();
  if (word === '') return [];
  const scored: { fragment: string; score: number; rank: number; length: number }[] = [];
  for (const [key, value] of SYNONYMS[word] ?? []) {
    if ((!onlyKey || onlyKey === key) && hasValue(sc, key, value)) scored.push({ fragment: `${key}=${quote(value)}`, score: 0, rank: -1, length: 0 });
  }
  for (const { key, rank, values } of knownPairs(sc)) {
    if (onlyKey && key !== onlyKey) continue;
    for (const value of values) {
      const score = valueScore(word, value);
      if (score !== null) scored.push({ fragment: `${key}=${quote(value)}`, score, rank, length: value.length });
    }
  }
  scored.sort((a, b) => a.score - b.score || a.rank - b.rank || a.length - b.length || a.fragment.localeCompare(b.fragment));
  // A few per key, fewer when several keys match (`llama`: two models before two experiments).
  const keyOf = (fragment: string) => fragment.slice(0, fragment.indexOf('='));
  const keys = new Set(scored.map((x) => keyOf(x.fragment)));
  const perKey = keys.size > 1 ? 2 : 3;
  const taken = new Map<string, number>();
  const out: string[] = [];
  for (const { fragment } of scored) {
    const key = keyOf(fragment);
    if (out.includes(fragment) || (taken.get(key) ?? 0) >= perKey) continue;
    taken.set(key, (taken.get(key) ?? 0) + 1);
    out.push(fragment);
  }
  return out.slice(0, MAX_SUGGESTIONS);
}

/** `by <key>` for a word close to a dimension key (`modle` → by model). */
function suggestGrouping(word: string, sc: SuggestContext): string[] {
  if (word.length < 4) return [];
  let best: { key: string; d: number } | null = null;
  for (const key of sc.dimensionKeys) {
    const d = editDistance(word, key.toLowerCase());
    if (d <= typoLimit(word.length) && (best === null || d < best.d)) best = { key, d };
  }
  return best ? [`by ${best.key}`] : [];
}

/** A keyword close to `word` (`forcast` → forecast, `yesteday` → yesterday). */
function suggestKeyword(word: string): string[] {
  const limit = typoLimit(word.length);
  for (const [k, fragment] of Object.entries(KEYWORDS)) {
    if (k === word || (limit > 0 && editDistance(word, k) <= limit)) return [fragment];
  }
  return [];
}

/**
 * Everything close to one word that matched nothing: values first (of `onlyKey` when the
 * word stood beside a dimension name), then a grouping, then a keyword.
 */
export function suggestForWord(typed: string, sc: SuggestContext, onlyKey?: string | null): string[] {
  const word = typed.trim().toLowerCase();
  if (word === '' || /^\d+$/.test(word)) return [];
  const out: string[] = [];
  const label = sc.unallocatedLabel?.toLowerCase();
  if (label && (word === label || word === label.replace(/^\W+|\W+$/g, '') || word === 'unallocated')) {
    // The unallocated label is a value of every allocation dimension: the first one shows it.
    const dim = onlyKey && !(FOCUS_KEY_NAMES as readonly string[]).includes(onlyKey) ? onlyKey : sc.dimensionKeys[0];
    if (dim) out.push(`${dim}=${quote(sc.unallocatedLabel!)}`);
  }
  out.push(...suggestValues(word, sc, onlyKey));
  if (!onlyKey) out.push(...suggestGrouping(word, sc), ...suggestKeyword(word));
  return [...new Set(out)].slice(0, MAX_SUGGESTIONS);
}

/** The time phrase two misspelt words stand for (`lst wek` → last week), or null. */
export function suggestTimePhrase(first: string, second: string): string | null {
  const a = first.toLowerCase();
  const b = second.toLowerCase();
  for (const phrase of TIME_PHRASES) {
    const [p, q] = phrase.split(' ') as [string, string];
    if (a === p && b === q) continue;
    if (editDistance(a, p) <= Math.max(1, typoLimit(a.length)) && editDistance(b, q) <= Math.max(1, typoLimit(b.length))) return phrase;
  }
  return null;
}

/** Example questions built from what the bot knows, for a question it did not understand at all. */
export function exampleQueries(sc: SuggestContext): string[] {
  const group = sc.dimensionKeys[0] ?? 'team';
  const key = sc.dimensionKeys.find((k) => k !== group && (sc.knownValues?.[k]?.length ?? 0) > 0) ?? group;
  const value = sc.knownValues?.[key]?.[0];
  return [`by ${group} last week`, value !== undefined ? `${key}=${quote(value)} last 30 days` : 'last 30 days', 'daily this month', 'forecast'];
}
