import type { ConfigProblem } from './config-error.js';
import { formatPath } from './config-error.js';
import { defaultIssueMessage, formatIssues, inDocumentOrder } from './format-issues.js';
import { isPlainMapping } from './primitives.js';
import { configSchema } from './schema.js';
import type { ConfigValidators, FinopsConfig } from './types.js';
import type { LossyNumber } from './yaml-source.js';

export type ParseConfigResult = { ok: true; config: FinopsConfig } | { ok: false; problems: ConfigProblem[] };

export interface ParseConfigOptions extends ConfigValidators {
  /** Numbers whose YAML text was lost (see `readYaml`); reported where the config wants text. */
  lossyNumbers?: readonly LossyNumber[];
}

/**
 * Validates already-parsed configuration data (`null` = an empty file = all defaults).
 * Returns every problem at once, each with its key path, so one run fixes them all.
 */
export function parseConfig(raw: unknown, options: ParseConfigOptions = {}): ParseConfigResult {
  const data = raw === null || raw === undefined ? {} : raw;
  const result = configSchema.safeParse(data, { error: defaultIssueMessage });
  const problems = result.success ? [] : formatIssues(result.error.issues, data);
  const reported = new Set(problems.map((p) => p.path));
  for (const lossy of options.lossyNumbers ?? []) {
    const path = formatPath(lossy.path);
    if (reported.has(path) || (!lossy.isKey && isNumericPosition(lossy.path))) continue;
    problems.push({ path, message: lossyMessage(lossy) });
  }
  problems.push(...runValidators(data, options));
  if (problems.length > 0 || !result.success) return { ok: false, problems: inDocumentOrder(problems, data) };
  return { ok: true, config: result.data };
}

/** Where YAML's reading of `1e3` as 1000 is what the user meant. */
function isNumericPosition(path: readonly (string | number)[]): boolean {
  if (path[0] === 'budgets') return path[2] === 'amount' || path[2] === 'thresholds';
  return path[0] === 'providers' && path[2] === 'maxBytesBilled';
}

function lossyMessage({ source, value, isKey, path }: LossyNumber): string {
  const what = isKey ? 'this key' : 'this value';
  const quoted = JSON.stringify(source);
  if (path.includes('accounts') || /^[-+]?0\d/.test(source)) {
    return `YAML reads ${what} (${source}) as the number ${value}${/^[-+]?0\d/.test(source) ? ' and drops the leading zero' : ''}; quote account ids and other codes: ${quoted}`;
  }
  return `YAML reads ${what} (${source}) as the number ${value}; put it in quotes to keep it as written: ${quoted}`;
}

function runValidators(data: unknown, { validateTimeExpression, validateScope }: ConfigValidators): ConfigProblem[] {
  if (!isPlainMapping(data)) return [];
  const problems: ConfigProblem[] = [];
  const check = (path: string, value: unknown, validate: ((s: string) => string | null) | undefined) => {
    if (validate === undefined || typeof value !== 'string' || value.trim() === '') return;
    let error: string | null;
    try {
      error = validate(value.trim());
    } catch (cause) {
      error = (cause as Error)?.message ?? String(cause);
    }
    if (error !== null) problems.push({ path, message: error });
  };
  check('defaultRange', data.defaultRange, validateTimeExpression);
  if (Array.isArray(data.budgets)) {
    data.budgets.forEach((b, i) => check(`budgets[${i}].scope`, isPlainMapping(b) ? b.scope : undefined, validateScope));
  }
  return problems;
}
