import type { ProviderConfig } from '../config/index.js';
import { athenaConfigSchema } from './aws-athena/config.js';
import { costExplorerConfigSchema } from './aws-cost-explorer/config.js';
import { focusConfigSchema } from './focus/config.js';
import { bigQueryConfigSchema } from './gcp-bigquery/config.js';
import { sampleConfigSchema } from './sample/config.js';
import type { Provider, ProviderDeps, ProviderFactory } from './types.js';

type FactoryLoader = () => Promise<ProviderFactory<never>>;

/**
 * Every provider, by configuration `type`: its configuration schema (zod, in its own
 * folder's `config.ts`) and its factory. Adding a source is one folder and one line here;
 * the configuration file accepts exactly these types. Factories load on demand, so a bot
 * on FOCUS files never loads the cloud SDKs. A test fails when a folder under
 * src/providers/ is missing from this map.
 */
export const PROVIDERS = {
  focus: { config: focusConfigSchema, load: async () => (await import('./focus/focus-provider.js')).createFocusProvider as ProviderFactory<never> },
  'aws-cost-explorer': { config: costExplorerConfigSchema, load: async () => (await import('./aws-cost-explorer/index.js')).createCostExplorerProvider as ProviderFactory<never> },
  'aws-athena': { config: athenaConfigSchema, load: async () => (await import('./aws-athena/index.js')).createAthenaProvider as ProviderFactory<never> },
  'gcp-bigquery': { config: bigQueryConfigSchema, load: async () => (await import('./gcp-bigquery/index.js')).createBigQueryProvider as ProviderFactory<never> },
  sample: { config: sampleConfigSchema, load: async () => (await import('./sample/sample-provider.js')).createSampleProvider as ProviderFactory<never> },
} as const satisfies Record<string, { config: unknown; load: FactoryLoader }>;

export type RegisteredProviderType = keyof typeof PROVIDERS;

/** Push-down providers that group records by day in the bot's zone (`timezone` in their factory config). */
const ZONED: ReadonlySet<string> = new Set(['gcp-bigquery', 'aws-athena']);

/** Builds the configured providers (the configuration was validated at load). */
export async function createProviders(configs: ProviderConfig[], deps: ProviderDeps): Promise<Provider[]> {
  return Promise.all(
    configs.map(async (c) => {
      const entry = Object.hasOwn(PROVIDERS, c.type) ? PROVIDERS[c.type as RegisteredProviderType] : undefined;
      if (!entry) throw new Error(`No provider is registered for type “${c.type}”. Known types: ${Object.keys(PROVIDERS).join(', ')}.`);
      const factory = (await entry.load()) as ProviderFactory<unknown>;
      // BigQuery and Athena group by calendar day in the bot's zone; Cost Explorer's days are UTC days.
      const config = ZONED.has(c.type) ? { timezone: deps.timezone, ...c } : c;
      return factory(config, deps);
    }),
  );
}
