/**
 * The GPU work as the bot runs it: the cost side (a `GpuCostIndex` fed by the same load as
 * the engine, through `teeProvider`, one index per provider and load) and the metric sources of `gpu.metrics` (the bundled
 * sample's own utilisation when neither metrics nor providers are configured), put
 * together as the `GpuDeps` every GPU use case, the idle-gpu job and the digest take.
 */
import type { Logger } from 'pino';
import type { FinopsConfig } from '../../config/index.js';
import type { AllocationConfig } from '../../core/types.js';
import { createMetricSources, effectiveMetricConfigs } from '../../metrics/index.js';
import type { TimeRange } from '../../core/gpu/types.js';
import type { Provider, SnapshotProvider } from '../../providers/types.js';
import type { GpuDeps } from './gpu-analysis.js';
import { GpuCostIndex } from './gpu-cost-index.js';
import type { GpuCostResult, GpuCostSource, PriceObservation } from './gpu-cost-source.js';
import { teeProvider } from './tee-provider.js';

/**
 * The GPU cost side over every snapshot provider: one `GpuCostIndex` per provider, built
 * afresh by each of its loads and put in place when that load ends — a load that reads its
 * files twice (one failed half-way) or a rescan's reload replaces the provider's index
 * instead of adding its rows again.
 */
export class GpuCostIndexes implements GpuCostSource {
  private readonly current = new Map<string, GpuCostIndex>();

  constructor(
    private readonly allocation: AllocationConfig,
    private readonly currency: string,
  ) {}

  /** The provider, whose every load also builds its GPU cost index. */
  tee(provider: SnapshotProvider): SnapshotProvider {
    return {
      kind: 'snapshot',
      id: provider.id,
      type: provider.type,
      describe: () => provider.describe(),
      ...(provider.signature ? { signature: () => provider.signature!() } : {}),
      load: async (sink, opts) => {
        const next = new GpuCostIndex(this.allocation, this.currency);
        const result = await teeProvider(provider, next.add).load(sink, opts);
        this.current.set(provider.id, next);
        return result;
      },
    };
  }

  /** Records kept over every provider. */
  get size(): number {
    return [...this.current.values()].reduce((s, i) => s + i.size, 0);
  }

  async gpuCosts(range: TimeRange): Promise<GpuCostResult> {
    const parts = await Promise.all([...this.current.values()].map((i) => i.gpuCosts(range)));
    const billed = parts.map((p) => p.billedUntil).filter((b): b is number => b !== null);
    return {
      currency: this.currency,
      resources: parts.flatMap((p) => p.resources),
      billedUntil: billed.length ? Math.max(...billed) : null,
      notes: [...new Set(parts.flatMap((p) => p.notes))],
    };
  }

  async prices(range: TimeRange): Promise<PriceObservation[]> {
    return (await Promise.all([...this.current.values()].map((i) => i.prices(range)))).flat();
  }
}

/** The cost indexes and the providers that feed them while the engine loads them. */
export interface GpuCostTap {
  index: GpuCostIndexes;
  /** The providers to load: each snapshot provider also feeds its index; push-down providers as they are. */
  providers: Provider[];
}

/** Wraps the snapshot providers so that their loads also feed the GPU cost indexes. */
export function tapGpuCosts(providers: Provider[], allocation: AllocationConfig, currency: string, enabled = true): GpuCostTap {
  const index = new GpuCostIndexes(allocation, currency);
  // Without GPU metric sources nothing reads the index: the providers stay as they are, so
  // their built datasets can come from the on-disk snapshots (a tapped load must read its records).
  if (!enabled) return { index, providers };
  return { index, providers: providers.map((p) => (p.kind === 'snapshot' ? index.tee(p) : p)) };
}

/** The GPU use cases' dependencies: the configured metric sources over the tapped cost index. */
export async function createGpuDeps(opts: {
  config: Pick<FinopsConfig, 'gpu' | 'currency' | 'timezone'>;
  index: GpuCostSource;
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
