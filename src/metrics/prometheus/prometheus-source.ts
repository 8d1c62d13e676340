import type * as z from 'zod';
import type { DoctorCheck, GpuSeriesChunk, MetricContext, MetricSource, MetricSourceDeps, TimeRange, TokenCount, UtilisationRequest } from '../types.js';
import type { prometheusConfigSchema } from './config.js';
import { cellsFor, planPages, stepFor, type Page } from './plan-pages.js';
import { PromHttp, type PromSeries } from './prom-http.js';
import { GENERATION_TOKENS, GPU_UTIL, memoryQuery, PROMPT_TOKENS, resourceLabels, tokensQuery, utilQuery } from './promql.js';

type PrometheusConfig = z.output<typeof prometheusConfigSchema>;

/**
 * GPU utilisation from Prometheus (DCGM exporter) and tokens from vLLM's counters, through
 * the HTTP API (README.md). Utilisation is read page by page in time — each page a single
 * aggregated query per metric, sized so no series exceeds 11,000 points and a response
 * stays around 400,000 points — and handed on page by page as typed arrays.
 */
export function createPrometheusSource(config: PrometheusConfig, deps: MetricSourceDeps): MetricSource {
  const id = config.name ?? 'prometheus';
  const http = new PromHttp(config.url, id, config.timeoutMs ?? 20_000, deps.fetch);
  const labels = resourceLabels(config.resourceLabel);
  const toResource = (v: string) => (Object.hasOwn(config.resourceMap, v) ? config.resourceMap[v]! : v);
  const labelOf = (m: Record<string, string>) => labels.map((l) => m[l]).find((v) => v !== undefined && v !== '');

  /** Label values that map to the wanted ResourceIds (the ids themselves, and every key of resourceMap that maps to one). */
  function labelValues(resources: string[]): string[] {
    const wanted = new Set(resources);
    const values = new Set(resources);
    for (const [k, v] of Object.entries(config.resourceMap)) if (wanted.has(v)) values.add(k);
    return [...values];
  }

  type Cells = Map<string, { resource: string; gpu: string; model?: string; values: Float32Array }>;

  /** One page of one query, streamed into per-GPU arrays: cell `i` from the evaluation at its end. */
  async function readPage(query: string, page: Page, step: number, signal: AbortSignal): Promise<Cells> {
    const out: Cells = new Map();
    let cur: Float32Array | null = null;
    const from = page.start + step - 1000;
    const to = page.start + (page.count - 1) * step + step - 1000;
    await http.rangeInto(query, from, to, step, signal, {
      begin(metric) {
        const label = labelOf(metric);
        if (label === undefined) {
          cur = null;
          return;
        }
        const resource = toResource(label);
        const gpu = metric.gpu ?? '';
        const key = `${resource}\u0000${gpu}`;
        let e = out.get(key);
        if (!e) out.set(key, (e = { resource, gpu, ...(metric.modelName ? { model: metric.modelName } : {}), values: new Float32Array(page.count).fill(NaN) }));
        cur = e.values;
      },
      point(ts, x) {
        if (!cur) return;
        const i = Math.round((ts * 1000 + 1000 - step - page.start) / step);
        if (i >= 0 && i < page.count && Number.isFinite(x) && !(cur[i]! >= x)) cur[i] = x;
      },
    });
    return out;
  }

  return {
    id,
    type: 'prometheus',
    describe: () => `prometheus: ${config.url} (machines by ${config.resourceLabel})`,
    async *utilisation(request: UtilisationRequest, ctx: MetricContext) {
      const step = stepFor(request.range.end - request.range.start, request.step);
      const values = request.resources ? labelValues(request.resources) : undefined;
      const uq = utilQuery(labels, step, values);
      const mq = memoryQuery(labels, step, values);
      // A first short page learns how many series there are (and whether memory is exported);
      // later pages fill the point budget. The next page is asked for while this one is used.
      let series = -1;
      let withMemory = true;
      const read = (page: Page) => Promise.all([readPage(uq, page, step, ctx.signal), withMemory ? readPage(mq, page, step, ctx.signal) : Promise.resolve(new Map() as Cells)]);
      let cursor = request.range.start;
      let page = planPages({ start: cursor, end: request.range.end }, step, 60)[0];
      let pending = page ? read(page) : null;
      try {
        while (page && pending) {
          const [u, m] = await pending;
          series = Math.max(series, u.size);
          if (cursor === request.range.start && m.size === 0) withMemory = false;
          cursor = page.start + page.count * step;
          const next = planPages({ start: cursor, end: request.range.end }, step, cellsFor(Math.max(1, series) * 1.2))[0];
          pending = next ? read(next) : null;
          const batch: GpuSeriesChunk[] = [];
          for (const [key, e] of u) {
            const mem = m.get(key);
            batch.push({ resource: e.resource, gpu: e.gpu, ...(e.model ? { gpuModel: e.model } : {}), start: page.start, step, util: e.values, ...(mem ? { memory: mem.values } : {}) });
          }
          if (batch.length) yield batch;
          page = next;
        }
      } finally {
        // A reader that stops early leaves the prefetched page unread: its failure is nobody's.
        pending?.catch(() => undefined);
      }
    },
    async tokens(range: TimeRange, ctx: MetricContext): Promise<TokenCount[]> {
      const seconds = (range.end - range.start) / 1000;
      const [prompt, generation] = await Promise.all([
        http.instant(tokensQuery(PROMPT_TOKENS, seconds), range.end, ctx.signal),
        http.instant(tokensQuery(GENERATION_TOKENS, seconds), range.end, ctx.signal),
      ]);
      const out = new Map<string, TokenCount>();
      const add = (result: PromSeries[], field: 'promptTokens' | 'generationTokens') => {
        for (const s of result) {
          const raw = s.metric.model_name ?? '';
          const model = Object.hasOwn(config.modelMap, raw) ? config.modelMap[raw]! : raw;
          const t = out.get(model) ?? { model: model || null, resource: null, promptTokens: 0, generationTokens: 0 };
          const v = Number(s.value?.[1]);
          if (Number.isFinite(v)) t[field] += Math.round(v);
          out.set(model, t);
        }
      };
      add(prompt, 'promptTokens');
      add(generation, 'generationTokens');
      return [...out.values()];
    },
    async doctor(ctx: MetricContext): Promise<DoctorCheck[]> {
      const now = (deps.now ?? Date.now)();
      const checks: DoctorCheck[] = [];
      try {
        const version = await http.version(ctx.signal);
        checks.push({ name: 'reachable', ok: true, detail: `Prometheus ${version} at ${config.url}` });
      } catch (err) {
        return [{ name: 'reachable', ok: false, detail: (err as Error).message, fix: `Check the url (${config.url}) and that the bot can reach it.` }];
      }
      try {
        const gpus = await http.instant(`count(last_over_time(${GPU_UTIL}[1h]))`, now, ctx.signal);
        const n = Number(gpus[0]?.value?.[1] ?? 0);
        checks.push(n > 0
          ? { name: 'dcgm', ok: true, detail: `${n} GPU series of ${GPU_UTIL} in the last hour` }
          : { name: 'dcgm', ok: false, detail: `no ${GPU_UTIL} in the last hour`, fix: 'Scrape the DCGM exporter (:9400/metrics) from this Prometheus.' });
        if (n > 0) {
          const hosts = await http.instant(`count by (${labels.join(', ')}) (last_over_time(${GPU_UTIL}[1h]))`, now, ctx.signal);
          const named = hosts.filter((h) => labelOf(h.metric) !== undefined).length;
          checks.push(named > 0
            ? { name: 'resource label', ok: true, detail: `${named} machine${named === 1 ? '' : 's'} by ${labels.join(' / ')}` }
            : { name: 'resource label', ok: false, detail: `no ${GPU_UTIL} series has a ${labels.join(' or ')} label`, fix: 'Set resourceLabel to the label that names the machine (e.g. instance, node), and resourceMap to turn its values into billing ResourceIds.' });
        }
        const tokens = await http.instant(`count(last_over_time(${PROMPT_TOKENS}[1h]))`, now, ctx.signal);
        const t = Number(tokens[0]?.value?.[1] ?? 0);
        checks.push({ name: 'vllm', ok: true, detail: t > 0 ? `${t} vLLM token counter series (cost per 1M tokens available)` : 'no vLLM token counters (cost per 1M tokens will say unknown)' });
      } catch (err) {
        checks.push({ name: 'query', ok: false, detail: (err as Error).message, fix: 'Run the doctor again; if it fails the same way, check the Prometheus server log.' });
      }
      return checks;
    },
  };
}
