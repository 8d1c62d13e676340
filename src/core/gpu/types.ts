/**
 * Vocabulary of the GPU utilisation work (`jobs-and-approvals.md`, "GPU utilisation"):
 * utilisation samples joined to billing through the resource id. Pure data, no I/O.
 */

/** A half-open range of instants, epoch milliseconds: `[start, end)`. */
export interface TimeRange {
  start: number;
  end: number;
}

/** `gpu.idle` of the configuration. */
export interface IdleRule {
  /** A GPU is idle while its utilisation (percent) is strictly below this. */
  utilisationBelow: number;
  /** ...for at least this many hours in a row. */
  forHours: number;
}

/** `gpu.rightsizing` of the configuration. */
export interface RightsizingRule {
  p95Below: number;
  days: number;
}

/**
 * A stretch of utilisation samples of one GPU (or of a whole instance when the source has
 * no per-GPU breakdown: `gpu` is then `''`): one value per `step`, the value at index `i`
 * describing `[start + i·step, start + (i+1)·step)`. `NaN` means no sample (unknown, never idle).
 * Chunks of one series arrive in time order; chunks of different series interleave.
 */
export interface GpuSeriesChunk {
  /** The billing data's ResourceId (the source has applied its `resourceMap`). */
  resource: string;
  /** GPU index or UUID within the resource; `''` for the instance as a whole. */
  gpu: string;
  /** The GPU model the source reports (DCGM `modelName`, CloudWatch `name`), when it does. */
  gpuModel?: string;
  start: number;
  step: number;
  /** Utilisation percent: the highest value seen in each step (so "below" holds throughout). */
  util: Float32Array;
  /** Frame-buffer memory used, percent of the GPU's memory, when the source has it. */
  memory?: Float32Array;
}

/** Tokens a model served in a range (vLLM counters), by model and, when known, by resource. */
export interface TokenCount {
  /** The model as the metrics name it (after the source's `modelMap`); null when only the resource is known. */
  model: string | null;
  /** The resource that served them, when the source knows it (files); null otherwise. */
  resource: string | null;
  promptTokens: number;
  generationTokens: number;
}

/** One idle episode of one GPU (or of a whole instance when `gpu` is `''`). */
export interface GpuIdleEpisode {
  resource: string;
  gpu: string;
  /** First idle instant (a step boundary: stable from one run to the next). */
  start: number;
  /** End of the last idle step. */
  end: number;
  /** True when the series was still idle at the end of the range asked about. */
  ongoing: boolean;
  /** True when the series was already idle at the start of the range (the real start is earlier). */
  startsBeforeRange: boolean;
}

/** What the utilisation of one GPU looked like over the range. */
export interface GpuUsageSummary {
  resource: string;
  gpu: string;
  gpuModel: string | null;
  /** Steps with a sample, and the step length (ms) they were measured at. */
  samples: number;
  sampledMs: number;
  firstSample: number;
  lastSample: number;
  /** 95th percentile (nearest rank, 0.1 % buckets) of utilisation and memory; null without samples. */
  p95Util: number | null;
  p95Memory: number | null;
  meanUtil: number | null;
  idleMs: number;
}

/** Pricing category of billed usage, from FOCUS `PricingCategory` (and common provider spellings). */
export type PricingKind = 'on-demand' | 'spot' | 'committed' | 'other';
