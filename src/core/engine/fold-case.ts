/**
 * Values of a dimension that differ only by case (`NLP`, `nlp`) are one value: one code in
 * the dataset, one spelling in answers, whichever source or rows held them.
 */
import type { CodedColumn } from './dataset.js';

/**
 * The spelling shown for values that differ only by case: the all-lower-case one if present,
 * else the first in code-unit order. It depends only on the set of spellings, so an answer
 * is the same whichever source (or which rows of it) held them.
 */
export function chooseSpelling(spellings: Iterable<string>): string {
  let best: string | null = null;
  for (const s of spellings) {
    if (s === s.toLowerCase()) return s;
    if (best === null || s < best) best = s;
  }
  return best ?? '';
}

/**
 * One code per dimension value whatever its case (`NLP`, `nlp`): filters match
 * case-insensitively, so groups must too. The dictionary keeps `chooseSpelling` of all the
 * spellings; each row's own spelling is kept in `spellings`, so that a scan can show the
 * spelling of the rows it sums (an answer over a range must not depend on rows outside it).
 */
export function foldCase(col: CodedColumn): CodedColumn {
  const byFolded = new Map<string, string[]>();
  for (const v of col.values) {
    const f = v.toLowerCase();
    const list = byFolded.get(f);
    if (list) list.push(v);
    else byFolded.set(f, [v]);
  }
  if (byFolded.size === col.values.length) return col;
  const values: string[] = [];
  const codeOf = new Map<string, number>();
  for (const [f, spellings] of byFolded) {
    codeOf.set(f, values.length);
    values.push(chooseSpelling(spellings));
  }
  const remap = col.values.map((v) => codeOf.get(v.toLowerCase())!);
  const codes = new Uint32Array(col.codes.length);
  for (let i = 0; i < codes.length; i++) codes[i] = remap[col.codes[i]!]!;
  return { codes, values, spellings: { codes: col.codes, values: col.values } };
}
