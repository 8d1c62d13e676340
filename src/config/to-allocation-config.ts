import type { AllocationConfig, DimensionDefinition } from '../core/types.js';
import type { FinopsConfig } from './types.js';

/**
 * What the allocation layer needs from the configuration: the configured dimensions in
 * file order, the shared-cost rules and the unallocated label. The built-in `workload`
 * and `accelerator` are not added here; the allocation layer adds each unless the
 * configuration defines a dimension of that name. The result shares no objects with `cfg`.
 */
export function toAllocationConfig(cfg: Pick<FinopsConfig, 'dimensions' | 'shared' | 'unallocated'>): AllocationConfig {
  // A null prototype: a tag value such as "constructor" must never find an inherited entry.
  const dimensions = Object.create(null) as Record<string, DimensionDefinition>;
  for (const [name, d] of Object.entries(cfg.dimensions)) {
    dimensions[name] = {
      tags: [...d.tags],
      accounts: Object.assign(Object.create(null), d.accounts),
      rules: d.rules.map((r) => ({ when: copyMatcher(r.when), value: r.value })),
      aliases: Object.assign(Object.create(null), d.aliases),
    };
  }
  return {
    dimensions,
    shared: cfg.shared.map((s) => ({ name: s.name, when: copyMatcher(s.when), split: s.split })),
    unallocated: cfg.unallocated,
  };
}

function copyMatcher(when: Record<string, string | string[]>): Record<string, string | string[]> {
  const out = Object.create(null) as Record<string, string | string[]>;
  for (const [column, pattern] of Object.entries(when)) out[column] = Array.isArray(pattern) ? [...pattern] : pattern;
  return out;
}
