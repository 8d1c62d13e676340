import { BUILTIN_DEFINITIONS } from './builtin-dimensions.js';
import { compileMatcher, matcherFields, type RecordPredicate } from './compile-matcher.js';
import type { AllocationConfig, CostRecord, DimensionDefinition } from '../types.js';

/** Tags with keys trimmed and lower-cased; the first spelling present wins. */
export type NormalizedTags = Map<string, string>;

export function normalizeTags(tags: Record<string, string>): NormalizedTags {
  const out: NormalizedTags = new Map();
  for (const [k, v] of Object.entries(tags)) {
    const key = k.trim().toLowerCase();
    const value = v == null ? '' : String(v).trim();
    if (key === '' || value === '' || out.has(key)) continue;
    out.set(key, value);
  }
  return out;
}

interface CompiledDimension {
  name: string;
  tagKeys: string[];
  accounts: Map<string, string>;
  rules: { test: RecordPredicate; value: string }[];
  aliases: Map<string, string>;
}

/** The allocation layer compiled for one configuration. */
export interface Allocator {
  /** Dimension names in order (configured, then built-ins not redefined). */
  readonly dimensions: string[];
  readonly unallocated: string;
  /** Shared rule names; `sharedIndex` returns an index into this list. */
  readonly sharedNames: string[];
  readonly sharedSplits: ('proportional' | 'even' | 'none')[];
  /** Record fields that rules and shared matchers read (besides tags and SubAccountId). */
  readonly ruleFields: (keyof CostRecord)[];
  /** The value of every dimension for a record, in `dimensions` order. */
  allocate(rec: CostRecord, tags: NormalizedTags): string[];
  /** The shared rule a record belongs to, or -1 for a direct cost. */
  sharedIndex(rec: CostRecord): number;
}

/** Configured dimensions plus the built-ins the configuration does not redefine. */
export function withBuiltins(dims: Record<string, DimensionDefinition>): Record<string, DimensionDefinition> {
  const out: Record<string, DimensionDefinition> = { ...dims };
  for (const [name, def] of Object.entries(BUILTIN_DEFINITIONS)) if (!(name in out)) out[name] = def;
  return out;
}

/**
 * Compiles the allocation configuration. Each dimension's value is, in order:
 * 1. the first configured tag present (keys trimmed, case-insensitive);
 * 2. the account map (SubAccountId → value);
 * 3. the first matching rule;
 * 4. then aliases normalise the value (case-insensitive; a value equal to an alias
 *    target in another case takes the target's spelling);
 * 5. otherwise the unallocated label.
 */
export function buildAllocator(cfg: AllocationConfig): Allocator {
  const defs = withBuiltins(cfg.dimensions);
  const compiled: CompiledDimension[] = Object.entries(defs).map(([name, def]) => {
    const aliases = new Map<string, string>();
    for (const [from, to] of Object.entries(def.aliases ?? {})) {
      aliases.set(from.trim().toLowerCase(), to);
      aliases.set(to.trim().toLowerCase(), to);
    }
    return {
      name,
      tagKeys: (def.tags ?? []).map((t) => t.trim().toLowerCase()),
      accounts: new Map(Object.entries(def.accounts ?? {}).map(([k, v]) => [k.trim(), v])),
      rules: (def.rules ?? []).map((r) => ({ test: compileMatcher(r.when), value: r.value })),
      aliases,
    };
  });
  const shared = cfg.shared.map((s) => compileMatcher(s.when));
  const fields = new Set<keyof CostRecord>();
  for (const def of Object.values(defs)) for (const r of def.rules ?? []) for (const f of matcherFields(r.when)) fields.add(f);
  for (const s of cfg.shared) for (const f of matcherFields(s.when)) fields.add(f);
  fields.delete('subAccountId');

  return {
    dimensions: compiled.map((d) => d.name),
    unallocated: cfg.unallocated,
    sharedNames: cfg.shared.map((s) => s.name),
    sharedSplits: cfg.shared.map((s) => s.split),
    ruleFields: [...fields],
    allocate(rec, tags) {
      return compiled.map((d) => {
        let value: string | undefined;
        for (const key of d.tagKeys) {
          value = tags.get(key);
          if (value !== undefined) break;
        }
        value ??= d.accounts.get(rec.subAccountId);
        if (value === undefined) value = d.rules.find((r) => r.test(rec))?.value;
        if (value === undefined) return cfg.unallocated;
        return d.aliases.get(value.trim().toLowerCase()) ?? value;
      });
    },
    sharedIndex(rec) {
      for (let i = 0; i < shared.length; i++) if (shared[i]!(rec)) return i;
      return -1;
    },
  };
}
