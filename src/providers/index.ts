import type { ProviderConfig } from '../config/index.js';
import { createCostExplorerProvider } from './aws-cost-explorer/index.js';
import { createFocusProvider } from './focus/focus-provider.js';
import { createBigQueryProvider } from './gcp-bigquery/index.js';
import { createSampleProvider } from './sample/sample-provider.js';
import type { Provider, ProviderDeps, ProviderFactory } from './types.js';

/**
 * Every provider, by configuration `type`: adding a source is one folder and one line
 * here. A test fails when a folder under src/providers/ is missing from this map.
 */
export const PROVIDERS = {
  focus: createFocusProvider as ProviderFactory<never>,
  sample: createSampleProvider as ProviderFactory<never>,
  'aws-cost-explorer': createCostExplorerProvider as ProviderFactory<never>,
  'gcp-bigquery': createBigQueryProvider as ProviderFactory<never>,
} as const satisfies Record<string, ProviderFactory<never>>;

export type RegisteredProviderType = keyof typeof PROVIDERS;

/** Builds the configured providers (the configuration was validated at load). */
export function createProviders(configs: ProviderConfig[], deps: ProviderDeps): Provider[] {
  return configs.map((c) => {
    const factory = (PROVIDERS as unknown as Record<string, ProviderFactory<unknown>>)[c.type];
    if (!factory) throw new Error(`No provider is registered for type “${c.type}”. Known types: ${Object.keys(PROVIDERS).join(', ')}.`);
    // BigQuery groups by calendar day in the bot's zone; Cost Explorer's days are UTC days.
    const config = c.type === 'gcp-bigquery' ? { timezone: deps.timezone, ...c } : c;
    return factory(config, deps);
  });
}
