import { withBuiltins } from '../../core/allocation/build-allocator.js';
import { FOCUS_KEYS, type FocusKey } from '../../core/keys.js';
import type { AllocationConfig, FilterSpec } from '../../core/types.js';
import { labelFilter } from '../shared/label-filter.js';
import { FIELD_COLUMN, isColumnField } from './source-columns.js';
import { fitsParameters, sqlString, type Params } from './sql-text.js';

/**
 * Compiles the pushable filters into WHERE conditions, adding their values to `params`.
 * Each condition keeps a SUPERSET of the rows the engine's exact filter keeps (the engine
 * filters again on what comes back), so a filter that cannot be pushed is left out:
 * - FOCUS keys (`account`, `service`, `region`, `resource`, `provider`, `category`,
 *   `pricing`, `charge`): case-insensitive `IN` / `NOT IN` on their column, the engine's
 *   own comparison;
 * - `tag:<key>` and dimensions without rules: "a configured tag key carries one of the
 *   wanted values (or an alias of one), or the account maps to one" (`labelFilter`);
 * - a value too long for an execution parameter: not pushed.
 * Filter values only ever reach Athena as execution parameters. Tag keys (from the
 * configuration or a `tag:` key) are quoted literals inside the lambda: Athena accepts no
 * placeholder there.
 */
export function compileFilters(filters: Record<string, FilterSpec>, allocation: AllocationConfig, params: Params): string[] {
  const dims = withBuiltins(allocation.dimensions);
  const conditions: string[] = [];
  for (const [key, spec] of Object.entries(filters)) {
    const field = Object.hasOwn(FOCUS_KEYS, key) && !(key in dims) ? FOCUS_KEYS[key as FocusKey] : undefined;
    if (field !== undefined && isColumnField(field)) {
      const expr = `lower(coalesce(${FIELD_COLUMN[field]}, ''))`;
      const wanted = spec.in?.map((v) => v.toLowerCase());
      const unwanted = spec.notIn?.map((v) => v.toLowerCase()) ?? [];
      if (wanted && fitsParameters(wanted)) conditions.push(wanted.length === 0 ? 'FALSE' : `${expr} IN ${params.list(wanted)}`);
      if (unwanted.length > 0 && fitsParameters(unwanted)) conditions.push(`${expr} NOT IN ${params.list(unwanted)}`);
      continue;
    }
    const label = labelFilter(key, spec, dims[key], allocation.unallocated);
    if (!label || !fitsParameters([...label.values, ...label.accounts])) continue;
    const parts: string[] = [];
    if (label.keys.length > 0 && label.values.length > 0) {
      const keys = label.keys.map(sqlString).join(', ');
      parts.push(`cardinality(map_filter(tags, (tk, tv) -> lower(trim(tk)) IN (${keys}) AND lower(trim(tv)) IN ${params.list(label.values)})) > 0`);
    }
    if (label.accounts.length > 0) parts.push(`subaccountid IN ${params.list(label.accounts)}`);
    conditions.push(parts.length === 0 ? 'FALSE' : `(${parts.join(' OR ')})`);
  }
  return conditions;
}
