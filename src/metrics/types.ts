import type { Logger } from 'pino';
import type * as z from 'zod';
import type { gpuSchema } from '../config/gpu-schema.js';
import type { GpuSeriesChunk, TimeRange, TokenCount } from '../core/gpu/types.js';
import type { DoctorCheck } from '../providers/types.js';

export type { GpuSeriesChunk, TimeRange, TokenCount } from '../core/gpu/types.js';
export type { DoctorCheck } from '../providers/types.js';

/** `gpu:` of the configuration, defaults filled in. */
export type GpuConfig = z.output<typeof gpuSchema>;
/** One entry of `gpu.metrics`. */
export type MetricSourceConfig = GpuConfig['metrics'][number];

/** What every metric source factory receives besides its own configuration. */
export interface MetricSourceDeps {
  logger: Logger;
  /** Today's date (UTC) of the clock the bot runs on, `YYYY-MM-DD` (the bundled sample ends the day before). */
  today: string;
  /** Folder a relative `path` is resolved from (the configuration file's folder). */
  baseDir?: string;
  /** The `fetch` to reach HTTP sources with (tests inject nothing: real sockets). */
  fetch?: typeof fetch;
  /** The clock (epoch ms); default `Date.now`. CloudWatch's period depends on the data's age. */
  now?: () => number;
}

/** One call's context: cancellation and the log. */
export interface MetricContext {
  signal: AbortSignal;
  logger: Logger;
}

/** What a utilisation read asks for. */
export interface UtilisationRequest {
  range: TimeRange;
  /**
   * The step the caller would like (ms): the source may choose a coarser one (a long range,
   * CloudWatch's retention) and says so in each chunk. Chunks are aligned to multiples of
   * their step since the epoch, so an episode's start is the same from one run to the next.
   */
  step: number;
  /** Only these billing ResourceIds (after the source's resourceMap); absent = every resource. */
  resources?: string[];
}

/**
 * A source of GPU utilisation (Prometheus with the DCGM exporter and vLLM, the CloudWatch
 * agent, files, the bundled sample). Sources stream: `utilisation` yields batches of
 * per-GPU chunks of typed arrays, never one object per sample, and never the whole range at
 * once when it is large; callers fold each batch into constant-size state (UtilisationAnalyser).
 */
export interface MetricSource {
  readonly id: string;
  readonly type: string;
  /** A short human description (`prometheus: http://prometheus:9090 (Hostname)`). */
  describe(): string;
  /**
   * Per-GPU utilisation (the highest value in each step) and frame-buffer memory used (% of
   * the GPU's memory), resources already mapped to billing ResourceIds. Batches come in time
   * order per series. Throws MetricSourceError with a message that says how to fix it.
   */
  utilisation(request: UtilisationRequest, ctx: MetricContext): AsyncIterable<GpuSeriesChunk[]>;
  /** Tokens served in the range (vLLM's prompt and generation counters, resets handled); [] when the source has none. */
  tokens(range: TimeRange, ctx: MetricContext): Promise<TokenCount[]>;
  /** What the last read could not use (unreadable rows…), for the answer's notes. */
  notes?(): string[];
  /** Reachability, credentials, that the expected metrics exist; never throws. */
  doctor(ctx: MetricContext): Promise<DoctorCheck[]>;
}

/** Builds a metric source from its configuration entry. */
export type MetricSourceFactory<C = MetricSourceConfig> = (config: C, deps: MetricSourceDeps) => MetricSource;

/** A metric source failed in a way the user can fix; `message` says how. */
export class MetricSourceError extends Error {
  override readonly name = 'MetricSourceError';
  constructor(
    readonly source: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
