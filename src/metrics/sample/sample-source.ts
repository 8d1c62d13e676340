/**
 * The bundled sample's GPU utilisation as a metric source (`{ type: sample }`): generated
 * on demand for the range asked, day by day, from the same fleet that generates the sample
 * billing (src/providers/sample/gpu-usage.ts), so resource ids, hours and GPU counts match
 * the bill. Metrics run up to the range's end (today included, like a live exporter);
 * billing ends yesterday.
 */
import { dayInfo, MS_PER_DAY, parseDate } from '../../providers/sample/calendar.js';
import { fleetFor } from '../../providers/sample/fleet.js';
import { fillGpuDay, sampleGpuDays, SAMPLE_PROMPT_SHARE, SAMPLE_TOKENS_PER_GPU_SECOND, type SampleGpuDay } from '../../providers/sample/gpu-usage.js';
import { ORG_NAME } from '../../providers/sample/org.js';
import type { GpuSeriesChunk, MetricSource, MetricSourceDeps, TimeRange, TokenCount, UtilisationRequest } from '../types.js';
import type { sampleMetricsConfigSchema } from './config.js';
import type * as z from 'zod';

/** Steps that divide a day, so each day is generated whole and cut to the range. */
const STEPS = [60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];
/** Days kept generated (about 3.5 MB each at one-minute steps): a 14-day advice and its answers. */
const CACHED_DAYS = 16;

export function sampleStep(wanted: number): number {
  return STEPS.find((s) => s >= wanted) ?? STEPS[STEPS.length - 1]!;
}

export function createSampleMetricSource(config: z.output<typeof sampleMetricsConfigSchema>, deps: MetricSourceDeps): MetricSource {
  const today = parseDate(deps.today);
  if (today === null) throw new RangeError(`sample metrics: today must be a date YYYY-MM-DD, got ${JSON.stringify(deps.today)}`);
  const fleet = fleetFor(today);
  const id = config.name ?? 'sample';

  function* days(range: TimeRange, step: number, resources?: Set<string>): Generator<{ day: ReturnType<typeof dayInfo>; rows: SampleGpuDay[]; step: number }> {
    for (let e = Math.floor(range.start / MS_PER_DAY); e * MS_PER_DAY < range.end; e++) {
      const day = dayInfo(e);
      const rows = sampleGpuDays(day, fleet).filter((r) => !resources || resources.has(r.resourceId));
      yield { day, rows, step };
    }
  }

  // Whole days already generated (the last few, at one step): answers over the same days repeat them.
  const recent = new Map<string, GpuSeriesChunk[]>();
  function dayChunks(day: ReturnType<typeof dayInfo>, rows: SampleGpuDay[], step: number, cacheable: boolean): GpuSeriesChunk[] {
    const key = `${day.epochDay}:${step}`;
    const hit = cacheable ? recent.get(key) : undefined;
    if (hit) return hit;
    const perDay = MS_PER_DAY / step;
    const out: GpuSeriesChunk[] = [];
    for (const row of rows) {
      for (let g = 0; g < row.gpusPerInstance * row.instances; g++) {
        const util = new Float32Array(perDay);
        const memory = new Float32Array(perDay);
        fillGpuDay(row, day, g, step, util, memory);
        out.push({ resource: row.resourceId, gpu: String(g), ...(row.gpuModel ? { gpuModel: row.gpuModel } : {}), start: day.startMs, step, util, memory });
      }
    }
    if (cacheable) {
      recent.set(key, out);
      if (recent.size > CACHED_DAYS) recent.delete(recent.keys().next().value!);
    }
    return out;
  }

  return {
    id,
    type: 'sample',
    describe: () => `sample: GPU utilisation of ${ORG_NAME}, generated for the range asked`,
    async *utilisation(request: UtilisationRequest, ctx) {
      const step = sampleStep(request.step);
      const resources = request.resources ? new Set(request.resources) : undefined;
      for (const { day, rows } of days(request.range, step, resources)) {
        ctx.signal.throwIfAborted();
        const perDay = MS_PER_DAY / step;
        const i0 = Math.max(0, Math.ceil((request.range.start - day.startMs) / step));
        const i1 = Math.min(perDay, Math.ceil((request.range.end - day.startMs) / step));
        if (i1 <= i0) continue;
        const batch: GpuSeriesChunk[] = [];
        for (const whole of dayChunks(day, rows, step, !resources)) {
          batch.push({ ...whole, start: day.startMs + i0 * step, util: whole.util.subarray(i0, i1), memory: whole.memory!.subarray(i0, i1) });
        }
        yield batch;
      }
    },
    async tokens(range, ctx): Promise<TokenCount[]> {
      const step = 300_000;
      const totals = new Map<string, number>();
      for (const { day, rows } of days(range, step)) {
        ctx.signal.throwIfAborted();
        const perDay = MS_PER_DAY / step;
        for (const row of rows) {
          const tps = row.model ? SAMPLE_TOKENS_PER_GPU_SECOND[row.model] : undefined;
          if (!tps || row.profile !== 'inference') continue;
          const util = new Float32Array(perDay);
          const memory = new Float32Array(perDay);
          let tokens = 0;
          for (let g = 0; g < row.gpusPerInstance * row.instances; g++) {
            fillGpuDay(row, day, g, step, util, memory);
            for (let i = 0; i < perDay; i++) {
              const t = day.startMs + i * step;
              if (t < range.start || t >= range.end || util[i] !== util[i]) continue;
              tokens += (util[i]! / 100) * tps * (step / 1000);
            }
          }
          totals.set(row.model!, (totals.get(row.model!) ?? 0) + Math.round(tokens));
        }
      }
      return [...totals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([model, total]) => {
        const prompt = Math.round(total * SAMPLE_PROMPT_SHARE);
        return { model, resource: null, promptTokens: prompt, generationTokens: total - prompt };
      });
    },
    async doctor() {
      return [{ name: 'data', ok: true, detail: `GPU utilisation of ${ORG_NAME} (bundled: nothing to check)` }];
    },
  };
}
