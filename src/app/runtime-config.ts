import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError, loadConfig, toAllocationConfig, type FinopsConfig, type LoadedConfig, type ProviderConfig } from '../config/index.js';
import { BUILTIN_DIMENSIONS, FOCUS_KEY_NAMES } from '../core/keys.js';
import type { AllocationConfig } from '../core/types.js';
import { parseQuery, resolveTimeExpression } from '../core/query/index.js';
import { SAMPLE_DIMENSIONS, SAMPLE_SHARED } from '../providers/sample/sample-config.js';
import { sampleOrganisation } from '../providers/sample/sample-people.js';

/** Where the configuration comes from and what replaces its providers. */
export interface RuntimeConfigOptions {
  configPath?: string;
  /** `--data PATH`: one FOCUS provider reading PATH replaces the configured providers. */
  dataPath?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/** The configuration as the runtime and `finops-bot doctor` use it. */
export interface RuntimeConfig {
  config: FinopsConfig;
  configSource: string | null;
  allocation: AllocationConfig;
  /** The providers to build: `--data`, else the configured ones, else the bundled sample; FOCUS paths absolute. */
  providerConfigs: ProviderConfig[];
  /** True when the bot runs on the bundled sample data. */
  sample: boolean;
}

/** Checks a time expression of the configuration (`defaultRange`) with the query language. */
function validateTimeExpression(expression: string): string | null {
  const r = resolveTimeExpression(expression, { now: Date.now(), timezone: 'UTC', weekStart: 'monday' });
  return 'error' in r ? r.error : null;
}

/**
 * Checks a budget scope: a filter in the query language over the configured dimensions,
 * the built-in ones and the FOCUS keys (no bare words, no time).
 */
function scopeValidator(dimensionKeys: string[]): (scope: string) => string | null {
  return (scope) => {
    const q = parseQuery(scope, {
      now: Date.now(), timezone: 'UTC', weekStart: 'monday', defaultRange: 'this month', defaultMetric: 'effective',
      dimensionKeys, knownValues: {},
    });
    if (q.error) return q.error;
    return Object.keys(q.filters).length === 0 ? `expected a filter such as team=nlp, got ${JSON.stringify(scope)}` : null;
  };
}

/**
 * Loads and validates the configuration (`--config`, FINOPS_CONFIG, finops.config.yaml, or
 * defaults; throws ConfigError) and settles which providers answer:
 * 1. `--data` replaces the configured providers with one FOCUS provider;
 * 2. none configured means the bundled sample, with the sample's dimension and shared-cost
 *    definitions unless the file sets its own;
 * 3. a relative FOCUS `path` is relative to the configuration file's folder.
 */
export async function loadRuntimeConfig(opts: RuntimeConfigOptions): Promise<RuntimeConfig> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const loaded: LoadedConfig = await loadConfig({ path: opts.configPath, env, cwd }, { validateTimeExpression });
  const cfg = loaded.config;
  // Budget scopes are filters over this configuration's own keys: checked once it is known.
  const validateScope = scopeValidator([...new Set([...Object.keys(cfg.dimensions), ...BUILTIN_DIMENSIONS, ...FOCUS_KEY_NAMES])]);
  const scopeProblems = [
    ...cfg.budgets.flatMap((b, i) => {
      const message = validateScope(b.scope);
      return message === null ? [] : [{ path: `budgets[${i}].scope`, message }];
    }),
    ...Object.entries(cfg.teams).flatMap(([name, t]) => {
      const message = t.scope === undefined || t.scope.toLowerCase() === 'all' ? null : validateScope(t.scope);
      return message === null ? [] : [{ path: `teams.${name}.scope`, message }];
    }),
  ];
  if (scopeProblems.length > 0) {
    const count = scopeProblems.length === 1 ? '1 problem' : `${scopeProblems.length} problems`;
    throw new ConfigError('CONFIG_INVALID', `The configuration${loaded.source ? ` in ${loaded.source}` : ''} has ${count}:`, scopeProblems, { source: loaded.source });
  }
  const baseDir = loaded.source ? dirname(loaded.source) : cwd;
  const allocation = toAllocationConfig(cfg);
  let providerConfigs: ProviderConfig[] = cfg.providers;
  if (opts.dataPath) providerConfigs = [{ type: 'focus', path: resolve(cwd, opts.dataPath) } as ProviderConfig];
  const sample = providerConfigs.length === 0;
  if (sample) {
    providerConfigs = [{ type: 'sample' } as ProviderConfig];
    if (!loaded.specifiedKeys.includes('dimensions')) allocation.dimensions = structuredClone(SAMPLE_DIMENSIONS);
    if (!loaded.specifiedKeys.includes('shared')) allocation.shared = structuredClone(SAMPLE_SHARED);
    // With no configuration file at all: the sample organisation's people, teams and budgets (the console demo).
    if (loaded.source === null) Object.assign(cfg, sampleOrganisation());
  }
  providerConfigs = providerConfigs.map((p) => (p.type === 'focus' && !isAbsolute(p.path) ? { ...p, path: resolve(baseDir, p.path) } : p));
  return { config: cfg, configSource: loaded.source, allocation, providerConfigs, sample };
}
