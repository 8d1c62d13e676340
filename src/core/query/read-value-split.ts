/**
 * `training vs inference`, `nlp versus vision`, `llama-70b compared to sdxl`: two or more
 * known values of one dimension joined by a comparison word are not a comparison of periods
 * (query-language.md, Comparisons) but a breakdown by that dimension restricted to them.
 */
import { buildIndex } from './match-bare-words.js';
import { addFilter, addGroup, type QueryDraft } from './query-draft.js';

const SPLIT_WORDS = new Set(['vs', 'versus', 'against', 'compared', 'comparing']);
const FILLERS = new Set(['to', 'with']);

interface ValueAt {
  /** Words it spans, from `start`. */
  start: number;
  n: number;
  keys: Map<string, string>;
}

/**
 * Reads every `X vs Y` whose sides are known values sharing a dimension: consumes the words,
 * filters that dimension to the values and groups by it. Sides that are not values of one
 * dimension (`training vs last month`) are left for the time and bare-word passes.
 */
export function readValueSplits(draft: QueryDraft): void {
  const words = draft.words;
  if (!words.some((w) => !w.consumed && SPLIT_WORDS.has(w.norm))) return;
  const { index, maxWords } = buildIndex(draft.ctx.knownValues ?? {}, draft.ctx.dimensionKeys);

  // The longest known value ending just before `end` (exclusive) or starting at `start`.
  const valueEndingAt = (end: number): ValueAt | null => {
    for (let n = Math.min(maxWords, end); n >= 1; n--) {
      const start = end - n;
      const span = words.slice(start, end);
      if (span.some((w) => w.consumed)) continue;
      const found = index.get(span.map((w) => w.norm).join(' '));
      if (found) return { start, n, keys: new Map(found.map((c) => [c.key, c.value])) };
    }
    return null;
  };
  const valueStartingAt = (start: number): ValueAt | null => {
    for (let n = Math.min(maxWords, words.length - start); n >= 1; n--) {
      const span = words.slice(start, start + n);
      if (span.some((w) => w.consumed)) continue;
      const found = index.get(span.map((w) => w.norm).join(' '));
      if (found) return { start, n, keys: new Map(found.map((c) => [c.key, c.value])) };
    }
    return null;
  };

  // The end of the last split read and its dimension, so `a vs b vs c` goes on with c.
  let last: { end: number; key: string } | null = null;
  for (let i = 0; i < words.length; i++) {
    if (words[i].consumed || !SPLIT_WORDS.has(words[i].norm)) continue;
    let j = i + 1;
    while (j < words.length && !words[j].consumed && FILLERS.has(words[j].norm)) j++;
    const right = j < words.length ? valueStartingAt(j) : null;
    if (right === null) continue;
    const left = valueEndingAt(i);
    let key: string | undefined;
    const values: string[] = [];
    if (left !== null) {
      key = [...left.keys.keys()].find((k) => right.keys.has(k));
      if (key !== undefined) values.push(left.keys.get(key)!);
    } else if (last !== null && last.end === i && right.keys.has(last.key)) {
      key = last.key;
    }
    if (key === undefined) continue;
    values.push(right.keys.get(key)!);
    for (let k = left?.start ?? i; k < right.start + right.n; k++) words[k].consumed = true;
    addFilter(draft, key, values, false);
    addGroup(draft, key);
    if (!draft.splits.includes(key)) draft.splits.push(key);
    last = { end: right.start + right.n, key };
    i = right.start + right.n - 1;
  }
}
