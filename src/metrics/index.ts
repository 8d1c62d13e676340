import { cloudwatchConfigSchema } from './cloudwatch/config.js';
import { fileMetricsConfigSchema } from './file/config.js';
import { prometheusConfigSchema } from './prometheus/config.js';

/**
 * Every GPU metric source, by configuration `type` (`gpu.metrics` in the configuration):
 * its configuration schema, in its own folder. Adding a source is one folder and one line
 * here, as for cost providers (src/providers/index.ts).
 */
export const METRIC_SOURCES = {
  prometheus: { config: prometheusConfigSchema },
  cloudwatch: { config: cloudwatchConfigSchema },
  file: { config: fileMetricsConfigSchema },
} as const;

export type MetricSourceType = keyof typeof METRIC_SOURCES;
