import { cloudwatchConfigSchema } from './cloudwatch/config.js';
import { fileMetricsConfigSchema } from './file/config.js';
import { prometheusConfigSchema } from './prometheus/config.js';
import { sampleMetricsConfigSchema } from './sample/config.js';
import type { MetricSource, MetricSourceConfig, MetricSourceDeps, MetricSourceFactory } from './types.js';

type FactoryLoader = () => Promise<MetricSourceFactory<never>>;

/**
 * Every GPU metric source, by configuration `type` (`gpu.metrics` in the configuration):
 * its configuration schema and its factory, in its own folder. Adding a source is one
 * folder and one line here, as for cost providers (src/providers/index.ts); factories load
 * on demand, so a bot without CloudWatch never loads the AWS SDK. A test fails when a
 * folder under src/metrics/ is missing from this map or has no README.md.
 */
export const METRIC_SOURCES = {
  prometheus: { config: prometheusConfigSchema, load: async () => (await import('./prometheus/prometheus-source.js')).createPrometheusSource as MetricSourceFactory<never> },
  cloudwatch: { config: cloudwatchConfigSchema, load: async () => (await import('./cloudwatch/cloudwatch-source.js')).createCloudWatchSource as MetricSourceFactory<never> },
  file: { config: fileMetricsConfigSchema, load: async () => (await import('./file/file-source.js')).createFileSource as MetricSourceFactory<never> },
  sample: { config: sampleMetricsConfigSchema, load: async () => (await import('./sample/sample-source.js')).createSampleMetricSource as MetricSourceFactory<never> },
} as const satisfies Record<string, { config: unknown; load: FactoryLoader }>;

export type MetricSourceType = keyof typeof METRIC_SOURCES;

/** A source's id: its `name`, else its type (unique among the configured sources). */
export function metricSourceId(config: { type: string; name?: string }): string {
  return config.name ?? config.type;
}

/**
 * The metric sources to use: `gpu.metrics` as configured; with none configured and the
 * bundled sample as the cost data (no `providers`), the sample's own utilisation, so
 * `npm start` shows idle GPUs with no configuration at all.
 */
export function effectiveMetricConfigs(metrics: MetricSourceConfig[], costIsSample: boolean): MetricSourceConfig[] {
  if (metrics.length > 0 || !costIsSample) return metrics;
  return [{ type: 'sample' }];
}

/** Builds the configured metric sources (the configuration was validated at load). */
export async function createMetricSources(configs: MetricSourceConfig[], deps: MetricSourceDeps): Promise<MetricSource[]> {
  return Promise.all(
    configs.map(async (c) => {
      const entry = Object.hasOwn(METRIC_SOURCES, c.type) ? METRIC_SOURCES[c.type as MetricSourceType] : undefined;
      if (!entry) throw new Error(`No metric source is registered for type “${c.type}”. Known types: ${Object.keys(METRIC_SOURCES).join(', ')}.`);
      const factory = (await entry.load()) as MetricSourceFactory<MetricSourceConfig>;
      return factory(c, deps);
    }),
  );
}
