import { FOCUS_COLUMNS } from '../keys.js';
import type { CostRecord, Matcher } from '../types.js';

/** A compiled `when` matcher over a cost record. */
export type RecordPredicate = (rec: CostRecord) => boolean;

/** Turns a `*` wildcard pattern into a case-insensitive, anchored regular expression. */
export function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern
    .trim()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}

/**
 * Compiles a matcher: AND across columns, OR within a column's list, `*` wildcards,
 * case-insensitive. Column names are FOCUS column names (`ServiceName`, `ChargeDescription`…).
 * An unknown column never matches (the configuration loader reports it before we get here).
 */
export function compileMatcher(when: Matcher): RecordPredicate {
  const tests: { field: keyof CostRecord; patterns: RegExp[] }[] = [];
  for (const [column, raw] of Object.entries(when)) {
    if (raw === undefined) continue;
    const field = FOCUS_COLUMNS[column];
    if (!field) return () => false;
    const list = Array.isArray(raw) ? raw : [raw];
    tests.push({ field, patterns: list.map(wildcardToRegExp) });
  }
  return (rec) => {
    for (const t of tests) {
      const value = String(rec[t.field] ?? '');
      if (!t.patterns.some((p) => p.test(value))) return false;
    }
    return true;
  };
}

/** The FOCUS record fields a matcher reads (for memoising allocation by those fields only). */
export function matcherFields(when: Matcher): (keyof CostRecord)[] {
  return Object.keys(when)
    .map((c) => FOCUS_COLUMNS[c])
    .filter((f): f is keyof CostRecord => f !== undefined);
}
