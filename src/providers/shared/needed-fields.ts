import { withBuiltins } from '../../core/allocation/build-allocator.js';
import { matcherFields } from '../../core/allocation/compile-matcher.js';
import { FOCUS_KEYS, type FocusKey } from '../../core/keys.js';
import type { CostRecord } from '../../core/types.js';
import type { FetchRequest } from '../types.js';

/** The parts of a fetch request that decide the grain. */
export type FetchRequestLike = Pick<FetchRequest, 'keys' | 'filters' | 'allocation'>;

/** What the allocation of a request's keys reads from each record. */
export interface FieldNeeds {
  fields: Set<keyof CostRecord>;
  /** Tag keys, trimmed and lower-cased, in first-seen order. */
  tagKeys: string[];
}

/**
 * The record fields and tag keys the allocation layer reads to finish a request:
 * 1. for each query key (and each filter key): a dimension's tag keys, SubAccountId when it
 *    has an account map, and the columns its rules match; a FOCUS key's own column; a
 *    `tag:<key>` filter's tag;
 * 2. the columns every shared rule matches (shared pools are computed for every answer);
 * 3. ResourceName with ResourceId, so that a resource row can show its name.
 * The push-down query groups by exactly these, so it returns the coarsest grain at which
 * the allocation gives the same answer as on the raw rows.
 */
export function neededFields(request: FetchRequestLike): FieldNeeds {
  const dims = withBuiltins(request.allocation.dimensions);
  const fields = new Set<keyof CostRecord>();
  const tagKeys: string[] = [];
  const addTag = (key: string) => {
    const k = key.trim().toLowerCase();
    if (k !== '' && !tagKeys.includes(k)) tagKeys.push(k);
  };
  for (const key of [...request.keys, ...Object.keys(request.filters)]) {
    if (key.toLowerCase().startsWith('tag:')) {
      addTag(key.slice(4));
      continue;
    }
    const def = dims[key];
    if (def) {
      for (const t of def.tags ?? []) addTag(t);
      if (Object.keys(def.accounts ?? {}).length > 0) fields.add('subAccountId');
      for (const r of def.rules ?? []) for (const f of matcherFields(r.when)) fields.add(f);
      continue;
    }
    if (key in FOCUS_KEYS) fields.add(FOCUS_KEYS[key as FocusKey]);
  }
  for (const s of request.allocation.shared) for (const f of matcherFields(s.when)) fields.add(f);
  // A resource is shown by its name where the data has one (AnswerRow.resourceName).
  if (fields.has('resourceId')) fields.add('resourceName');
  return { fields, tagKeys };
}
