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
  const seen = groupCols.map(() => new Map<number, Set<string>>());
  const { shared, day } = ds;
  for (let i = i0; i < i1; i++) {
    if (ds.currency.codes[i] !== curCode || shared[i]! >= 0 || day[i]! < plan.startDay) continue;
    if (filters.some((f) => f.mask[f.codes[i]!] === 0)) continue;
    groupCols.forEach((c, j) => {
      const folded = c?.codes[i];
      if (c?.spellings && folded !== undefined && wanted[j]?.has(folded)) {
        const set = seen[j]!.get(folded) ?? new Set<string>();
        set.add(c.spellings.values[c.spellings.codes[i]!]!);
        seen[j]!.set(folded, set);
      }
    });
  }
  seen.forEach((m, j) => {
    if (m.size > 0) out[j] = new Map([...m].map(([code, set]) => [code, chooseSpelling(set)]));
  });
  return out;
}
