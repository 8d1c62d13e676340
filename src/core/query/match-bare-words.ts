/**
 * Bare words: what is left of a query after filters, keywords and time expressions. Each is
 * matched (case-insensitively, longest multi-word value first) against the known values of
 * every dimension. A unique match becomes a filter; several matches become a question; no
 * match becomes a note. A neighbouring dimension name (`nlp team`, `model llama-70b`) picks
 * the dimension.
 */
import { ACCELERATOR_VALUES, WORKLOAD_VALUES } from '../keys.js';
import { normalizeKey } from './suggest-key.js';

/** Words consumed silently: question words, verbs and glue of a cost question. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'how', 'much', 'many', 'what', 'whats', "what's", 'which', 'who', 'where', 'why', 'when',
  'did', 'does', 'do', 'done', 'was', 'were', 'is', 'are', 'be', 'been', 'has', 'have', 'had',
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'there', 'here',
  'cost', 'costs', 'costing', 'costed', 'spend', 'spends', 'spending', 'spent', 'money', 'bill', 'billing', 'usage',
  'expense', 'expenses', 'paid', 'pay', 'burn', 'burned', 'burnt', 'charges', 'cloud',
  'in', 'on', 'for', 'of', 'from', 'during', 'with', 'at', 'to', 'into', 'over', 'within', 'since', 'between',
  'until', 'through', 'about', 'across', 'all', 'each', 'every', 'so', 'far', 'up', 'out',
  'me', 'my', 'our', 'we', 'us', 'i', 'you', 'it', 'its', 'they', 'their', 'and', 'or', '&', '+',
  'show', 'list', 'get', 'give', 'tell', 'see', 'view', 'report', 'let', 'lets', "let's", 'can', 'could', 'would', 'will',
  'please', 'pls', 'thanks', 'thank', 'total', 'totals', 'overall', 'breakdown', 'broken', 'down', 'group', 'grouped', 'split',
  'dollars', 'usd', '$', 'period', 'range', 'time', 'year', 'most', 'least', 'biggest', 'largest', 'highest', 'top',
]);

export interface BareWord {
  norm: string;
  raw: string;
  consumed: boolean;
}

/**
 * A word nothing used: its index among the words, as typed (punctuation trimmed), the
 * dimension named beside it (`nlpp team`), or the dimension it names itself (`team costs`).
 */
export interface Leftover {
  index: number;
  word: string;
  hint: string | null;
  names?: string;
}

export interface BareWordMatch {
  filters: { key: string; value: string }[];
  errors: string[];
  notes: string[];
  /** Words that carry meaning but matched nothing (stop words and dimension names excluded). */
  leftovers: Leftover[];
}

interface Candidate {
  key: string;
  value: string;
}

const MAX_WORDS = 6;
const MAX_LISTED = 10;

function splitValue(value: string): string[] {
  return value
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}$€£#@]+|[^\p{L}\p{N}%+#]+$/gu, '').toLowerCase())
    .filter((w) => w !== '');
}

/** Known values by their lower-case words (`llama-70b`, `data lake`), for bare words and `X vs Y`. */
export function buildIndex(knownValues: Record<string, string[]>, dimensionKeys: readonly string[]): { index: Map<string, Candidate[]>; maxWords: number } {
  const index = new Map<string, Candidate[]>();
  let maxWords = 1;
  const put = (words: string[], key: string, value: string): void => {
    if (words.length === 0 || words.length > MAX_WORDS) return;
    const k = words.join(' ');
    const list = index.get(k) ?? [];
    if (!list.some((c) => c.key === key)) list.push({ key, value });
    index.set(k, list);
    maxWords = Math.max(maxWords, words.length);
  };
  const add = (key: string, value: string): void => {
    const words = splitValue(value);
    put(words, key, value);
    // `data transfer` is data-transfer too: a value's hyphenated words may be typed apart.
    const apart = words.flatMap((w) => w.split(/[-_]+/)).filter((w) => w !== '');
    if (apart.length > words.length) put(apart, key, value);
  };
  for (const [dim, values] of Object.entries(knownValues ?? {})) {
    const key = normalizeKey(dim, dimensionKeys);
    if (key === null || key.startsWith('tag:') || !Array.isArray(values)) continue;
    for (const v of values) if (typeof v === 'string') add(key, v);
  }
  // The derived dimensions' vocabulary is known even before any data is loaded. `other` and
  // `none` are left out: as bare words they are ordinary English, not filters.
  if (dimensionKeys.includes('workload')) for (const v of WORKLOAD_VALUES) if (v !== 'other') add('workload', v);
  if (dimensionKeys.includes('accelerator')) for (const v of ACCELERATOR_VALUES) if (v !== 'none') add('accelerator', v);
  return { index, maxWords };
}

/** Singular forms a plural word may stand for (`gpus` → gpu, `taxes` → tax), longest first. */
function singulars(norm: string): string[] {
  if (norm.length < 4 || !norm.endsWith('s') || norm.endsWith('ss')) return [];
  const out = [norm.slice(0, -1)];
  if (norm.endsWith('es')) out.push(norm.slice(0, -2));
  return out;
}

export function quoteValue(value: string): string {
  return /[\s,="']/.test(value) ? `"${value}"` : value;
}

/** A word as typed without the punctuation around it (`“GPUs?”` → `GPUs`). */
function trimEdges(raw: string): string {
  return raw.replace(/^[^\p{L}\p{N}$#@]+|[^\p{L}\p{N}%+#]+$/gu, '') || raw;
}

function listOr(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * Matches the unconsumed words against known values. Words marked consumed break multi-word
 * values and hints. Returns the filters to add, at most one question per ambiguous word, and
 * notes for what was ignored.
 */
export function matchBareWords(words: BareWord[], knownValues: Record<string, string[]>, dimensionKeys: readonly string[]): BareWordMatch {
  const { index, maxWords } = buildIndex(knownValues, dimensionKeys);
  const used = words.map((w) => w.consumed || w.norm === '');
  const out: BareWordMatch = { filters: [], errors: [], notes: [], leftovers: [] };
  const dimOf = (i: number): string | null => {
    if (i < 0 || i >= words.length || used[i]) return null;
    const key = normalizeKey(words[i].norm.replace(/['’]s$/, ''), dimensionKeys);
    return key !== null && !key.startsWith('tag:') ? key : null;
  };

  // 1. Values, longest first, with a dimension name beside them as a hint.
  for (let i = 0; i < words.length; i++) {
    if (used[i]) continue;
    let found: Candidate[] | undefined;
    let n = Math.min(maxWords, words.length - i);
    for (; n >= 1; n--) {
      if (used.slice(i, i + n).some(Boolean)) continue;
      if (n === 1 && STOP_WORDS.has(words[i].norm)) break;
      found = index.get(words.slice(i, i + n).map((w) => w.norm).join(' '));
      if (found) break;
    }
    let plural = false;
    if (!found && !STOP_WORDS.has(words[i].norm)) {
      // `GPUs`, `taxes`: the plural of a known value is that value (said in a note).
      for (const single of singulars(words[i].norm)) {
        found = index.get(single);
        if (found) break;
      }
      n = 1;
      plural = found !== undefined;
    }
    if (!found) continue;
    for (let k = i; k < i + n; k++) used[k] = true;
    let candidates = found;
    for (const h of [i - 1, i + n]) {
      const hinted = dimOf(h);
      const only = hinted === null ? [] : found.filter((c) => c.key === hinted);
      if (only.length > 0) {
        candidates = only;
        used[h] = true;
        break;
      }
    }
    if (candidates.length === 1) {
      out.filters.push(candidates[0]);
      if (plural) out.notes.push(`read “${trimEdges(words[i].raw)}” as ${candidates[0].key}=${quoteValue(candidates[0].value)}`);
    } else {
      const typed = words.slice(i, i + n).map((w) => w.raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')).join(' ');
      const options = candidates.map((c) => `${c.key}=${quoteValue(c.value)}`);
      out.errors.push(`“${typed}” could be ${listOr(options)} — which one? Write ${listOr(options)}.`);
    }
    i += n - 1;
  }

  // 2. What is left: stop words go silently, the rest is reported. An unknown word beside a
  // dimension name gets a note naming that dimension (and the name gets no note of its own).
  const hintOf = new Map<number, string>();
  for (let i = 0; i < words.length; i++) {
    if (used[i] || STOP_WORDS.has(words[i].norm) || dimOf(i) !== null) continue;
    for (const h of [i - 1, i + 1]) {
      const dim = dimOf(h);
      if (dim !== null) {
        hintOf.set(i, dim);
        used[h] = true;
        break;
      }
    }
  }
  const unknown: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (used[i] || STOP_WORDS.has(words[i].norm)) continue;
    const word = trimEdges(words[i].raw);
    const hint = hintOf.get(i);
    const named = dimOf(i);
    out.leftovers.push(named === null ? { index: i, word, hint: hint ?? null } : { index: i, word, hint: null, names: named });
    if (hint !== undefined) {
      out.notes.push(`ignored “${word}”: not a known value of ${hint} — to filter on it anyway write ${hint}=${quoteValue(word)}`);
      continue;
    }
    const dim = dimOf(i);
    if (dim !== null) {
      out.notes.push(`ignored “${word}”: to break the total down by it write by ${dim}; to filter on it write ${dim}=<value>`);
      continue;
    }
    unknown.push(word);
  }
  if (unknown.length > 0) {
    const shown = unknown.slice(0, MAX_LISTED).map((w) => `“${w}”`).join(', ');
    const more = unknown.length > MAX_LISTED ? ` and ${unknown.length - MAX_LISTED} more` : '';
    const what = unknown.length === 1 ? 'not a known value of any dimension' : 'not known values of any dimension';
    const example = `${dimensionKeys[0] ?? 'team'}=${quoteValue(unknown[0])}`;
    out.notes.push(`ignored ${shown}${more}: ${what} — use key=value to filter, e.g. ${example}`);
  }
  return out;
}
