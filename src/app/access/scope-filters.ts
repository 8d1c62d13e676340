/**
 * Scope algebra over the query language's filters: parsing a team's scope, merging the
 * scopes a person may see, and intersecting a question's filters with one of them.
 * Pure functions: no I/O, no clock.
 */
import { parseQuery } from '../../core/query/index.js';
import type { DimensionDefinition, FilterSpec } from '../../core/types.js';
import type { CanonicalValue, ScopeClause, ScopeFilters, ScopeParser } from './types.js';

/**
 * A scope parser over these dimension keys (the configured ones, the built-in ones and the
 * FOCUS keys): a scope is filters only, no bare words, no time.
 */
export function scopeParser(dimensionKeys: string[]): ScopeParser {
  return (text) => {
    const q = parseQuery(text, {
      now: 0, timezone: 'UTC', weekStart: 'monday', defaultRange: 'this month', defaultMetric: 'effective', dimensionKeys, knownValues: {},
    });
    if (q.error) return { ok: false, message: q.error };
    if (Object.keys(q.filters).length === 0) return { ok: false, message: `expected a filter such as team=nlp, got ${JSON.stringify(text)}` };
    return { ok: true, filters: q.filters };
  };
}

/** Values compared as the data groups them: trimmed, case-insensitive. */
export const caseInsensitive: CanonicalValue = (_key, value) => value.trim().toLowerCase();

/**
 * Values compared after the dimensions' aliases (`NLP: nlp`), then case-insensitively, the
 * way the engine reads filter values.
 */
export function canonicalWithAliases(dimensions: Record<string, Pick<DimensionDefinition, 'aliases'>>): CanonicalValue {
  const lookup = new Map<string, Map<string, string>>();
  for (const [key, d] of Object.entries(dimensions)) {
    lookup.set(key.toLowerCase(), new Map(Object.entries(d.aliases ?? {}).map(([from, to]) => [from.trim().toLowerCase(), to])));
  }
  return (key, value) => {
    const v = value.trim().toLowerCase();
    return (lookup.get(key.toLowerCase())?.get(v) ?? value).trim().toLowerCase();
  };
}

/** Keys compare case-insensitively (`tag:Team` is `tag:team`; the engine matches tag keys so). */
function keyOf(key: string): string {
  return key.trim().toLowerCase();
}

function findKey(filters: ScopeFilters, key: string): string | undefined {
  const k = keyOf(key);
  return Object.keys(filters).find((x) => keyOf(x) === k);
}

function has(list: string[] | undefined, key: string, value: string, canon: CanonicalValue): boolean {
  const v = canon(key, value);
  return list?.some((x) => canon(key, x) === v) ?? false;
}

/** Whether a value passes one filter. */
export function allows(spec: FilterSpec, key: string, value: string, canon: CanonicalValue): boolean {
  if (spec.in && !has(spec.in, key, value, canon)) return false;
  return !has(spec.notIn, key, value, canon);
}

/** Whether a row key (`{ team: 'nlp', model: 'x' }`) lies inside a clause. */
export function keyInside(rowKey: Record<string, string>, clause: Pick<ScopeClause, 'filters'>, canon: CanonicalValue): boolean {
  return Object.entries(rowKey).every(([k, v]) => {
    const ck = findKey(clause.filters, k);
    return ck === undefined || allows(clause.filters[ck]!, k, v, canon);
  });
}

function union(key: string, a: string[] | undefined, b: string[] | undefined, canon: CanonicalValue): string[] | undefined {
  const out: string[] = [];
  for (const v of [...(a ?? []), ...(b ?? [])]) if (!has(out, key, v, canon)) out.push(v);
  return out.length ? out : undefined;
}

function spec(inList: string[] | undefined, notIn: string[] | undefined): FilterSpec {
  return { ...(inList ? { in: inList } : {}), ...(notIn ? { notIn } : {}) };
}

/**
 * Merges the clauses a person may see into as few as possible: identical ones once, and
 * clauses that each name values of one same key (`team=nlp`, `team=vision`) into one
 * (`team=nlp,vision`), so the common case stays one filter the engine can answer.
 */
export function mergeClauses(clauses: ScopeClause[], canon: CanonicalValue): ScopeClause[] {
  const out: ScopeClause[] = [];
  for (const c of clauses) {
    const key = singleInKey(c.filters);
    const same = out.find((o) => JSON.stringify(o.filters) === JSON.stringify(c.filters));
    const sameKey = key === null ? undefined : out.find((o) => singleInKey(o.filters) !== null && keyOf(singleInKey(o.filters)!) === keyOf(key));
    const into = same ?? sameKey;
    if (!into) {
      out.push({ text: c.text, filters: structuredClone(c.filters), teams: [...c.teams] });
      continue;
    }
    if (!same) {
      const k = singleInKey(into.filters)!;
      const merged = union(k, into.filters[k]!.in, c.filters[key!]!.in, canon)!;
      into.filters = { [k]: { in: merged } };
      into.text = `${k}=${merged.map((v) => (/[\s,"]/.test(v) ? `"${v.replace(/"/g, "'")}"` : v)).join(',')}`;
    }
    for (const t of c.teams) if (!into.teams.includes(t)) into.teams.push(t);
  }
  return out;
}

/** The key of filters that are exactly one `key=a,b` (no `!=`), else null. */
function singleInKey(filters: ScopeFilters): string | null {
  const keys = Object.keys(filters);
  return keys.length === 1 && filters[keys[0]!]!.in && !filters[keys[0]!]!.notIn ? keys[0]! : null;
}

/** A question filter value that lies outside the scope. */
export interface OutsideScope {
  key: string;
  values: string[];
}

/**
 * The question's filters narrowed to one clause: every key of the clause is added, and a
 * key both name keeps the question's values when they all lie inside the clause. Values
 * outside it are reported instead (the question is refused, never silently narrowed).
 */
export function intersect(filters: ScopeFilters, clause: Pick<ScopeClause, 'filters'>, canon: CanonicalValue): { ok: true; filters: ScopeFilters } | { ok: false; outside: OutsideScope[] } {
  const out: ScopeFilters = {};
  const outside: OutsideScope[] = [];
  for (const [k, f] of Object.entries(filters)) out[k] = structuredClone(f);
  for (const [ck, c] of Object.entries(clause.filters)) {
    const qk = findKey(filters, ck);
    const q = qk === undefined ? undefined : filters[qk];
    const key = qk ?? ck;
    if (!q) {
      out[key] = structuredClone(c);
      continue;
    }
    if (q.in) {
      const bad = q.in.filter((v) => !allows(c, key, v, canon));
      if (bad.length) outside.push({ key, values: bad });
      out[key] = spec([...q.in], union(key, q.notIn, c.notIn, canon));
    } else {
      const inList = c.in?.filter((v) => !has(q.notIn, key, v, canon));
      if (inList && inList.length === 0) outside.push({ key, values: (q.notIn ?? []).map((v) => `!${v}`) });
      out[key] = spec(inList, union(key, q.notIn, c.notIn, canon));
    }
  }
  return outside.length ? { ok: false, outside } : { ok: true, filters: out };
}
