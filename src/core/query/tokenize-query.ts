/**
 * Splits a query into filter tokens (`key=value`, `key!=a,b`, `key:"two words"`,
 * `tag:cost-center=ml`) and plain words, keeping character offsets so that time
 * expressions can be found in the text between them.
 */

export type FilterOp = '=' | '!=' | ':';

export interface FilterToken {
  type: 'filter';
  /** The key as typed (`Team`, `tag:Cost-Center`). */
  key: string;
  op: FilterOp;
  /** Values as typed, quotes removed; empty when nothing followed the operator. */
  values: string[];
  start: number;
  end: number;
}

export interface WordToken {
  type: 'word';
  /** The word as typed, punctuation included. */
  raw: string;
  /** Lower case, without leading/trailing punctuation (`October?` → `october`). */
  norm: string;
  start: number;
  end: number;
}

export type Token = FilterToken | WordToken;

// `tag:<key>` then `=`/`!=`; or a key then `=`/`!=` (spaces allowed) or `:` (no spaces, and
// a value right after it, so `Q: how much…` and `note: …` stay words).
const TAG_FILTER = /(tag:(?:"[^"]+"|'[^']+'|“[^”]+”|[^\s=!:,"'“”‘’]+))\s*(!=|=)\s*/iy;
const KEY_FILTER = /([\p{L}_][\p{L}\p{N}_.-]*)(?:\s*(!=|=)\s*|(:)(?=[^\s/]))/uy;
const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’', '”': '”' };
const TRAILING = /[?!.,;:]+$/;
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/**
 * Strips sentence punctuation after a value, and closing brackets that close nothing in
 * it: `llama-70b?` → `llama-70b`, `(x)` stays, `(untagged))` → `(untagged)`.
 */
function stripTrailing(raw: string): string {
  let v = raw.replace(TRAILING, '');
  for (;;) {
    const last = v.at(-1);
    const open = last === undefined ? undefined : CLOSERS[last];
    if (open === undefined) return v;
    const opens = v.split(open).length - 1;
    const closes = v.split(last!).length - 1;
    if (closes <= opens) return v;
    v = v.slice(0, -1).replace(TRAILING, '');
  }
}
const EDGE = /^[^\p{L}\p{N}$€£#@]+|[^\p{L}\p{N}%+#]+$/gu;

/** Lower-cases a word and strips punctuation around it (`“October?”` → `october`). */
export function normalizeWord(raw: string): string {
  return raw.replace(EDGE, '').toLowerCase();
}

function readValues(text: string, from: number): { values: string[]; end: number } {
  const values: string[] = [];
  let i = from;
  for (;;) {
    const c = text[i];
    if (c !== undefined && c in QUOTES) {
      const close = text.indexOf(QUOTES[c], i + 1);
      const stop = close === -1 ? text.length : close;
      values.push(text.slice(i + 1, stop).trim());
      i = close === -1 ? text.length : close + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s,]/.test(text[j])) j++;
      const raw = text.slice(i, j);
      // `model=llama-70b?` — a question mark or full stop ends the sentence, not the value.
      const value = j >= text.length || /\s/.test(text[j]) ? stripTrailing(raw) : raw;
      if (value !== '') values.push(value);
      i = j;
    }
    // `a,b` continues the list; `a, b` does not (the space ends the filter).
    if (text[i] === ',' && i + 1 < text.length && !/\s/.test(text[i + 1])) {
      i++;
      continue;
    }
    if (text[i] === ',') i++;
    return { values: values.filter((v) => v !== ''), end: i };
  }
}

/** Tokenizes a query. Never throws; every character belongs to at most one token. */
export function tokenizeQuery(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    TAG_FILTER.lastIndex = i;
    KEY_FILTER.lastIndex = i;
    const m = TAG_FILTER.exec(text) ?? KEY_FILTER.exec(text);
    if (m) {
      const op = (m[2] ?? m[3]) as FilterOp;
      const { values, end } = readValues(text, i + m[0].length);
      // `tag:"cost center"` names the tag key `cost center`.
      const key = /^tag:["'“]/i.test(m[1]) ? `tag:${m[1].slice(5, -1)}` : m[1];
      tokens.push({ type: 'filter', key, op, values, start: i, end });
      i = Math.max(end, i + 1);
      continue;
    }
    let j = i;
    while (j < text.length && !/\s/.test(text[j])) j++;
    const raw = text.slice(i, j);
    tokens.push({ type: 'word', raw, norm: normalizeWord(raw), start: i, end: j });
    i = j;
  }
  return tokens;
}
