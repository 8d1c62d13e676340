import type * as z from 'zod';
import { formatPath, truncate, type ConfigProblem } from './config-error.js';

const TYPE_NAMES: Record<string, string> = {
  string: 'a text value',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

/**
 * The message zod uses for issues whose schema sets none: phrased like the ones the
 * schema sets ("expected …"), so every line of a report reads the same way.
 * Pass as the per-parse `error` option.
 */
export function defaultIssueMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'array') return `expected at least ${issue.minimum} item(s)`;
      if (issue.origin === 'string') return issue.minimum === 1 ? 'expected a non-empty text value' : `expected at least ${issue.minimum} characters`;
      return `expected a number ${issue.inclusive ? 'of at least' : 'above'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `expected at most ${issue.maximum} item(s)`;
      if (issue.origin === 'string') return `expected at most ${issue.maximum} characters`;
      return `expected a number ${issue.inclusive ? 'of at most' : 'below'} ${issue.maximum}`;
    case 'invalid_union':
      if (issue.discriminator !== undefined) return `expected one of ${((issue.options as unknown[] | undefined) ?? []).map(String).join(', ')}`;
      return 'expected a different kind of value';
    case 'invalid_format':
      return issue.format === 'regex' ? `expected text matching ${String(issue.pattern)}` : `expected a valid ${issue.format}`;
    case 'not_multiple_of':
      return `expected a multiple of ${String(issue.divisor)}`;
    default:
      return 'is not valid';
  }
}

/**
 * One problem per zod issue, path in `a.b[2].c` form. A message that states an
 * expectation ("expected …") gets the value actually found appended, JSON-encoded and
 * truncated; `raw` is the parsed file, used to find that value.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], raw: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ path: formatPath([...issue.path, key]), message: 'unknown key' });
      continue;
    }
    if (issue.code === 'invalid_key') {
      // A record key that failed its own schema: report the key's own messages.
      for (const inner of issue.issues) problems.push({ path: formatPath(issue.path), message: inner.message });
      continue;
    }
    const found = lookup(raw, issue.path);
    let message = issue.message;
    if (message.startsWith('expected') && !message.includes(', got ')) {
      message = found.present ? `${message}, got ${describeValue(found.value)}` : `missing — ${message}`;
    }
    const path = formatPath(issue.path);
    // One value can fail several checks with the same message (a huge non-integer byte count).
    if (!problems.some((p) => p.path === path && p.message === message)) problems.push({ path, message });
  }
  return problems;
}

/** The value at `path` in plain data, and whether there is one at all. */
export function lookup(raw: unknown, path: readonly PropertyKey[]): { present: boolean; value: unknown } {
  let current = raw;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return { present: false, value: undefined };
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return { present: current !== undefined, value: current };
}

/** A found value as the user would recognise it: JSON, cut short. */
export function describeValue(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value instanceof Uint8Array) return 'binary data';
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  return truncate(json ?? String(value), 80);
}

/**
 * Problems in the order their keys appear in the file, so a report reads top to bottom;
 * a problem whose key is absent (missing, or removed as dangerous) sits with its parent.
 */
export function inDocumentOrder(problems: readonly ConfigProblem[], raw: unknown): ConfigProblem[] {
  const order = new Map<string, number>();
  const visit = (value: unknown, path: PropertyKey[], depth: number) => {
    order.set(formatPath(path), order.size);
    if (typeof value !== 'object' || value === null || depth > 32 || value instanceof Uint8Array) return;
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i], depth + 1));
    else for (const [k, v] of Object.entries(value)) visit(v, [...path, k], depth + 1);
  };
  visit(raw, [], 0);
  const rank = (path: string): number => {
    for (let p = path; ; p = parentPath(p)) {
      const found = order.get(p);
      if (found !== undefined) return found;
      if (p === '') return 0;
    }
  };
  return problems
    .map((problem, i) => ({ problem, i, rank: rank(problem.path) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.problem);
}

function parentPath(path: string): string {
  return path.replace(/(\.[A-Za-z0-9_$-]+|\[\d+\]|\["(?:[^"\\]|\\.)*"\])$|^[A-Za-z0-9_$-]+$/, '');
}
