import type { FetchRequest } from '../types.js';
import { FOCUS_KEY_DIMENSION, LIST_COST_NOTE, REQUESTED_METRICS, type CeDimension } from './ce-vocabulary.js';
import { keyFilterExpr, matcherDimensions, matcherExpr, needsValues } from './compile-filters.js';
import { andExpr, dimensionIn, notExpr, tagAbsent, validateExpression, type Expr } from './expression.js';
import { buildKeyChain, dimensionDefinition, fieldId, stepFields } from './key-chains.js';
import type { ChainStep, CompiledPlan, CompiledRequest, Discovery, DiscoveryNeeds, Field, KeepRule, KeyChain } from './types.js';

/** Cost Explorer groups by at most two fields per request. */
export const MAX_GROUP_BY = 2;

/** True when compiling needs the tag keys present in the period (`GetTags` without `TagKey`). */
export function needsTagKeys(req: FetchRequest): boolean {
  return req.keys.some((k) => k.toLowerCase().startsWith('tag:') || (dimensionDefinition(k, req.allocation)?.tags ?? []).length > 0);
}

/** The tag values and dimension values `compileRequest` needs, once the tag keys are known. */
export function compileNeeds(req: FetchRequest, tagKeys: string[]): DiscoveryNeeds {
  const dims = new Set<CeDimension>();
  for (const rule of req.allocation.shared) {
    for (const { dim, patterns } of matcherDimensions(rule.when)) if (needsValues(dim, patterns)) dims.add(dim);
  }
  const tagValuesOf = new Set<string>();
  if (req.pushFilters) {
    for (const key of Object.keys(req.filters)) {
      const focusDim = FOCUS_KEY_DIMENSION[key];
      if (focusDim) {
        if (focusDim !== 'LINKED_ACCOUNT') dims.add(focusDim);
        continue;
      }
      const chain = buildKeyChain(key, req.allocation, tagKeys, new Set());
      for (const s of chain.steps) if (s.kind === 'tag') tagValuesOf.add(s.field.key);
    }
  }
  return { tagValuesOf: [...tagValuesOf], dimensions: [...dims] };
}

/**
 * Splits a key's steps into the runs one request covers within `budget` group-by fields.
 * A final step (the rules) may need more than the budget: it is kept whole here, and
 * trimmed per request only if the fields of all keys together exceed two.
 */
function segment(chain: KeyChain, budget: number): ChainStep[][] {
  const out: ChainStep[][] = [];
  let cur: ChainStep[] = [];
  let used = 0;
  for (const step of chain.steps) {
    const n = stepFields(step).length;
    if (cur.length && used + n > budget) {
      out.push(cur);
      cur = [];
      used = 0;
    }
    cur.push(step);
    used += n;
  }
  if (cur.length) out.push(cur);
  return out;
}

/**
 * The group-by fields of one request: every field of the runs, and when that is more than
 * Cost Explorer takes, the final steps lose their last fields (later keys first), noted.
 */
function fitFields(runs: { key: string; steps: ChainStep[] }[], notes: Set<string>): { fields: Field[]; steps: ChainStep[][] } {
  const steps = runs.map((r) => r.steps.map((s) => ({ ...s })));
  const union = () => {
    const m = new Map<string, Field>();
    for (const run of steps) for (const s of run) for (const f of stepFields(s)) m.set(fieldId(f), f);
    return [...m.values()];
  };
  for (let k = steps.length - 1; k >= 0 && union().length > MAX_GROUP_BY; k--) {
    const run = steps[k]!;
    const last = run[run.length - 1]!;
    while (last.kind === 'final' && last.fields.length > 1 && union().length > MAX_GROUP_BY) {
      const dropped = last.fields[last.fields.length - 1]!;
      last.fields = last.fields.slice(0, -1);
      notes.add(`Cost Explorer groups by at most ${MAX_GROUP_BY} fields per request: ${runs[k]!.key} was computed without ${dropped.key} for some costs.`);
    }
  }
  return { fields: union(), steps };
}

/** The filter that says a cost went past these steps (no tag, no mapped account). */
function skipped(steps: ChainStep[]): Expr {
  return andExpr(steps.map((s) => (s.kind === 'tag' ? tagAbsent(s.field.key) : s.kind === 'account' ? notExpr(dimensionIn('LINKED_ACCOUNT', s.mapped)) : 'all')));
}

function toGroupBy(fields: Field[]) {
  return fields.map((f) => ({ Type: f.kind === 'tag' ? ('TAG' as const) : ('DIMENSION' as const), Key: f.key }));
}

function makeRequest(req: FetchRequest, purpose: string, filter: Expr, groupBy: Field[], keep: KeepRule[]): CompiledRequest | null {
  if (filter === 'none') return null;
  if (filter !== 'all') {
    const problems = validateExpression(filter);
    // A malformed filter would be a bug here, not a user error: fail loudly in tests.
    if (problems.length) throw new Error(`compiled an invalid Cost Explorer filter: ${problems.join('; ')}`);
  }
  return {
    purpose,
    input: {
      TimePeriod: { Start: req.range.start, End: req.range.end },
      Granularity: 'DAILY',
      Metrics: [...REQUESTED_METRICS],
      ...(groupBy.length ? { GroupBy: toGroupBy(groupBy) } : {}),
      ...(filter !== 'all' ? { Filter: filter } : {}),
    },
    groupBy,
    keep,
  };
}

/**
 * Compiles one scan of the engine into GetCostAndUsage requests whose answers, together,
 * hold every cost of the range exactly once, at the grain the allocation layer needs:
 * 1. shared rules become pools, each its own request (filtered to the rule, and to no
 *    earlier rule), grouped by the columns the rule reads; every other request excludes them;
 * 2. pushed filters (only with `pushFilters`) narrow the direct requests to a superset of
 *    what they keep (the engine filters exactly);
 * 3. each key becomes a chain of steps (tag spellings, account map, rules) split into runs
 *    that fit the two group-by fields (two for one key, one each for two keys; keys past
 *    the second are not broken down, with a note);
 * 4. one request per combination of runs, filtered to the costs that went past the earlier
 *    runs (tags ABSENT, account not mapped): every cost falls in exactly one combination,
 *    and a group a request sees that belongs to a later run is left to that run's request.
 */
export function compileRequest(req: FetchRequest, discovery: Discovery): CompiledPlan {
  const notes = new Set<string>();
  if (req.metric === 'list') notes.add(LIST_COST_NOTE);
  const requests: CompiledRequest[] = [];

  // 1. Shared pools.
  const shared = req.allocation.shared.map((s) => matcherExpr(s.when, discovery));
  shared.forEach((m, i) => {
    const rule = req.allocation.shared[i]!;
    const dims = [...new Set(matcherDimensions(rule.when).map((d) => d.dim))];
    if (dims.length > MAX_GROUP_BY) notes.add(`Cost Explorer groups by at most ${MAX_GROUP_BY} fields per request: the shared rule ${rule.name} was read without ${dims.slice(MAX_GROUP_BY).join(', ')}.`);
    const groupBy: Field[] = dims.slice(0, MAX_GROUP_BY).map((d) => ({ kind: 'dim', key: d }));
    const r = makeRequest(req, `shared:${rule.name}`, andExpr([m, ...shared.slice(0, i).map(notExpr)]), groupBy, []);
    if (r) requests.push(r);
  });
  let direct = andExpr(shared.map(notExpr));

  // 2. Pushed filters.
  const chains = new Map<string, KeyChain>();
  for (const key of new Set(req.keys)) chains.set(key, buildKeyChain(key, req.allocation, discovery.tagKeys, notes));
  if (req.pushFilters) {
    for (const [key, spec] of Object.entries(req.filters)) {
      const chain = chains.get(key) ?? buildKeyChain(key, req.allocation, discovery.tagKeys, notes);
      direct = andExpr([direct, keyFilterExpr(chain, spec, req.allocation, discovery)]);
    }
  }

  // 3. Runs of steps per key.
  const broken = [...chains.values()].filter((c) => c.steps.some((s) => stepFields(s).length > 0));
  const budget = broken.length === 1 ? MAX_GROUP_BY : 1;
  const planned = broken.slice(0, MAX_GROUP_BY);
  for (const c of broken.slice(MAX_GROUP_BY)) {
    notes.add(`Cost Explorer groups by at most ${MAX_GROUP_BY} fields per request: ${c.key} is not broken down in these figures.`);
  }
  const runs = planned.map((c) => segment(c, budget));

  // 4. One request per combination of runs.
  const combos: number[][] = runs.reduce<number[][]>((acc, r) => acc.flatMap((combo) => r.map((_, i) => [...combo, i])), [[]]);
  for (const combo of combos) {
    const filters: Expr[] = [direct];
    combo.forEach((idx, k) => filters.push(skipped(runs[k]!.slice(0, idx).flat())));
    const { fields, steps } = fitFields(combo.map((idx, k) => ({ key: planned[k]!.key, steps: runs[k]![idx]! })), notes);
    const keep: KeepRule[] = combo.map((idx, k) => ({ key: planned[k]!.key, steps: steps[k]!, last: idx === runs[k]!.length - 1 }));
    const purpose = combo.length ? `direct:${combo.map((idx, k) => `${planned[k]!.key}#${idx}`).join(',')}` : 'direct';
    const r = makeRequest(req, purpose, andExpr(filters), fields, keep);
    if (r) requests.push(r);
  }
  return { requests, notes: [...notes] };
}
