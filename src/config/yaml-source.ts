import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { formatPath, truncate, type ConfigProblem } from './config-error.js';

/** Keys that would reach an object's prototype if copied naively; never legitimate config. */
const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

/** A plain YAML scalar read as a number whose text the number does not give back (`012`, `1e3`). */
export interface LossyNumber {
  path: (string | number)[];
  source: string;
  value: number;
  isKey: boolean;
}

export type YamlResult =
  | { ok: true; value: unknown; lossyNumbers: LossyNumber[]; problems: ConfigProblem[] }
  | { ok: false; problems: ConfigProblem[] };

/**
 * Reads one YAML document into plain data. Syntax errors come back with line and column.
 * Besides the data it reports what YAML silently changes or what would be dangerous:
 * numbers whose text is lost (an account id `012345678901` becomes 12345678901) and
 * prototype keys (`__proto__`), which are also removed from the data.
 */
export function readYaml(text: string): YamlResult {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, logLevel: 'error' });
  const syntax = [...doc.errors, ...doc.warnings].map((e) => {
    const pos = e.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}: ` : '';
    return { path: '', message: `${where}${firstLine(e.message)}` };
  });
  if (syntax.length > 0) return { ok: false, problems: syntax };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `cannot expand the YAML: ${(error as Error).message}` }] };
  }
  const lossyNumbers: LossyNumber[] = [];
  const problems: ConfigProblem[] = [];
  walk(doc.contents, [], lossyNumbers, problems);
  stripForbiddenKeys(value, 0);
  return { ok: true, value, lossyNumbers, problems };
}

function firstLine(message: string): string {
  return truncate(message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), 200);
}

function walk(node: Node | null | undefined, path: (string | number)[], lossy: LossyNumber[], problems: ConfigProblem[]): void {
  if (!node || isAlias(node)) return;
  if (isScalar(node)) {
    const number = lossyNumber(node);
    if (number) lossy.push({ path, ...number, isKey: false });
    return;
  }
  if (isSeq(node)) {
    node.items.forEach((item, i) => walk(item as Node, [...path, i], lossy, problems));
    return;
  }
  if (!isMap(node)) return;
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    const keyNode = pair.key as Node | null;
    if (keyNode !== null && !isScalar(keyNode)) {
      problems.push({ path: formatPath(path), message: 'expected plain keys, got a list or mapping used as a key' });
      continue;
    }
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const childPath = [...path, isScalar(keyNode) && typeof keyNode.source === 'string' ? keyNode.source : key];
    if (FORBIDDEN_KEYS.includes(key)) {
      problems.push({ path: formatPath(childPath), message: `"${key}" is not allowed as a key` });
      continue;
    }
    const number = isScalar(keyNode) ? lossyNumber(keyNode) : null;
    if (number) lossy.push({ path: childPath, ...number, isKey: true });
    walk(pair.value as Node | null, [...path, key], lossy, problems);
  }
}

function lossyNumber(node: { value: unknown; source?: string; type?: string }): { source: string; value: number } | null {
  if (typeof node.value !== 'number' || node.type !== 'PLAIN' || typeof node.source !== 'string') return null;
  return String(node.value) === node.source ? null : { source: node.source, value: node.value };
}

function stripForbiddenKeys(value: unknown, depth: number): void {
  if (typeof value !== 'object' || value === null || depth > 64) return;
  for (const key of FORBIDDEN_KEYS) {
    if (Object.hasOwn(value, key)) delete (value as Record<string, unknown>)[key];
  }
  for (const child of Object.values(value)) stripForbiddenKeys(child, depth + 1);
}
