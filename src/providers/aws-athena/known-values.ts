import { withBuiltins } from '../../core/allocation/build-allocator.js';
import { addDays } from '../../core/dates.js';
import type { AllocationConfig, DateRange } from '../../core/types.js';
import { pushUnique, tagDimensionValues } from '../shared/known-values.js';
import type { ProviderContext } from '../types.js';
import type { AthenaEnv, Tally } from './athena-calls.js';
import { cachedQuery } from './cached-query.js';
import { compileKnownValuesSql, dimensionTagKeys, KNOWN_VALUES_LIMIT } from './compile-aux-sql.js';
import type { TableInfo } from './types.js';

/** Bare words only need recent values; a month keeps the scan small. */
export const KNOWN_VALUES_DAYS = 30;

/**
 * Known values for bare-word matching, from one query over the last `KNOWN_VALUES_DAYS`
 * days of `range`: services (`service`), accounts (`account`), regions (`region`), and for
 * each dimension with tag keys the values of those tags after its aliases (so `prd` is
 * offered as `prod`). Cached like a fetch.
 */
export async function fetchKnownValues(range: DateRange, allocation: AllocationConfig, table: TableInfo, env: AthenaEnv, ctx: ProviderContext, tally: Tally = { calls: 0 }): Promise<Record<string, string[]>> {
  const tagKeys = dimensionTagKeys(allocation);
  const floor = addDays(range.end, -KNOWN_VALUES_DAYS);
  const window: DateRange = { start: range.start > floor ? range.start : floor, end: range.end };
  const run = await cachedQuery(compileKnownValuesSql(window, tagKeys, table), window, env, ctx, tally);

  const out: Record<string, string[]> = { service: [], account: [], region: [] };
  const seen: Record<string, Set<string>> = { service: new Set(), account: new Set(), region: new Set() };
  const tagValues = new Map<string, string[]>();
  for (const row of run.rows) {
    const { kind, value } = row;
    if (!kind || value === null || value === undefined || value === '') continue;
    const tag = /^tag_(\d+)$/.exec(kind);
    if (tag) {
      const key = tagKeys[Number(tag[1])];
      if (key !== undefined) tagValues.set(key, [...(tagValues.get(key) ?? []), value]);
    } else if (Object.hasOwn(out, kind)) {
      pushUnique(out[kind]!, seen[kind]!, value, KNOWN_VALUES_LIMIT);
    }
  }
  Object.assign(out, tagDimensionValues(withBuiltins(allocation.dimensions), tagValues, KNOWN_VALUES_LIMIT));
  return out;
}
