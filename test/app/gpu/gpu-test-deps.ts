import pino from 'pino';
import { GpuCostIndex } from '../../../src/app/gpu/gpu-cost-index.js';
import type { GpuDeps } from '../../../src/app/gpu/gpu-analysis.js';
import type { AllocationConfig, CostRecord } from '../../../src/core/types.js';
import { createSampleMetricSource } from '../../../src/metrics/sample/sample-source.js';
import type { MetricSource } from '../../../src/metrics/types.js';
import { generateSample, SAMPLE_ALLOCATION } from '../../../src/providers/sample/index.js';

export const silent = pino({ level: 'silent' });

/** A plain allocation: team and model from tags, the built-ins (workload, accelerator). */
export const TAG_ALLOCATION: AllocationConfig = {
  dimensions: {
    team: { tags: ['team'], accounts: {}, rules: [], aliases: {} },
    model: { tags: ['model'], accounts: {}, rules: [], aliases: {} },
    experiment: { tags: ['experiment'], accounts: {}, rules: [], aliases: {} },
  },
  shared: [],
  unallocated: '(untagged)',
};

/** GPU deps over records and sources, with the default rules (5 % for 2 h; p95 under 30 % over 14 days). */
export function depsOver(records: CostRecord[], sources: MetricSource[], allocation = TAG_ALLOCATION): GpuDeps {
  const costs = new GpuCostIndex(allocation, 'USD');
  for (const r of records) costs.add(r);
  return { sources, costs, idle: { utilisationBelow: 5, forHours: 2 }, rightsizing: { p95Below: 30, days: 14 }, currency: 'USD', timezone: 'UTC', logger: silent };
}

const cache = new Map<string, GpuDeps>();

/** GPU deps on the bundled sample, as `npm start` has it with no configuration (cached per `today`). */
export function sampleDeps(today = '2026-11-26'): GpuDeps {
  let deps = cache.get(today);
  if (!deps) {
    const costs = new GpuCostIndex(SAMPLE_ALLOCATION, 'USD');
    generateSample({ today }, costs.add);
    deps = { sources: [createSampleMetricSource({ type: 'sample' }, { logger: silent, today })], costs, idle: { utilisationBelow: 5, forHours: 2 }, rightsizing: { p95Below: 30, days: 14 }, currency: 'USD', timezone: 'UTC', logger: silent };
    cache.set(today, deps);
  }
  return deps;
}
