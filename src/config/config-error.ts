/** One thing wrong with the configuration: the key path (`budgets[2].thresholds[0]`) and what is wrong. */
export interface ConfigProblem {
  /** The key path in `a.b[2].c` form; empty for problems of the file as a whole. */
  path: string;
  message: string;
}

export type ConfigErrorCode = 'CONFIG_NOT_FOUND' | 'CONFIG_UNREADABLE' | 'CONFIG_SYNTAX' | 'CONFIG_INVALID' | 'ENV_INVALID';

/**
 * The configuration (file or environment) cannot be used. The message lists one line per
 * problem, so start-up can print it as is; `problems` holds the same lines as data.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: ConfigErrorCode;
  readonly problems: ConfigProblem[];
  /** The file the problems are in, or null (environment, or no file). */
  readonly source: string | null;

  constructor(code: ConfigErrorCode, headline: string, problems: ConfigProblem[], options: { source?: string | null; cause?: unknown } = {}) {
    super([headline, ...problems.map((p) => `  ${problemLine(p)}`)].join('\n'), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.problems = problems;
    this.source = options.source ?? null;
  }
}

/** `path: message`, or the message alone for a problem of the whole file. */
export function problemLine(problem: ConfigProblem): string {
  return problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
}

/** `a.b[2].c`; keys that are not plain words are quoted so the path stays unambiguous. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      if (/^[A-Za-z0-9_$-]+$/.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(truncate(key, 60))}]`;
    }
  }
  return out;
}

/** Cuts hostile or huge text down to something a log line can hold. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
