import { withBuiltins } from '../../core/allocation/build-allocator.js';
import { FOCUS_KEYS } from '../../core/keys.js';
import type { AllocationConfig, DimensionDefinition } from '../../core/types.js';
import { COLUMN_DIMENSION, CONSTANT_COLUMNS, FOCUS_KEY_DIMENSION, type CeDimension } from './ce-vocabulary.js';
import type { ChainStep, Field, KeyChain } from './types.js';

/**
 * The exact spellings present in the period of a configured tag key. AWS tag keys are
 * case-sensitive (`Team`, `team` and ` team` are three keys to Cost Explorer) while the
 * allocation layer matches them trimmed and case-insensitively, so each configured key
 * stands for every spelling present. The configured spelling comes first.
 */
export function tagSpellings(configured: string, present: string[]): string[] {
  const want = configured.trim().toLowerCase();
  const found = present.filter((t) => t.trim().toLowerCase() === want);
  return found.sort((a, b) => (a === configured ? -1 : b === configured ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

/** The Cost Explorer dimensions the rules of a dimension read, in order of first use. */
export function ruleDimensions(def: DimensionDefinition, notes: Set<string>, key: string): CeDimension[] {
  const out: CeDimension[] = [];
  const missing = new Set<string>();
  for (const rule of def.rules ?? []) {
    for (const column of Object.keys(rule.when)) {
      const dim = COLUMN_DIMENSION[column];
      if (dim) {
        if (!out.includes(dim)) out.push(dim);
      } else if (!(column in CONSTANT_COLUMNS)) missing.add(column);
    }
  }
  if (missing.size) {
    notes.add(`Cost Explorer has no ${[...missing].sort().join(', ')}: the ${key} rules that read ${missing.size === 1 ? 'it' : 'them'} see an empty value.`);
  }
  return out;
}

/** The definition of a configured or built-in dimension, if `key` names one. */
export function dimensionDefinition(key: string, allocation: AllocationConfig): DimensionDefinition | undefined {
  return withBuiltins(allocation.dimensions)[key];
}

/**
 * How Cost Explorer computes one query key, as the allocation layer does:
 * 1. each configured tag key, in order, each spelling present in the period;
 * 2. the account map (LINKED_ACCOUNT);
 * 3. the rules, over the dimensions their columns map to (the final step);
 * 4. nothing more: what is left is the unallocated label.
 * FOCUS keys are one final step over their dimension; `provider` needs none (always AWS).
 */
export function buildKeyChain(key: string, allocation: AllocationConfig, tagKeys: string[], notes: Set<string>): KeyChain {
  if (key.toLowerCase().startsWith('tag:')) {
    const steps: ChainStep[] = tagSpellings(key.slice(4), tagKeys).map((t) => ({ kind: 'tag', field: { kind: 'tag', key: t } }));
    return { key, steps: [...steps, { kind: 'final', fields: [] }] };
  }
  const def = dimensionDefinition(key, allocation);
  if (def) {
    const steps: ChainStep[] = [];
    for (const configured of def.tags ?? []) {
      for (const t of tagSpellings(configured, tagKeys)) {
        if (!steps.some((s) => s.kind === 'tag' && s.field.key === t)) steps.push({ kind: 'tag', field: { kind: 'tag', key: t } });
      }
    }
    const mapped = Object.keys(def.accounts ?? {}).map((a) => a.trim());
    if (mapped.length) steps.push({ kind: 'account', mapped });
    const fields: Field[] = ruleDimensions(def, notes, key).map((d) => ({ kind: 'dim', key: d }));
    steps.push({ kind: 'final', fields });
    return { key, steps };
  }
  const dim = FOCUS_KEY_DIMENSION[key];
  if (dim) return { key, steps: [{ kind: 'final', fields: [{ kind: 'dim', key: dim }] }] };
  if (key in FOCUS_KEYS && key !== 'provider') {
    notes.add(`Cost Explorer cannot break costs down by ${key} (GetCostAndUsage has no such grouping): it is empty in these figures.`);
  }
  return { key, steps: [{ kind: 'final', fields: [] }] };
}

/** Every field a step reads. */
export function stepFields(step: ChainStep): Field[] {
  if (step.kind === 'tag') return [step.field];
  if (step.kind === 'account') return [{ kind: 'dim', key: 'LINKED_ACCOUNT' }];
  return step.fields;
}

export function fieldId(f: Field): string {
  return `${f.kind}:${f.key}`;
}
