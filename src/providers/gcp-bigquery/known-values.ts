import { withBuiltins } from '../../core/allocation/build-allocator.js';
import { addDays } from '../../core/dates.js';
import type { AllocationConfig, DateRange } from '../../core/types.js';
import { pushUnique, tagDimensionValues } from '../shared/known-values.js';
import type { ProviderContext } from '../types.js';
import { cachedQuery, type QueryEnv } from './cached-query.js';
import { compileKnownValuesSql, KNOWN_VALUES_LIMIT } from './compile-aux-sql.js';
import type { TableInfo } from './compile-sql.js';

/** Bare words only need recent values; a month keeps the scan small. */
export const KNOWN_VALUES_DAYS = 30;

/**
 * Known values for bare-word matching, from one cheap query over the last
 * `KNOWN_VALUES_DAYS` days of `range`: services (`service`), projects (`account`),
 * regions (`region`), and for each dimension with tag keys the values of those labels
 * after the dimension's aliases (so `prd` is offered as `prod`).
 */
export async function fetchKnownValues(
  range: DateRange,
  allocation: AllocationConfig,
  table: TableInfo,
  env: QueryEnv,
  ctx: ProviderContext,
): Promise<Record<string, string[]>> {
  const dims = withBuiltins(allocation.dimensions);
  const tagKeys = [...new Set(Object.values(dims).flatMap((d) => (d.tags ?? []).map((t) => t.trim().toLowerCase())))].filter(Boolean);
  const floor = addDays(range.end, -KNOWN_VALUES_DAYS);
  const window: DateRange = { start: range.start > floor ? range.start : floor, end: range.end };
  const q = compileKnownValuesSql(window, tagKeys, table);
  const run = await cachedQuery(q, window, env, ctx);

  const labelValues = new Map<string, string[]>();
  const out: Record<string, string[]> = { service: [], account: [], region: [] };
  const seen: Record<string, Set<string>> = { service: new Set(), account: new Set(), region: new Set() };
  for (const row of run.rows) {
    const value = row.value;
    if (value === null || value === undefined || value === '') continue;
    if (row.kind === 'label') {
      const key = row.key ?? '';
      labelValues.set(key, [...(labelValues.get(key) ?? []), value]);
    } else if (row.kind && row.kind in out) {
      pushUnique(out[row.kind]!, seen[row.kind]!, value, KNOWN_VALUES_LIMIT);
    }
  }
  Object.assign(out, tagDimensionValues(dims, labelValues, KNOWN_VALUES_LIMIT));
  return out;
}
