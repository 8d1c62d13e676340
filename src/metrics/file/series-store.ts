import { CounterIncrease } from '../../core/gpu/counter-increase.js';
import type { GpuSeriesChunk, TimeRange, TokenCount } from '../types.js';

export type SampleKind = 'util' | 'memory' | 'prompt' | 'generation';

/** Metric names a file may use (case-insensitive), by what they measure. */
export const METRIC_KINDS: Record<string, SampleKind> = {
  gpu_utilization: 'util', gpu_utilisation: 'util', gpu_util: 'util', utilization_gpu: 'util', dcgm_fi_dev_gpu_util: 'util', nvidia_smi_utilization_gpu: 'util',
  memory_utilization: 'memory', memory_utilisation: 'memory', gpu_memory_utilization: 'memory', utilization_memory: 'memory', nvidia_smi_utilization_memory: 'memory', memory_used_percent: 'memory',
  prompt_tokens: 'prompt', prompt_tokens_total: 'prompt', 'vllm:prompt_tokens_total': 'prompt',
  generation_tokens: 'generation', generation_tokens_total: 'generation', 'vllm:generation_tokens_total': 'generation',
};

/** Steps a file's samples are put on (the first at least as long as both the wanted step and the samples' own interval). */
export const FILE_STEPS = [15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 86_400_000];

interface Series {
  resource: string;
  gpu: string;
  model: string;
  kind: SampleKind;
  t: Float64Array;
  v: Float32Array;
  n: number;
  sorted: boolean;
}

/**
 * Samples of every series, held as typed arrays (12 bytes a sample, never one object per
 * sample), put on a step grid when asked: the highest sample in each step, NaN where none.
 */
export class SeriesStore {
  private readonly series = new Map<string, Series>();
  samples = 0;
  ignored = new Map<string, number>();

  add(resource: string, gpu: string, model: string, metric: string, time: number, value: number): void {
    const kind = METRIC_KINDS[metric.toLowerCase()];
    if (!kind) {
      this.ignored.set(metric, (this.ignored.get(metric) ?? 0) + 1);
      return;
    }
    const key = `${resource}\u0000${gpu}\u0000${kind === 'prompt' || kind === 'generation' ? model : ''}\u0000${kind}`;
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { resource, gpu, model, kind, t: new Float64Array(64), v: new Float32Array(64), n: 0, sorted: true }));
    if (s.n === s.t.length) {
      const t = new Float64Array(s.n * 2);
      t.set(s.t);
      const v = new Float32Array(s.n * 2);
      v.set(s.v);
      s.t = t;
      s.v = v;
    }
    if (s.n > 0 && time < s.t[s.n - 1]!) s.sorted = false;
    s.t[s.n] = time;
    s.v[s.n] = value;
    s.n++;
    this.samples++;
  }

  /** Resources with utilisation samples. */
  resources(): string[] {
    return [...new Set([...this.series.values()].filter((s) => s.kind === 'util').map((s) => s.resource))].sort();
  }

  /** Per-GPU chunks of the range (utilisation with memory), `batch` series at a time. */
  *chunks(range: TimeRange, wantedStep: number, map: (resource: string) => string, only?: Set<string>, batch = 200): Generator<GpuSeriesChunk[]> {
    let out: GpuSeriesChunk[] = [];
    for (const s of this.series.values()) {
      if (s.kind !== 'util') continue;
      const resource = map(s.resource);
      if (only && !only.has(resource)) continue;
      sortSeries(s);
      const step = FILE_STEPS.find((x) => x >= Math.max(wantedStep, medianInterval(s))) ?? FILE_STEPS[FILE_STEPS.length - 1]!;
      const start = Math.ceil(range.start / step) * step;
      const count = Math.max(0, Math.ceil((range.end - start) / step));
      if (count === 0) continue;
      const util = grid(s, start, step, count);
      if (!util) continue;
      const mem = this.series.get(`${s.resource}\u0000${s.gpu}\u0000\u0000memory`);
      if (mem) sortSeries(mem);
      out.push({ resource, gpu: s.gpu, start, step, util, ...(mem ? { memory: grid(mem, start, step, count) ?? new Float32Array(count).fill(NaN) } : {}) });
      if (out.length >= batch) {
        yield out;
        out = [];
      }
    }
    if (out.length) yield out;
  }

  /** Tokens counted in the range per (resource, model): counter increases, resets handled. */
  tokens(range: TimeRange, map: (resource: string) => string): TokenCount[] {
    const acc = new Map<string, TokenCount>();
    for (const s of this.series.values()) {
      if (s.kind !== 'prompt' && s.kind !== 'generation') continue;
      sortSeries(s);
      const inc = new CounterIncrease();
      for (let i = 0; i < s.n; i++) if (s.t[i]! >= range.start && s.t[i]! <= range.end) inc.add(s.v[i]!);
      const resource = map(s.resource);
      const key = `${resource}\u0000${s.model}`;
      const t = acc.get(key) ?? { model: s.model || null, resource, promptTokens: 0, generationTokens: 0 };
      if (s.kind === 'prompt') t.promptTokens += inc.total;
      else t.generationTokens += inc.total;
      acc.set(key, t);
    }
    return [...acc.values()];
  }
}

function sortSeries(s: Series): void {
  if (s.sorted) return;
  const order = Array.from({ length: s.n }, (_, i) => i).sort((a, b) => s.t[a]! - s.t[b]!);
  const t = new Float64Array(s.n);
  const v = new Float32Array(s.n);
  order.forEach((j, i) => {
    t[i] = s.t[j]!;
    v[i] = s.v[j]!;
  });
  s.t = t;
  s.v = v;
  s.sorted = true;
}

/** The median gap between a series' first samples (its scrape interval). */
function medianInterval(s: Series): number {
  const gaps: number[] = [];
  for (let i = 1; i < Math.min(s.n, 201); i++) if (s.t[i]! > s.t[i - 1]!) gaps.push(s.t[i]! - s.t[i - 1]!);
  if (gaps.length === 0) return 0;
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1]!;
}

/** The highest sample in each step `[start + i·step, start + (i+1)·step)`; null when none falls in the grid. */
function grid(s: Series, start: number, step: number, count: number): Float32Array | null {
  const out = new Float32Array(count).fill(NaN);
  let lo = 0;
  let hi = s.n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.t[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  let any = false;
  const end = start + count * step;
  for (let i = lo; i < s.n && s.t[i]! < end; i++) {
    const c = Math.floor((s.t[i]! - start) / step);
    const v = s.v[i]!;
    if (!(out[c]! >= v)) out[c] = v;
    any = true;
  }
  return any ? out : null;
}
