import { withBuiltins } from '../../core/allocation/build-allocator.js';
import type { AllocationConfig, FilterSpec } from '../../core/types.js';
import { labelFilter } from '../shared/label-filter.js';
import { SOURCE_EXPR, columnAvailable } from './source-columns.js';
import type { ExportKind, ParamType, SourceColumn } from './types.js';

/** Query keys whose filter can be pushed down as a plain column comparison. */
const COLUMN_KEYS: Record<string, SourceColumn> = {
  account: 'project_id',
  service: 'service',
  region: 'region',
  resource: 'resource_global_name',
};

export interface CompiledFilters {
  conditions: string[];
  params: Record<string, string[]>;
  types: Record<string, ParamType>;
}

/**
 * Compiles the pushable filters into WHERE conditions. Every condition keeps a SUPERSET
 * of the rows the engine's exact filter keeps (the engine re-applies the filters on what
 * comes back), so a filter that cannot be pushed safely is simply left out:
 * - `account`, `service`, `region` (and `resource` on the detailed export): case-insensitive
 *   `IN` / `NOT IN`, the engine's own comparison;
 * - `tag:<key>` and dimensions without rules: "some configured tag key carries one of the
 *   wanted values or an alias of one, or the project maps to one". Not for the unallocated
 *   label (which means "no tag"), not for `notIn` (first-present-wins makes it unsafe),
 *   and not for dimensions with rules (any row could match a rule).
 * Parameter names follow `f<i>_<what>` so the fake server can apply them without SQL.
 */
export function compileFilters(
  filters: Record<string, FilterSpec>,
  allocation: AllocationConfig,
  kind: ExportKind,
): CompiledFilters {
  const dims = withBuiltins(allocation.dimensions);
  const out: CompiledFilters = { conditions: [], params: {}, types: {} };
  let i = 0;
  const arrayParam = (name: string, values: string[]) => {
    out.params[name] = values;
    out.types[name] = 'STRING_ARRAY';
    return `@${name}`;
  };
  for (const [key, spec] of Object.entries(filters)) {
    const column = COLUMN_KEYS[key];
    if (column && columnAvailable(column, kind)) {
      const expr = `LOWER(IFNULL(${SOURCE_EXPR[column]}, ''))`;
      if (spec.in) out.conditions.push(`${expr} IN UNNEST(${arrayParam(`f${i}_${column}_in`, spec.in.map((v) => v.toLowerCase()))})`);
      if (spec.notIn?.length) out.conditions.push(`${expr} NOT IN UNNEST(${arrayParam(`f${i}_${column}_not_in`, spec.notIn.map((v) => v.toLowerCase()))})`);
      if (spec.in || spec.notIn?.length) i++;
      continue;
    }
    const label = labelFilter(key, spec, dims[key], allocation.unallocated);
    if (!label) continue;
    const keys = arrayParam(`f${i}_label_keys`, label.keys);
    const values = arrayParam(`f${i}_label_values`, label.values);
    const projects = arrayParam(`f${i}_project_ids`, label.accounts);
    out.conditions.push(
      `(EXISTS(SELECT 1 FROM UNNEST(labels) AS fl WHERE LOWER(TRIM(fl.key)) IN UNNEST(${keys}) AND LOWER(TRIM(fl.value)) IN UNNEST(${values})) OR project.id IN UNNEST(${projects}))`,
    );
    i++;
  }
  return out;
}
