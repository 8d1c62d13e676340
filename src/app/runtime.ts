import { dirname, isAbsolute, resolve } from 'node:path';
import type { Logger } from 'pino';
import { loadConfig, toAllocationConfig, type FinopsConfig, type LoadedConfig, type ProviderConfig } from '../config/index.js';
import { parseQuery, resolveTimeExpression } from '../core/query/index.js';
import { createProviders } from '../providers/index.js';
import { SAMPLE_DIMENSIONS, SAMPLE_SHARED } from '../providers/sample/sample-config.js';
import { CostEngine, todayIn, type EngineSettings } from './cost-engine.js';

export interface RuntimeOptions {
  configPath?: string;
  /** `--data PATH`: one FOCUS provider reading PATH replaces the configured providers. */
  dataPath?: string;
  /** The fixed clock (`--now`), epoch ms; the real clock otherwise. */
  now?: number;
  env?: Record<string, string | undefined>;
  cwd?: string;
  logger: Logger;
}

export interface Runtime {
  config: FinopsConfig;
  configSource: string | null;
  engine: CostEngine;
  /** The clock every request uses unless it brings its own `now`. */
  clock: () => number;
  /** True when the bot runs on the bundled sample data. */
  sample: boolean;
}

/** Checks a time expression of the configuration (`defaultRange`) with the query language. */
function validateTimeExpression(expression: string): string | null {
  const r = resolveTimeExpression(expression, { now: Date.now(), timezone: 'UTC', weekStart: 'monday' });
  return 'error' in r ? r.error : null;
}

/** Checks a budget scope: a filter in the query language (no bare words, no time). */
function validateScope(scope: string): string | null {
  const q = parseQuery(scope, {
    now: Date.now(), timezone: 'UTC', weekStart: 'monday', defaultRange: 'this month', defaultMetric: 'effective',
    dimensionKeys: [], knownValues: {},
  });
  if (q.error && !/unknown key/.test(q.error)) return q.error;
  return Object.keys(q.filters).length === 0 ? `expected a filter such as team=nlp, got ${JSON.stringify(scope)}` : null;
}

/**
 * Loads the configuration and the data, and builds the engine:
 * 1. the configuration (`--config`, FINOPS_CONFIG, finops.config.yaml, or defaults);
 * 2. the providers: `--data` replaces them; none configured means the bundled sample,
 *    with the sample's dimension and shared-cost definitions unless the file sets its own;
 * 3. every provider loaded into memory.
 */
export async function createRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const loaded: LoadedConfig = await loadConfig({ path: opts.configPath, env, cwd }, { validateTimeExpression, validateScope });
  const cfg = loaded.config;
  const baseDir = loaded.source ? dirname(loaded.source) : cwd;
  const allocation = toAllocationConfig(cfg);
  let providerConfigs: ProviderConfig[] = cfg.providers;
  if (opts.dataPath) providerConfigs = [{ type: 'focus', path: resolve(cwd, opts.dataPath) } as ProviderConfig];
  const sample = providerConfigs.length === 0;
  if (sample) {
    providerConfigs = [{ type: 'sample' } as ProviderConfig];
    if (!loaded.specifiedKeys.includes('dimensions')) allocation.dimensions = structuredClone(SAMPLE_DIMENSIONS);
    if (!loaded.specifiedKeys.includes('shared')) allocation.shared = structuredClone(SAMPLE_SHARED);
  }
  providerConfigs = providerConfigs.map((p) => (p.type === 'focus' && !isAbsolute(p.path) ? { ...p, path: resolve(baseDir, p.path) } : p));

  const clock = opts.now !== undefined ? () => opts.now! : () => Date.now();
  // The sample data always reaches yesterday of whichever is later: the real or the fixed clock.
  const today = [todayIn(Date.now(), 'UTC'), todayIn(clock(), 'UTC')].sort().at(-1)!;
  const providers = createProviders(providerConfigs, { logger: opts.logger, today, timezone: cfg.timezone });
  const settings: EngineSettings = {
    timezone: cfg.timezone,
    weekStart: cfg.weekStart,
    currency: cfg.currency,
    defaultRange: cfg.defaultRange,
    metric: cfg.metric,
    allocation,
  };
  const engine = await CostEngine.load(providers, settings, opts.logger);
  return { config: cfg, configSource: loaded.source, engine, clock, sample };
}
