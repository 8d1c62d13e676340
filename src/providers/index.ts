import type { ProviderConfig } from '../config/index.js';
import type { Provider, ProviderDeps, ProviderFactory } from './types.js';

type FactoryLoader = () => Promise<ProviderFactory<never>>;

/**
 * Every provider, by configuration `type`: adding a source is one folder and one line
 * here. Factories load on demand, so a bot on FOCUS files never loads the cloud SDKs.
 * A test fails when a folder under src/providers/ is missing from this map.
 */
export const PROVIDERS = {
  focus: async () => (await import('./focus/focus-provider.js')).createFocusProvider as ProviderFactory<never>,
  sample: async () => (await import('./sample/sample-provider.js')).createSampleProvider as ProviderFactory<never>,
  'aws-cost-explorer': async () => (await import('./aws-cost-explorer/index.js')).createCostExplorerProvider as ProviderFactory<never>,
  'gcp-bigquery': async () => (await import('./gcp-bigquery/index.js')).createBigQueryProvider as ProviderFactory<never>,
} as const satisfies Record<string, FactoryLoader>;

export type RegisteredProviderType = keyof typeof PROVIDERS;

/** Builds the configured providers (the configuration was validated at load). */
export async function createProviders(configs: ProviderConfig[], deps: ProviderDeps): Promise<Provider[]> {
  return Promise.all(
    configs.map(async (c) => {
      const load = Object.hasOwn(PROVIDERS, c.type) ? (PROVIDERS as Record<string, FactoryLoader>)[c.type] : undefined;
      if (!load) throw new Error(`No provider is registered for type “${c.type}”. Known types: ${Object.keys(PROVIDERS).join(', ')}.`);
      const factory = (await load()) as ProviderFactory<unknown>;
      // BigQuery groups by calendar day in the bot's zone; Cost Explorer's days are UTC days.
      const config = c.type === 'gcp-bigquery' ? { timezone: deps.timezone, ...c } : c;
      return factory(config, deps);
    }),
  );
}
