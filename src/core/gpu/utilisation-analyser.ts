import { DEFAULT_MAX_GAP_MS, IdleTracker } from './idle-tracker.js';
import type { GpuIdleEpisode, GpuSeriesChunk, GpuUsageSummary, IdleRule, TimeRange } from './types.js';

/** Histogram buckets of 0.1 percentage point, 0–100 %. */
const BUCKETS = 1001;

interface SeriesState {
  resource: string;
  gpu: string;
  gpuModel: string | null;
  tracker: IdleTracker;
  util: Uint32Array;
  memory: Uint32Array | null;
  memorySamples: number;
  samples: number;
  sampledMs: number;
  sum: number;
  first: number;
  last: number;
}

/** A resource's mean utilisation (over its GPUs and each bucket's steps), for charts. */
export interface ResourceTimeline {
  start: number;
  bucketMs: number;
  /** Mean utilisation percent per bucket; NaN where there was no sample. */
  mean: Float32Array;
}

/** Everything the analyser keeps of a range of utilisation samples. */
export interface UtilisationResult {
  range: TimeRange;
  rule: IdleRule;
  series: GpuUsageSummary[];
  episodes: GpuIdleEpisode[];
  timelines: Map<string, ResourceTimeline>;
}

/**
 * Consumes utilisation chunks of any number of GPUs, in constant memory per GPU: the idle
 * episodes (IdleTracker), a 0.1 %-bucket histogram of utilisation and memory for the 95th
 * percentile, and each resource's mean per chart bucket. Nothing else of the samples is kept.
 */
export class UtilisationAnalyser {
  private readonly states = new Map<string, SeriesState>();
  private readonly timelines = new Map<string, { sum: Float64Array; count: Uint32Array }>();
  readonly bucketMs: number;
  private readonly buckets: number;

  constructor(
    private readonly range: TimeRange,
    private readonly rule: IdleRule,
    private readonly maxGapMs = DEFAULT_MAX_GAP_MS,
  ) {
    const hours = Math.max(1, Math.ceil((range.end - range.start) / 3_600_000));
    this.bucketMs = 3_600_000 * Math.max(1, Math.ceil(hours / 720));
    this.buckets = Math.max(1, Math.ceil((range.end - range.start) / this.bucketMs));
  }

  add(chunk: GpuSeriesChunk): void {
    const key = `${chunk.resource}\u0000${chunk.gpu}`;
    let s = this.states.get(key);
    if (!s) {
      s = {
        resource: chunk.resource, gpu: chunk.gpu, gpuModel: chunk.gpuModel ?? null,
        tracker: new IdleTracker(chunk.resource, chunk.gpu, this.rule, this.range, this.maxGapMs),
        util: new Uint32Array(BUCKETS), memory: null, memorySamples: 0, samples: 0, sampledMs: 0, sum: 0, first: Infinity, last: -Infinity,
      };
      this.states.set(key, s);
    }
    if (!s.gpuModel && chunk.gpuModel) s.gpuModel = chunk.gpuModel;
    s.tracker.add(chunk.start, chunk.step, chunk.util);
    let tl = this.timelines.get(chunk.resource);
    if (!tl) this.timelines.set(chunk.resource, (tl = { sum: new Float64Array(this.buckets), count: new Uint32Array(this.buckets) }));
    const { start, step, util, memory } = chunk;
    for (let i = 0; i < util.length; i++) {
      const t = start + i * step;
      if (t < this.range.start || t >= this.range.end) continue;
      const v = util[i]!;
      if (v === v) {
        s.util[bucket(v)]!++;
        s.samples++;
        s.sampledMs += step;
        s.sum += v;
        if (t < s.first) s.first = t;
        if (t > s.last) s.last = t;
        const b = Math.floor((t - this.range.start) / this.bucketMs);
        tl.sum[b]! += v;
        tl.count[b]!++;
      }
      if (memory) {
        const m = memory[i]!;
        if (m === m) {
          s.memory ??= new Uint32Array(BUCKETS);
          s.memory[bucket(m)]!++;
          s.memorySamples++;
        }
      }
    }
  }

  /** Closes every series and returns the summaries, episodes (by resource, GPU, start) and timelines. */
  finish(): UtilisationResult {
    const series: GpuUsageSummary[] = [];
    const episodes: GpuIdleEpisode[] = [];
    for (const s of this.states.values()) {
      const eps = s.tracker.finish();
      episodes.push(...eps);
      series.push({
        resource: s.resource,
        gpu: s.gpu,
        gpuModel: s.gpuModel,
        samples: s.samples,
        sampledMs: s.sampledMs,
        firstSample: s.samples ? s.first : NaN,
        lastSample: s.samples ? s.last : NaN,
        p95Util: percentile(s.util, s.samples, 0.95),
        p95Memory: s.memory ? percentile(s.memory, s.memorySamples, 0.95) : null,
        meanUtil: s.samples ? s.sum / s.samples : null,
        idleMs: s.tracker.idleMs,
      });
    }
    const byKey = (a: { resource: string; gpu: string }, b: { resource: string; gpu: string }) =>
      a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : compareGpu(a.gpu, b.gpu);
    series.sort(byKey);
    episodes.sort((a, b) => byKey(a, b) || a.start - b.start);
    const timelines = new Map<string, ResourceTimeline>();
    for (const [resource, tl] of [...this.timelines].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const mean = new Float32Array(this.buckets);
      for (let b = 0; b < this.buckets; b++) mean[b] = tl.count[b]! ? tl.sum[b]! / tl.count[b]! : NaN;
      timelines.set(resource, { start: this.range.start, bucketMs: this.bucketMs, mean });
    }
    return { range: this.range, rule: this.rule, series, episodes, timelines };
  }
}

function bucket(v: number): number {
  const b = Math.round(v * 10);
  return b < 0 ? 0 : b >= BUCKETS ? BUCKETS - 1 : b;
}

/** Nearest-rank percentile of a 0.1 %-bucket histogram; null without samples. */
export function percentile(hist: Uint32Array, n: number, q: number): number | null {
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (let b = 0; b < hist.length; b++) {
    seen += hist[b]!;
    if (seen >= rank) return b / 10;
  }
  return (hist.length - 1) / 10;
}

/** GPU labels in numeric order when they are numbers (`2` before `10`), else by text. */
export function compareGpu(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}
