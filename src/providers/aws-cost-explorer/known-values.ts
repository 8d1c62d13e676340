import { withBuiltins } from '../../core/allocation/build-allocator.js';
import type { AllocationConfig, DateRange, DimensionDefinition } from '../../core/types.js';
import type { ProviderContext } from '../types.js';
import type { CallEnv, Tally } from './ce-calls.js';
import { discoverDimensionValues, discoverTagKeys, discoverTagValues } from './fetch-costs.js';
import { tagSpellings } from './key-chains.js';
import { requestTally } from '../shared/request-tally.js';

/** A raw value as the allocation layer reports it: trimmed, then through the aliases (case-insensitive). */
function allocatedValue(def: DimensionDefinition, raw: string): string {
  const v = raw.trim();
  for (const [from, to] of Object.entries(def.aliases ?? {})) {
    if (from.trim().toLowerCase() === v.toLowerCase() || to.trim().toLowerCase() === v.toLowerCase()) return to;
  }
  return v;
}

/**
 * The values the query parser can match bare words against: each dimension's tag values
 * (every spelling of its tag keys, aliased), mapped accounts and rule values; and the
 * services, accounts and regions of the range. Every call is cached.
 */
export async function knownValues(env: CallEnv, range: DateRange, allocation: AllocationConfig, ctx: ProviderContext): Promise<{ values: Record<string, string[]>; tally: Tally }> {
  const tally: Tally = requestTally(ctx);
  const defs = withBuiltins(allocation.dimensions);
  const usesTags = Object.values(defs).some((d) => (d.tags ?? []).length > 0);
  const tagKeys = usesTags ? await discoverTagKeys(env, range, ctx, tally) : [];
  const cache = new Map<string, string[]>();
  const out: Record<string, string[]> = {};
  for (const [name, def] of Object.entries(defs)) {
    const values = new Set<string>();
    for (const configured of def.tags ?? []) {
      for (const t of tagSpellings(configured, tagKeys)) {
        if (!cache.has(t)) cache.set(t, await discoverTagValues(env, t, range, ctx, tally));
        for (const v of cache.get(t)!) if (v.trim()) values.add(allocatedValue(def, v));
      }
    }
    for (const v of Object.values(def.accounts ?? {})) values.add(allocatedValue(def, v));
    for (const r of def.rules ?? []) values.add(allocatedValue(def, r.value));
    out[name] = [...values].sort();
  }
  out.service = (await discoverDimensionValues(env, 'SERVICE', range, ctx, tally)).sort();
  out.account = (await discoverDimensionValues(env, 'LINKED_ACCOUNT', range, ctx, tally)).sort();
  out.region = (await discoverDimensionValues(env, 'REGION', range, ctx, tally)).sort();
  out.provider = ['AWS'];
  return { values: out, tally };
}
