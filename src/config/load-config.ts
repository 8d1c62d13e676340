import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { inDocumentOrder } from './format-issues.js';
import { parseConfig } from './parse-config.js';
import { isPlainMapping } from './primitives.js';
import type { ConfigValidators, LoadedConfig } from './types.js';
import { readYaml, type LossyNumber } from './yaml-source.js';

export const DEFAULT_CONFIG_FILE = 'finops.config.yaml';

/** A configuration file is a page of YAML; anything this large is a mistake or an attack. */
const MAX_BYTES = 1024 * 1024;

export interface LoadConfigOptions {
  /** An explicit file (`--config FILE`); it must exist. */
  path?: string;
  /** Where `FINOPS_CONFIG` is read from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Where relative paths and `finops.config.yaml` are looked up (default `process.cwd()`). */
  cwd?: string;
}

/**
 * Finds, reads and validates the configuration: `path`, else `FINOPS_CONFIG`, else
 * `finops.config.yaml` in `cwd` if present, else no file and all defaults.
 * Throws a `ConfigError` listing every problem (one line each) when the file cannot be used.
 */
export async function loadConfig(options: LoadConfigOptions = {}, validators: ConfigValidators = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const explicit = nonEmpty(options.path) ?? nonEmpty(env.FINOPS_CONFIG);
  const path = resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);
  const info = await stat(path).catch(() => null);
  if (info === null) {
    if (explicit === undefined) return { ...parseOrThrow(null, null, validators), source: null };
    const from = nonEmpty(options.path) !== undefined ? 'given' : 'named by FINOPS_CONFIG';
    throw new ConfigError('CONFIG_NOT_FOUND', `The configuration file ${from} does not exist: ${path}`, [
      { path: '', message: 'check the path, or leave it unset to use finops.config.yaml in the working directory (or the defaults)' },
    ], { source: path });
  }
  if (!info.isFile()) {
    throw new ConfigError('CONFIG_UNREADABLE', `The configuration path ${path} is not a file`, [
      { path: '', message: 'point it at a YAML file such as finops.config.yaml' },
    ], { source: path });
  }
  if (info.size > MAX_BYTES) {
    throw new ConfigError('CONFIG_UNREADABLE', `The configuration file ${path} is too large`, [
      { path: '', message: `${info.size} bytes; a configuration file is at most ${MAX_BYTES} bytes` },
    ], { source: path });
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ConfigError('CONFIG_UNREADABLE', `Cannot read the configuration file ${path}`, [
      { path: '', message: (cause as Error).message },
    ], { source: path, cause });
  }
  return { ...parseOrThrow(text, path, validators), source: path };
}

function parseOrThrow(text: string | null, source: string | null, validators: ConfigValidators): Omit<LoadedConfig, 'source'> {
  let raw: unknown = null;
  let lossyNumbers: LossyNumber[] = [];
  let early: ConfigProblem[] = [];
  if (text !== null) {
    let yaml: ReturnType<typeof readYaml>;
    try {
      yaml = readYaml(text);
    } catch (cause) {
      // The YAML library can overflow its stack on absurdly nested input.
      throw new ConfigError('CONFIG_SYNTAX', `The configuration file ${source} is not valid YAML`, [
        { path: '', message: (cause as Error).message },
      ], { source, cause });
    }
    if (!yaml.ok) {
      throw new ConfigError('CONFIG_SYNTAX', `The configuration file ${source} is not valid YAML:`, yaml.problems, { source });
    }
    raw = yaml.value;
    lossyNumbers = yaml.lossyNumbers;
    early = yaml.problems;
  }
  const result = parseConfig(raw, { ...validators, lossyNumbers });
  const problems = inDocumentOrder([...early, ...(result.ok ? [] : result.problems)], raw);
  if (!result.ok || problems.length > 0) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    throw new ConfigError('CONFIG_INVALID', `The configuration${source ? ` in ${source}` : ''} has ${count}:`, problems, { source });
  }
  return { config: result.config, specifiedKeys: isPlainMapping(raw) ? Object.keys(raw) : [] };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
