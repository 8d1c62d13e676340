import type { DimensionDefinition } from '../../core/types.js';

/** Appends `value` unless a case-insensitive twin is already there or `limit` is reached. */
export function pushUnique(list: string[], seen: Set<string>, value: string, limit: number): void {
  const k = value.toLowerCase();
  if (seen.has(k) || list.length >= limit) return;
  seen.add(k);
  list.push(value);
}

/**
 * The known values of each tag-based dimension from the values seen per tag key (keys
 * trimmed and lower-cased): every key of the dimension in order, aliases applied, unique
 * case-insensitively, at most `limit`. The push-down providers' known-values queries share it.
 */
export function tagDimensionValues(dims: Record<string, Pick<DimensionDefinition, 'tags' | 'aliases'>>, tagValues: ReadonlyMap<string, string[]>, limit: number): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, def] of Object.entries(dims)) {
    if (!def.tags?.length) continue;
    const aliases = new Map<string, string>();
    for (const [from, to] of Object.entries(def.aliases ?? {})) {
      aliases.set(from.trim().toLowerCase(), to);
      aliases.set(to.trim().toLowerCase(), to);
    }
    const list: string[] = [];
    const seen = new Set<string>();
    for (const key of def.tags) {
      for (const v of tagValues.get(key.trim().toLowerCase()) ?? []) pushUnique(list, seen, aliases.get(v.toLowerCase()) ?? v, limit);
    }
    out[name] = list;
  }
  return out;
}
