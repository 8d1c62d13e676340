import type { Expression } from '@aws-sdk/client-cost-explorer';

/**
 * A filter while it is being compiled: a Cost Explorer expression, or one of the two
 * constants (`all` = no filter, `none` = matches nothing), which Cost Explorer cannot
 * express and which must never reach a request.
 */
export type Expr = Expression | 'all' | 'none';

/** Conjunction; flattens nested `And`s and collapses constants and singletons. */
export function andExpr(parts: Expr[]): Expr {
  const out: Expression[] = [];
  for (const p of parts) {
    if (p === 'none') return 'none';
    if (p === 'all') continue;
    if (p.And) out.push(...p.And);
    else out.push(p);
  }
  return out.length === 0 ? 'all' : out.length === 1 ? out[0]! : { And: out };
}

/** Disjunction; flattens nested `Or`s and collapses constants and singletons. */
export function orExpr(parts: Expr[]): Expr {
  const out: Expression[] = [];
  for (const p of parts) {
    if (p === 'all') return 'all';
    if (p === 'none') continue;
    if (p.Or) out.push(...p.Or);
    else out.push(p);
  }
  return out.length === 0 ? 'none' : out.length === 1 ? out[0]! : { Or: out };
}

export function notExpr(e: Expr): Expr {
  if (e === 'all') return 'none';
  if (e === 'none') return 'all';
  if (e.Not) return e.Not;
  return { Not: e };
}

/** `Dimensions` with EQUALS (the only match option GetCostAndUsage takes for dimensions). */
export function dimensionIn(key: string, values: string[]): Expr {
  const uniq = [...new Set(values)];
  return uniq.length === 0 ? 'none' : { Dimensions: { Key: key as never, Values: uniq } };
}

export function tagIn(key: string, values: string[]): Expr {
  const uniq = [...new Set(values)];
  return uniq.length === 0 ? 'none' : { Tags: { Key: key, Values: uniq } };
}

export function tagAbsent(key: string): Expression {
  return { Tags: { Key: key, MatchOptions: ['ABSENT'] } };
}

const ROOTS = ['And', 'Or', 'Not', 'Dimensions', 'Tags', 'CostCategories'] as const;
const LEAF_OPTIONS = new Set(['EQUALS', 'ABSENT', 'CASE_SENSITIVE']);

/**
 * Checks what Cost Explorer checks (and reports as `ValidationException`): every node has
 * exactly one root, `And`/`Or` have at least two operands, leaves name a key and values
 * (or ABSENT), and only the match options GetCostAndUsage accepts. Returns the problems,
 * each with the path of the node (`Filter.And[1].Not`); empty when valid.
 */
export function validateExpression(e: unknown, path = 'Filter'): string[] {
  if (e === null || typeof e !== 'object' || Array.isArray(e)) return [`${path}: expected an expression object`];
  const node = e as Record<string, unknown>;
  const present = ROOTS.filter((r) => node[r] !== undefined && node[r] !== null);
  const unknown = Object.keys(node).filter((k) => !(ROOTS as readonly string[]).includes(k));
  const errors = unknown.map((k) => `${path}: unknown field ${k}`);
  if (present.length !== 1) return [...errors, `${path}: an expression needs exactly one of ${ROOTS.join(', ')}; found ${present.length ? present.join(', ') : 'none'}`];
  const root = present[0]!;
  const value = node[root];
  if (root === 'And' || root === 'Or') {
    if (!Array.isArray(value) || value.length < 2) return [...errors, `${path}.${root}: expected at least two expressions`];
    value.forEach((child, i) => errors.push(...validateExpression(child, `${path}.${root}[${i}]`)));
    return errors;
  }
  if (root === 'Not') return [...errors, ...validateExpression(value, `${path}.Not`)];
  return [...errors, ...validateLeaf(value, `${path}.${root}`, root === 'Dimensions')];
}

function validateLeaf(value: unknown, path: string, dimension: boolean): string[] {
  if (value === null || typeof value !== 'object') return [`${path}: expected {Key, Values}`];
  const leaf = value as { Key?: unknown; Values?: unknown; MatchOptions?: unknown };
  const errors: string[] = [];
  if (typeof leaf.Key !== 'string' || leaf.Key === '') errors.push(`${path}.Key: expected a non-empty string`);
  const options = leaf.MatchOptions === undefined ? [] : leaf.MatchOptions;
  if (!Array.isArray(options) || options.some((o) => typeof o !== 'string' || !LEAF_OPTIONS.has(o))) {
    errors.push(`${path}.MatchOptions: GetCostAndUsage accepts only ${[...LEAF_OPTIONS].join(', ')}`);
    return errors;
  }
  const absent = options.includes('ABSENT');
  if (absent && dimension) errors.push(`${path}.MatchOptions: ABSENT applies to tags and cost categories only`);
  const values = leaf.Values;
  if (values !== undefined && (!Array.isArray(values) || values.some((v) => typeof v !== 'string'))) errors.push(`${path}.Values: expected a list of strings`);
  else if (!absent && (!Array.isArray(values) || values.length === 0)) errors.push(`${path}.Values: expected at least one value`);
  return errors;
}
