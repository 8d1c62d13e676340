/**
 * The GPU work as the bot runs it: the cost side (a `GpuCostIndex` fed by the same load as
 * the engine, through `teeProvider`) and the metric sources of `gpu.metrics` (the bundled
 * sample's own utilisation when neither metrics nor providers are configured), put
 * together as the `GpuDeps` every GPU use case, the idle-gpu job and the digest take.
 */
import type { Logger } from 'pino';
import type { FinopsConfig } from '../../config/index.js';
import type { AllocationConfig } from '../../core/types.js';
import { createMetricSources, effectiveMetricConfigs } from '../../metrics/index.js';
import type { Provider } from '../../providers/types.js';
import type { GpuDeps } from './gpu-analysis.js';
import { GpuCostIndex } from './gpu-cost-index.js';
import { teeProvider } from './tee-provider.js';

/** The cost index and the providers that feed it while the engine loads them. */
export interface GpuCostTap {
  index: GpuCostIndex;
  /** The providers to load: each snapshot provider also feeds the index; push-down providers as they are. */
  providers: Provider[];
}

/** Wraps the snapshot providers so that their one load also feeds the GPU cost index. */
export function tapGpuCosts(providers: Provider[], allocation: AllocationConfig, currency: string): GpuCostTap {
  const index = new GpuCostIndex(allocation, currency);
  return { index, providers: providers.map((p) => (p.kind === 'snapshot' ? teeProvider(p, index.add) : p)) };
}

/** The GPU use cases' dependencies: the configured metric sources over the tapped cost index. */
export async function createGpuDeps(opts: {
  config: Pick<FinopsConfig, 'gpu' | 'currency' | 'timezone'>;
  index: GpuCostIndex;
  /** True on the bundled sample data (its utilisation is then the default source). */
  sample: boolean;
  logger: Logger;
  /** Today (UTC) of the bot's clock, `YYYY-MM-DD`. */
  today: string;
  /** Where relative `path`s of file sources are resolved from (the configuration's folder). */
  baseDir: string;
  clock: () => number;
}): Promise<GpuDeps> {
  const sources = await createMetricSources(effectiveMetricConfigs(opts.config.gpu.metrics, opts.sample), { logger: opts.logger, today: opts.today, baseDir: opts.baseDir, now: opts.clock });
  return {
    sources,
    costs: opts.index,
    idle: opts.config.gpu.idle,
    rightsizing: opts.config.gpu.rightsizing,
    currency: opts.config.currency,
    timezone: opts.config.timezone,
    logger: opts.logger.child({ part: 'gpu' }),
  };
}
