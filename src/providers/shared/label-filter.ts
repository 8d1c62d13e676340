import type { DimensionDefinition, FilterSpec } from '../../core/types.js';

/**
 * What a push-down query may keep for a tag or dimension filter: rows where one of `keys`
 * (tag keys, trimmed and lower-cased) carries one of `values` (lower-cased), or whose
 * account is one of `accounts`. Always a superset of the rows the engine's exact filter
 * keeps: the engine filters again on what comes back.
 */
export interface LabelFilter {
  keys: string[];
  values: string[];
  accounts: string[];
}

const lower = (s: string) => s.trim().toLowerCase();

/**
 * The tag/account superset of a filter on `key` (`tag:<key>` or a dimension), or null when
 * it cannot be pushed safely:
 * - only `in` (first-present-wins makes `notIn` unsafe);
 * - not for an empty value or the unallocated label, which mean "no tag";
 * - not for dimensions with rules (any row could match a rule);
 * - a dimension's wanted values include every alias that normalises to one of them, and
 *   its account map contributes the accounts that map to a wanted value.
 */
export function labelFilter(key: string, spec: FilterSpec, def: DimensionDefinition | undefined, unallocated: string): LabelFilter | null {
  if (!spec.in) return null;
  const wanted = new Set(spec.in.map(lower));
  if (wanted.has('') || wanted.has(lower(unallocated))) return null;
  if (key.toLowerCase().startsWith('tag:')) {
    return { keys: [lower(key.slice(4))], values: [...wanted], accounts: [] };
  }
  if (!def || (def.rules ?? []).length > 0) return null;
  const aliases = new Map<string, string>();
  for (const [from, to] of Object.entries(def.aliases ?? {})) {
    aliases.set(lower(from), to);
    aliases.set(lower(to), to);
  }
  const normalized = (v: string) => lower(aliases.get(lower(v)) ?? v);
  const values = new Set(wanted);
  for (const from of aliases.keys()) if (wanted.has(normalized(from))) values.add(from);
  const accounts = Object.entries(def.accounts ?? {})
    .filter(([, v]) => wanted.has(normalized(v)))
    .map(([id]) => id.trim());
  return { keys: (def.tags ?? []).map(lower), values: [...values], accounts };
}
