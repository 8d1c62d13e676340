import { wildcardToRegExp } from '../../core/allocation/compile-matcher.js';
import { FOCUS_COLUMNS } from '../../core/keys.js';
import type { AllocationConfig, DimensionDefinition, FilterSpec, Matcher } from '../../core/types.js';
import { COLUMN_DIMENSION, CONSTANT_COLUMNS, FOCUS_KEY_DIMENSION, KNOWN_RECORD_TYPES, focusValue, type CeDimension } from './ce-vocabulary.js';
import { andExpr, dimensionIn, notExpr, orExpr, tagAbsent, tagIn, type Expr } from './expression.js';
import { dimensionDefinition } from './key-chains.js';
import type { Discovery, KeyChain } from './types.js';

const patternsOf = (raw: string | string[] | undefined) => (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]);

/** True when the values of `dim` must be discovered to expand these patterns exactly. */
export function needsValues(dim: CeDimension, patterns: string[]): boolean {
  // Account ids have no case: a plain id is its own value.
  return !(dim === 'LINKED_ACCOUNT' && patterns.every((p) => !p.includes('*')));
}

/**
 * The values of a dimension a pattern list can match: discovered ones (and the known
 * record types); null when they were not discovered.
 */
function candidates(dim: CeDimension, patterns: string[], discovery: Discovery): string[] | null {
  if (!needsValues(dim, patterns)) return patterns.map((p) => p.trim());
  const found = discovery.dimensionValues[dim];
  if (!found) return null;
  return dim === 'RECORD_TYPE' ? [...new Set([...KNOWN_RECORD_TYPES, ...found])] : found;
}

/** The dimensions a matcher reads, with the patterns that need their values discovered. */
export function matcherDimensions(when: Matcher): { dim: CeDimension; patterns: string[] }[] {
  const out: { dim: CeDimension; patterns: string[] }[] = [];
  for (const [column, raw] of Object.entries(when)) {
    const dim = COLUMN_DIMENSION[column];
    if (dim) out.push({ dim, patterns: patternsOf(raw) });
  }
  return out;
}

/**
 * A `when` matcher (AND across columns, OR within a list, `*` wildcards, case-insensitive)
 * as a Cost Explorer expression. Cost Explorer's dimension filters take exact values only,
 * so each pattern is expanded over the dimension's values discovered for the period: the
 * result matches exactly the records whose fields (as this provider fills them) the
 * matcher matches. Columns Cost Explorer lacks are empty in the records, so they are
 * decided here, once, against the empty string (or the constant `AWS`).
 */
export function matcherExpr(when: Matcher, discovery: Discovery): Expr {
  const parts: Expr[] = [];
  for (const [column, raw] of Object.entries(when)) {
    if (raw === undefined) continue;
    const patterns = patternsOf(raw);
    const regexps = patterns.map(wildcardToRegExp);
    const dim = COLUMN_DIMENSION[column];
    if (dim) {
      // Values not discovered would be a bug of the caller: it asks `compileNeeds` first.
      const values = (candidates(dim, patterns, discovery) ?? []).filter((v) => regexps.some((r) => r.test(focusValue(dim, v))));
      parts.push(dimensionIn(dim, values));
    } else if (!(column in FOCUS_COLUMNS)) {
      parts.push('none'); // the allocation layer never matches an unknown column
    } else {
      const constant = CONSTANT_COLUMNS[column] ?? '';
      parts.push(regexps.some((r) => r.test(constant)) ? 'all' : 'none');
    }
  }
  return andExpr(parts);
}

/** The allocation layer's value normalisation (aliases, case-insensitive), lower-cased for comparison. */
function normalizer(def: DimensionDefinition | undefined): (raw: string) => string {
  const aliases = new Map<string, string>();
  for (const [from, to] of Object.entries(def?.aliases ?? {})) {
    aliases.set(from.trim().toLowerCase(), to);
    aliases.set(to.trim().toLowerCase(), to);
  }
  return (raw) => (aliases.get(raw.trim().toLowerCase()) ?? raw.trim()).toLowerCase();
}

/**
 * A query filter on one key as a Cost Explorer expression that keeps a SUPERSET of the
 * costs the filter keeps: the engine re-applies the exact filter to the records, so a
 * superset is safe and anything smaller would lose money. Returns `all` (push nothing)
 * when no useful superset can be expressed.
 * - `in`: any tag spelling whose value normalises to a wanted value, any account mapped to
 *   one, and, when the unallocated label or a rule's value is wanted, every cost with none
 *   of the tags and no mapped account (where the rules and the label apply).
 * - `notIn`: `Not` of costs that certainly have an excluded value: the first tag key's
 *   value when only one spelling of it is present, and the untagged costs of a dimension
 *   with no rules when the unallocated label is excluded.
 */
export function keyFilterExpr(chain: KeyChain, spec: FilterSpec, allocation: AllocationConfig, discovery: Discovery): Expr {
  const key = chain.key;
  const focusDim = FOCUS_KEY_DIMENSION[key];
  const lower = (xs: string[] | undefined) => (xs ? new Set(xs.map((x) => x.trim().toLowerCase())) : null);
  const want = lower(spec.in);
  const ban = lower(spec.notIn) ?? new Set<string>();
  if (key === 'provider') return (want && !want.has('aws')) || ban.has('aws') ? 'none' : 'all';
  if (focusDim) {
    const values = focusDim === 'LINKED_ACCOUNT'
      ? [...(spec.in ?? []), ...(spec.notIn ?? [])].map((v) => v.trim())
      : candidates(focusDim, ['*'], discovery);
    if (values === null) return 'all';
    const matching = (set: Set<string>) => values.filter((v) => set.has(focusValue(focusDim, v).toLowerCase()));
    return andExpr([want ? dimensionIn(focusDim, matching(want)) : 'all', ban.size ? notExpr(dimensionIn(focusDim, matching(ban))) : 'all']);
  }
  const rawTag = key.toLowerCase().startsWith('tag:');
  const def = rawTag ? undefined : dimensionDefinition(key, allocation);
  if (!rawTag && !def) return 'all';
  const norm = normalizer(def);
  // What an untagged cost compares as: the engine compares a raw tag filter with '' and a dimension with the label.
  const unallocated = rawTag ? '' : allocation.unallocated.trim().toLowerCase();
  const spellings = chain.steps.flatMap((s) => (s.kind === 'tag' ? [s.field.key] : []));
  const accounts = Object.entries(def?.accounts ?? {}).map(([id, value]) => [id.trim(), value] as const);
  const mapped = accounts.map(([id]) => id);
  const untagged = andExpr([...spellings.map(tagAbsent), notExpr(dimensionIn('LINKED_ACCOUNT', mapped))]);
  // Values not discovered: keep everything (`all` in a keep branch, `none` in a drop branch).
  const tagged = (t: string, set: Set<string>, unknown: Expr) => {
    const values = discovery.tagValues[t];
    return values ? tagIn(t, values.filter((v) => set.has(norm(v)))) : unknown;
  };

  let keep: Expr = 'all';
  if (want) {
    const ruleHit = (def?.rules ?? []).some((r) => want.has(norm(r.value)));
    keep = orExpr([
      ...spellings.map((t) => tagged(t, want, 'all')),
      dimensionIn('LINKED_ACCOUNT', accounts.filter(([, value]) => want.has(norm(value))).map(([id]) => id)),
      want.has(unallocated) || ruleHit ? untagged : 'none',
    ]);
  }
  let drop: Expr = 'none';
  if (ban.size) {
    const firstConfigured = rawTag ? key.slice(4) : def!.tags?.[0];
    const first = spellings[0];
    const firstIsOnly = first !== undefined && firstConfigured !== undefined && first.trim().toLowerCase() === firstConfigured.trim().toLowerCase()
      && spellings.filter((t) => t.trim().toLowerCase() === first.trim().toLowerCase()).length === 1;
    drop = orExpr([
      firstIsOnly ? tagged(first, ban, 'none') : 'none',
      ban.has(unallocated) && (def?.rules ?? []).length === 0 ? untagged : 'none',
    ]);
  }
  return andExpr([keep, notExpr(drop)]);
}
