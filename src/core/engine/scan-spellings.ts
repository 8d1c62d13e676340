/**
 * The spelling an answer shows for a folded dimension value: the one the summed rows use
 * (`chooseSpelling` of them), so rows outside the range or filtered out change nothing.
 */
import type { CodedColumn, Dataset } from './dataset.js';
import { chooseSpelling } from './fold-case.js';
import type { CompiledFilter, ScanPlan } from './scan.js';

const severalSpellings = new WeakMap<CodedColumn, Set<number>>();

/** The folded codes of a column that stand for more than one spelling (computed once per column). */
function foldedWithSeveralSpellings(col: CodedColumn): Set<number> {
  let hit = severalSpellings.get(col);
  if (hit) return hit;
  const byFolded = new Map<string, Set<string>>();
  for (const v of col.spellings?.values ?? []) {
    const set = byFolded.get(v.toLowerCase()) ?? new Set<string>();
    set.add(v);
    byFolded.set(v.toLowerCase(), set);
  }
  hit = new Set<number>();
  col.values.forEach((v, code) => {
    if ((byFolded.get(v.toLowerCase())?.size ?? 0) > 1) hit!.add(code);
  });
  severalSpellings.set(col, hit);
  return hit;
}

/**
 * For each grouped dimension whose values differ only by case somewhere in the dataset, the
 * spelling of each folded value as the rows summed here write it (`chooseSpelling` of
 * those): rows outside the range or filtered out do not change what an answer shows.
 * A second pass over the range, run only when a group has several spellings.
 */
export function spellingsInRange(
  ds: Dataset, plan: ScanPlan, groupCols: (CodedColumn | undefined)[], groupCodes: number[][],
  filters: CompiledFilter[], i0: number, i1: number, curCode: number,
): (Map<number, string> | undefined)[] {
  const out: (Map<number, string> | undefined)[] = groupCols.map(() => undefined);
  const wanted = groupCols.map((c, j) => {
    if (!c?.spellings) return null;
    const multi = foldedWithSeveralSpellings(c);
    const several = new Set(groupCodes.map((k) => k[j]!).filter((code) => multi.has(code)));
    return several.size > 0 ? several : null;
  });
  if (wanted.every((w) => w === null)) return out;
  // One typed pass: per grouped column, a mark per spelling code seen on a summed row whose
  // folded value is wanted (no closure or Set per row: this runs over the whole range).
  const cols = groupCols.map((c, j) => (c?.spellings && wanted[j] ? c : null));
  const wantMasks = cols.map((c, j) => {
    if (!c) return null;
    const m = new Uint8Array(c.values.length);
    for (const code of wanted[j]!) m[code] = 1;
    return m;
  });
  const seenMarks = cols.map((c) => (c ? new Uint8Array(c.spellings!.values.length) : null));
  const { shared, day } = ds;
  const cur = ds.currency.codes;
  const F = filters.length;
  const fMasks = filters.map((f) => f.mask);
  const fCodes = filters.map((f) => f.codes);
  for (let i = i0; i < i1; i++) {
    if (cur[i] !== curCode || shared[i]! >= 0 || day[i]! < plan.startDay) continue;
    let pass = true;
    for (let f = 0; f < F; f++) {
      if (fMasks[f]![fCodes[f]![i]!] === 0) {
        pass = false;
        break;
      }
    }
    if (!pass) continue;
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j];
      if (c && wantMasks[j]![c.codes[i]!] === 1) seenMarks[j]![c.spellings!.codes[i]!] = 1;
    }
  }
  cols.forEach((c, j) => {
    if (!c) return;
    const fold = foldedOf(c);
    const bySpelling = new Map<number, string[]>();
    seenMarks[j]!.forEach((seen, sp) => {
      if (seen === 0) return;
      const folded = fold[sp]!;
      const list = bySpelling.get(folded);
      if (list) list.push(c.spellings!.values[sp]!);
      else bySpelling.set(folded, [c.spellings!.values[sp]!]);
    });
    if (bySpelling.size > 0) out[j] = new Map([...bySpelling].map(([code, list]) => [code, chooseSpelling(list)]));
  });
  return out;
}

const foldedCodes = new WeakMap<CodedColumn, Uint32Array>();

/** For a folded column, the folded code of each spelling code (computed once per column). */
function foldedOf(col: CodedColumn): Uint32Array {
  let hit = foldedCodes.get(col);
  if (hit) return hit;
  const codeOf = new Map<string, number>();
  col.values.forEach((v, code) => codeOf.set(v.toLowerCase(), code));
  hit = Uint32Array.from(col.spellings!.values, (v) => codeOf.get(v.toLowerCase())!);
  foldedCodes.set(col, hit);
  return hit;
}
