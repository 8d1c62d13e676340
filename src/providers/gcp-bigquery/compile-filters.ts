import { withBuiltins } from '../../core/allocation/build-allocator.js';
import type { AllocationConfig, DimensionDefinition, FilterSpec } from '../../core/types.js';
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

const lower = (s: string) => s.trim().toLowerCase();

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
    const projects = arrayParam(`f${i}_project_ids`, label.projects);
    out.conditions.push(
      `(EXISTS(SELECT 1 FROM UNNEST(labels) AS fl WHERE LOWER(TRIM(fl.key)) IN UNNEST(${keys}) AND LOWER(TRIM(fl.value)) IN UNNEST(${values})) OR project.id IN UNNEST(${projects}))`,
    );
    i++;
  }
  return out;
}

interface LabelFilter {
  keys: string[];
  values: string[];
  projects: string[];
}

/** The label/project superset of a tag or dimension filter, or null when it cannot be pushed. */
function labelFilter(key: string, spec: FilterSpec, def: DimensionDefinition | undefined, unallocated: string): LabelFilter | null {
  if (!spec.in) return null;
  const wanted = new Set(spec.in.map(lower));
  // An empty value or the unallocated label selects rows *without* a tag: not a label match.
  if (wanted.has('') || wanted.has(lower(unallocated))) return null;
  if (key.toLowerCase().startsWith('tag:')) {
    return { keys: [lower(key.slice(4))], values: [...wanted], projects: [] };
  }
  if (!def || (def.rules ?? []).length > 0) return null;
  const aliases = new Map<string, string>();
  for (const [from, to] of Object.entries(def.aliases ?? {})) {
    aliases.set(lower(from), to);
    aliases.set(lower(to), to);
  }
  const normalized = (v: string) => lower(aliases.get(lower(v)) ?? v);
  const values = new Set(wanted);
  for (const from of aliases.keys()) if (wanted.has(normalized(from))) values.add(from);
  const projects = Object.entries(def.accounts ?? {})
    .filter(([, v]) => wanted.has(normalized(v)))
    .map(([id]) => id.trim());
  return { keys: (def.tags ?? []).map(lower), values: [...values], projects };
}
