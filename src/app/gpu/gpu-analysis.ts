import type { Logger } from 'pino';
import { instanceEpisodes, type InstanceEpisode, type ResourceCostFacts } from '../../core/gpu/idle-cost.js';
import { UtilisationAnalyser, type ResourceTimeline, type UtilisationResult } from '../../core/gpu/utilisation-analyser.js';
import type { GpuUsageSummary, IdleRule, RightsizingRule, TimeRange } from '../../core/gpu/types.js';
import { zonedMidnightToInstant } from '../../core/dates.js';
import type { DateRange } from '../../core/types.js';
import type { MetricSource } from '../../metrics/types.js';
import type { GpuCostResult, GpuCostSource, GpuResourceCost } from './gpu-cost-source.js';

/** Everything the GPU use cases share. */
export interface GpuDeps {
  sources: MetricSource[];
  costs: GpuCostSource;
  idle: IdleRule;
  rightsizing: RightsizingRule;
  currency: string;
  timezone: string;
  logger: Logger;
  /** Step of utilisation asked of the sources (ms); default one minute. */
  stepMs?: number;
  /** Hard limit for one source's read (ms); default 120 s. */
  timeoutMs?: number;
}

/** A calendar date range of the query language as instants in the zone. */
export function instantsOf(range: DateRange, timezone: string): TimeRange {
  return { start: zonedMidnightToInstant(range.start, timezone), end: zonedMidnightToInstant(range.end, timezone) };
}

/** The utilisation of a range, folded: plus the sources that failed. */
export interface UtilisationRead {
  result: UtilisationResult;
  failures: { source: string; message: string }[];
  /** What the sources said about their data (unreadable rows…). */
  notes: string[];
}

/**
 * Streams every metric source's utilisation of the range through one analyser (idle
 * episodes, percentiles, chart timelines). A source that fails is left out and named.
 */
export async function readUtilisation(deps: GpuDeps, range: TimeRange, resources?: string[]): Promise<UtilisationRead> {
  const analyser = new UtilisationAnalyser(range, deps.idle);
  const failures: { source: string; message: string }[] = [];
  const notes: string[] = [];
  await Promise.all(
    deps.sources.map(async (source) => {
      const signal = AbortSignal.timeout(deps.timeoutMs ?? 120_000);
      try {
        const stream = source.utilisation({ range, step: deps.stepMs ?? 60_000, ...(resources ? { resources } : {}) }, { signal, logger: deps.logger.child({ metrics: source.id }) });
        for await (const batch of stream) for (const chunk of batch) analyser.add(chunk);
        for (const note of source.notes?.() ?? []) notes.push(note);
      } catch (err) {
        const message = signal.aborted ? `did not answer within ${deps.timeoutMs ?? 120_000} ms` : err instanceof Error ? err.message : String(err);
        deps.logger.warn({ metrics: source.id, err }, 'metric source failed');
        failures.push({ source: source.id, message });
      }
    }),
  );
  return { result: analyser.finish(), failures, notes };
}

/** A GPU resource with both cost and utilisation. */
export interface JoinedResource {
  cost: GpuResourceCost;
  /** GPUs in one instance, and where that number comes from (`metrics`: the GPU series seen). */
  gpusPerInstance: number;
  gpuCountFrom: 'table' | 'description' | 'metrics' | 'assumed';
  /** GPUs in all its instances. */
  gpus: number;
  summaries: GpuUsageSummary[];
  episodes: InstanceEpisode[];
  idleCost: bigint;
  idleGpuMs: number;
  facts: ResourceCostFacts;
  /** Mean utilisation over its GPUs per chart bucket. */
  timeline: ResourceTimeline | null;
}

/** Utilisation joined to billing through the ResourceId, with what did not join. */
export interface GpuJoin {
  range: TimeRange;
  costs: GpuCostResult;
  usage: UtilisationResult;
  resources: JoinedResource[];
  /** GPU cost but no utilisation: unknown, never idle. */
  withoutMetrics: GpuResourceCost[];
  /** Utilisation but no GPU cost in the range (a missing resourceMap entry, or billed elsewhere). */
  withoutCost: { resource: string; gpus: number }[];
  failures: { source: string; message: string }[];
  sourceNotes: string[];
}

/**
 * Reads utilisation and cost for a range and joins them by resource: each GPU resource
 * with metrics gets its instance episodes priced from its own billing periods.
 */
export async function joinGpu(deps: GpuDeps, range: TimeRange, resources?: string[]): Promise<GpuJoin> {
  const [read, costs] = await Promise.all([readUtilisation(deps, range, resources), deps.costs.gpuCosts(range)]);
  return joinRead(range, read, costs);
}

/** The join of an already read utilisation with the cost side (pure apart from its inputs). */
export function joinRead(range: TimeRange, read: UtilisationRead, costs: GpuCostResult): GpuJoin {
  const usage = read.result;
  const byResource = new Map<string, GpuUsageSummary[]>();
  for (const s of usage.series) {
    const list = byResource.get(s.resource);
    if (list) list.push(s);
    else byResource.set(s.resource, [s]);
  }
  const costById = new Map(costs.resources.filter((r) => r.isGpu).map((r) => [r.resource, r]));
  const joined: JoinedResource[] = [];
  const withoutMetrics: GpuResourceCost[] = [];
  for (const cost of costById.values()) {
    const summaries = (byResource.get(cost.resource) ?? []).filter((s) => s.samples > 0);
    if (summaries.length === 0) {
      withoutMetrics.push(cost);
      continue;
    }
    const labelled = summaries.filter((s) => s.gpu !== '').length;
    let gpusPerInstance = cost.gpusPerInstance;
    let from: JoinedResource['gpuCountFrom'] = cost.gpuCountFrom ?? 'assumed';
    if (!gpusPerInstance && labelled > 0) {
      gpusPerInstance = Math.max(1, Math.round(labelled / cost.instances));
      from = 'metrics';
    }
    if (!gpusPerInstance) {
      gpusPerInstance = 1;
      from = 'assumed';
    }
    const facts: ResourceCostFacts = { resource: cost.resource, gpusPerInstance, periods: cost.periods };
    const episodes = instanceEpisodes(facts, usage.episodes.filter((e) => e.resource === cost.resource));
    joined.push({
      cost,
      gpusPerInstance,
      gpuCountFrom: from,
      gpus: gpusPerInstance * cost.instances,
      summaries,
      episodes,
      idleCost: episodes.reduce((s, e) => s + e.cost, 0n),
      idleGpuMs: episodes.reduce((s, e) => s + e.idleGpuMs, 0),
      facts,
      timeline: usage.timelines.get(cost.resource) ?? null,
    });
  }
  const withoutCost: { resource: string; gpus: number }[] = [];
  for (const [resource, list] of byResource) if (!costById.has(resource)) withoutCost.push({ resource, gpus: list.length });
  withoutCost.sort((a, b) => (a.resource < b.resource ? -1 : 1));
  return { range, costs, usage, resources: joined, withoutMetrics, withoutCost, failures: read.failures, sourceNotes: read.notes };
}
