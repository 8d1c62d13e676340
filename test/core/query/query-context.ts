import type { QueryContext } from '../../../src/core/types.js';

/** Thursday 2026-11-26 12:00 UTC, the "now" of the spec's examples. */
export const NOW = Date.parse('2026-11-26T12:00:00Z');

export const DIMENSION_KEYS = [
  'team', 'model', 'env', 'experiment', 'workload', 'accelerator',
  'provider', 'account', 'service', 'category', 'region', 'resource', 'pricing', 'charge',
];

export const KNOWN_VALUES: Record<string, string[]> = {
  team: ['nlp', 'vision', 'speech', 'ranking', 'platform', 'prod', 'Data Lake'],
  model: ['llama-70b', 'llama-8b', 'sdxl', 'whisper-large', 'gpt-4o-2024-08-06'],
  env: ['dev', 'staging', 'prod'],
};

/** A query context like the configured default one, with overrides. */
export function makeContext(overrides: Partial<QueryContext> = {}): QueryContext {
  return {
    now: NOW,
    timezone: 'UTC',
    weekStart: 'monday',
    defaultRange: 'this month',
    defaultMetric: 'effective',
    dimensionKeys: DIMENSION_KEYS,
    knownValues: KNOWN_VALUES,
    ...overrides,
  };
}
