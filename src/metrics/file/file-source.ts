import { stat } from 'node:fs/promises';
import type * as z from 'zod';
import type { DoctorCheck, MetricSource, MetricSourceDeps } from '../types.js';
import type { fileMetricsConfigSchema } from './config.js';
import { listMetricFiles, readMetricFile } from './read-metric-rows.js';
import { SeriesStore } from './series-store.js';

type FileConfig = z.output<typeof fileMetricsConfigSchema>;

/**
 * Utilisation from CSV or Parquet files `timestamp,resource,metric,value[,gpu][,model]`
 * (README.md): read once into typed arrays, again only when a file changes; each read puts
 * the samples of the range on a step grid. Unreadable rows are counted and reported.
 */
export function createFileSource(config: FileConfig, deps: MetricSourceDeps): MetricSource {
  const id = config.name ?? 'file';
  const map = (r: string) => (Object.hasOwn(config.resourceMap, r) ? config.resourceMap[r]! : r);
  let cache: { stamp: string; store: SeriesStore; rejected: { file: string; line: number; reason: string }[]; rejectedCount: number } | null = null;

  async function load(signal?: AbortSignal) {
    const files = await listMetricFiles(config.path, deps.baseDir);
    const stamps = await Promise.all(files.map(async (f) => `${f}:${(await stat(f)).mtimeMs}`));
    const stamp = stamps.join('|');
    if (cache?.stamp === stamp) return cache;
    const store = new SeriesStore();
    const rejected: { file: string; line: number; reason: string }[] = [];
    let rejectedCount = 0;
    for (const file of files) {
      await readMetricFile(file, {
        row: (r) => store.add(r.resource, r.gpu, r.model, r.metric, r.time, r.value),
        reject: (f, line, reason) => {
          rejectedCount++;
          if (rejected.length < 5) rejected.push({ file: f, line, reason });
        },
      }, signal);
    }
    if (rejectedCount) deps.logger.warn({ source: id, rejected: rejectedCount, first: rejected[0] }, 'metric rows could not be read');
    cache = { stamp, store, rejected, rejectedCount };
    return cache;
  }

  return {
    id,
    type: 'file',
    describe: () => `file: ${config.path}`,
    async *utilisation(request, ctx) {
      const { store } = await load(ctx.signal);
      yield* store.chunks(request.range, request.step, map, request.resources ? new Set(request.resources) : undefined);
    },
    async tokens(range, ctx) {
      const { store } = await load(ctx.signal);
      return store.tokens(range, map);
    },
    notes() {
      if (!cache?.rejectedCount) return [];
      const f = cache.rejected[0]!;
      return [`${cache.rejectedCount} row${cache.rejectedCount === 1 ? '' : 's'} of ${id} could not be read and ${cache.rejectedCount === 1 ? 'is' : 'are'} in no figure (first: ${f.file}:${f.line} — ${f.reason}).`];
    },
    async doctor(ctx) {
      const checks: DoctorCheck[] = [];
      try {
        const files = await listMetricFiles(config.path, deps.baseDir);
        checks.push({ name: 'files', ok: true, detail: `${files.length} file${files.length === 1 ? '' : 's'} at ${config.path}` });
        const { store, rejectedCount, rejected } = await load(ctx.signal);
        const resources = store.resources();
        checks.push({
          name: 'samples',
          ok: resources.length > 0,
          detail: `${store.samples.toLocaleString('en-US')} samples, ${resources.length} resource${resources.length === 1 ? '' : 's'} with GPU utilisation${store.ignored.size ? `; metrics not used: ${[...store.ignored.keys()].slice(0, 5).join(', ')}` : ''}`,
          ...(resources.length ? {} : { fix: 'Add rows whose metric is gpu_utilization (or DCGM_FI_DEV_GPU_UTIL, nvidia_smi_utilization_gpu), value in percent.' }),
        });
        if (rejectedCount) checks.push({ name: 'rows', ok: false, detail: `${rejectedCount} rows could not be read (first: ${rejected[0]!.file}:${rejected[0]!.line} — ${rejected[0]!.reason})`, fix: 'Fix or remove those rows: timestamp (ISO 8601 or epoch seconds), resource, metric, value (a number).' });
      } catch (err) {
        checks.push({ name: 'files', ok: false, detail: err instanceof Error ? err.message : String(err), fix: 'Point `path` at your metric files (CSV or Parquet: timestamp,resource,metric,value[,gpu]).' });
      }
      return checks;
    },
  };
}
