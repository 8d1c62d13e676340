import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, type Metric, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type * as z from 'zod';
import type { DoctorCheck, GpuSeriesChunk, MetricContext, MetricSource, MetricSourceDeps, UtilisationRequest } from '../types.js';
import { MetricSourceError } from '../types.js';
import type { cloudwatchConfigSchema } from './config.js';

type CloudWatchConfig = z.output<typeof cloudwatchConfigSchema>;

export const UTIL_METRIC = 'nvidia_smi_utilization_gpu';
export const MEMORY_METRIC = 'nvidia_smi_utilization_memory';
/** GetMetricData takes at most 500 queries per request. */
export const MAX_QUERIES = 500;

/**
 * The period of a read: at least the wanted step and a minute, and what CloudWatch still
 * keeps for data that old (one-minute points for 15 days, five-minute for 63, hourly after).
 */
export function periodFor(range: { start: number; end: number }, wantedMs: number, now: number): number {
  const age = now - range.start;
  const day = 86_400_000;
  const retained = age > 63 * day ? 3600 : age > 15 * day ? 300 : 60;
  const points = (range.end - range.start) / 1000 / 100_800; // keep one series within a request's datapoints
  const wanted = Math.max(60, Math.ceil(wantedMs / 1000), retained, Math.ceil(points));
  return [60, 120, 300, 600, 900, 1800, 3600].find((p) => p >= wanted) ?? Math.ceil(wanted / 3600) * 3600;
}

const dim = (m: Metric, name: string) => m.Dimensions?.find((d) => d.Name === name)?.Value;
/** A metric's identity apart from its name (its dimensions, sorted). */
const dimsKey = (m: Metric) => (m.Dimensions ?? []).map((d) => `${d.Name}=${d.Value}`).sort().join(',');

/**
 * GPU utilisation from the CloudWatch agent (`CWAgent` namespace, `nvidia_smi_utilization_gpu`
 * and `nvidia_smi_utilization_memory` by `InstanceId`, `index`, `name`), through the real SDK:
 * ListMetrics finds the series, GetMetricData reads them 500 queries at a time, following
 * NextToken, and each batch is handed on before the next is read.
 */
export function createCloudWatchSource(config: CloudWatchConfig, deps: MetricSourceDeps): MetricSource {
  const id = config.name ?? 'cloudwatch';
  const client = new CloudWatchClient({ region: config.region, ...(config.endpoint ? { endpoint: config.endpoint } : {}), maxAttempts: 4 });
  const toResource = (v: string) => (Object.hasOwn(config.resourceMap, v) ? config.resourceMap[v]! : v);

  async function list(metricName: string, signal: AbortSignal): Promise<Metric[]> {
    const out: Metric[] = [];
    let token: string | undefined;
    do {
      const res = await call(() => client.send(new ListMetricsCommand({ Namespace: config.namespace, MetricName: metricName, ...(token ? { NextToken: token } : {}) }), { abortSignal: signal }));
      out.push(...(res.Metrics ?? []));
      token = res.NextToken;
    } while (token);
    return out.filter((m) => dim(m, 'InstanceId'));
  }

  async function call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new MetricSourceError(id, explain(err as Error & { name?: string }, config.region), { cause: err });
    }
  }

  return {
    id,
    type: 'cloudwatch',
    describe: () => `cloudwatch: ${config.namespace} in ${config.region}`,
    async *utilisation(request: UtilisationRequest, ctx: MetricContext) {
      const period = periodFor(request.range, request.step, (deps.now ?? Date.now)());
      const step = period * 1000;
      const start = Math.ceil(request.range.start / step) * step;
      const count = Math.max(0, Math.ceil((request.range.end - start) / step));
      if (count === 0) return;
      const wanted = request.resources ? new Set(request.resources) : null;
      const [util, memory] = await Promise.all([list(UTIL_METRIC, ctx.signal), list(MEMORY_METRIC, ctx.signal)]);
      const memByDims = new Map(memory.map((m) => [dimsKey(m), m]));
      const series = util.filter((m) => !wanted || wanted.has(toResource(dim(m, 'InstanceId')!)));
      // Each GPU is two queries (utilisation and memory): 250 GPUs per request.
      for (let i = 0; i < series.length; i += MAX_QUERIES / 2) {
        const part = series.slice(i, i + MAX_QUERIES / 2);
        const queries: MetricDataQuery[] = [];
        part.forEach((m, j) => {
          queries.push({ Id: `u${j}`, MetricStat: { Metric: m, Period: period, Stat: 'Maximum' }, ReturnData: true });
          const mem = memByDims.get(dimsKey(m));
          if (mem) queries.push({ Id: `m${j}`, MetricStat: { Metric: mem, Period: period, Stat: 'Maximum' }, ReturnData: true });
        });
        const grids = new Map<string, Float32Array>();
        let token: string | undefined;
        do {
          ctx.signal.throwIfAborted();
          const res = await call(() => client.send(new GetMetricDataCommand({
            MetricDataQueries: queries, StartTime: new Date(start), EndTime: new Date(start + count * step), ScanBy: 'TimestampAscending', ...(token ? { NextToken: token } : {}),
          }), { abortSignal: ctx.signal }));
          for (const r of res.MetricDataResults ?? []) {
            let g = grids.get(r.Id!);
            if (!g) grids.set(r.Id!, (g = new Float32Array(count).fill(NaN)));
            const ts = r.Timestamps ?? [];
            const vs = r.Values ?? [];
            for (let k = 0; k < ts.length; k++) {
              const c = Math.floor((ts[k]!.getTime() - start) / step);
              if (c >= 0 && c < count && !(g[c]! >= vs[k]!)) g[c] = vs[k]!;
            }
          }
          token = res.NextToken;
        } while (token);
        const batch: GpuSeriesChunk[] = part.map((m, j) => ({
          resource: toResource(dim(m, 'InstanceId')!),
          gpu: dim(m, 'index') ?? '',
          ...(dim(m, 'name') ? { gpuModel: dim(m, 'name')! } : {}),
          start,
          step,
          util: grids.get(`u${j}`) ?? new Float32Array(count).fill(NaN),
          ...(grids.has(`m${j}`) ? { memory: grids.get(`m${j}`)! } : {}),
        }));
        yield batch;
      }
    },
    async tokens() {
      return [];
    },
    async doctor(ctx: MetricContext): Promise<DoctorCheck[]> {
      try {
        const util = await list(UTIL_METRIC, ctx.signal);
        const instances = new Set(util.map((m) => dim(m, 'InstanceId')));
        return [
          { name: 'credentials', ok: true, detail: `cloudwatch:ListMetrics works in ${config.region}` },
          util.length
            ? { name: 'nvidia_smi', ok: true, detail: `${util.length} GPU series of ${UTIL_METRIC} on ${instances.size} instance${instances.size === 1 ? '' : 's'} in ${config.namespace}` }
            : { name: 'nvidia_smi', ok: false, detail: `no ${UTIL_METRIC} with an InstanceId dimension in ${config.namespace} (last two weeks)`, fix: 'Install the CloudWatch agent with "nvidia_gpu" in metrics_collected and "append_dimensions": {"InstanceId": "${aws:InstanceId}"}.' },
        ];
      } catch (err) {
        return [{ name: 'credentials', ok: false, detail: (err as Error).message, fix: 'Give the bot cloudwatch:ListMetrics and cloudwatch:GetMetricData, and check the region.' }];
      }
    },
  };
}

/** An SDK error as a sentence that says what to do. */
function explain(err: Error & { name?: string }, region: string): string {
  const name = err.name ?? 'Error';
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(name)) return `CloudWatch refused access (${name}): allow cloudwatch:ListMetrics and cloudwatch:GetMetricData for the bot's role.`;
  if (/CredentialsProviderError|ExpiredToken|InvalidClientTokenId|UnrecognizedClient/i.test(name)) return `No valid AWS credentials for CloudWatch (${name}): set the standard AWS credential variables or an instance role.`;
  if (/Throttl|LimitExceeded/i.test(name)) return `CloudWatch throttled the requests (${name}) even after retries: try again later or read a shorter range.`;
  return `CloudWatch in ${region} failed: ${name}: ${err.message}`;
}
