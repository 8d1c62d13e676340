import type { Notice } from '../conversation/types.js';
import { instantsOf, joinGpu, type GpuDeps, type GpuJoin } from './gpu-analysis.js';
import { resourceUsageChart } from './gpu-charts.js';
import { buildIdleReport } from './idle-gpu-report.js';
import { hoursText, instantText, moneyText, picoText, resourceLabel } from './gpu-format.js';
import { addDays, todayIn } from '../../core/dates.js';
import type { DateRange } from '../../core/types.js';

/**
 * *Show usage* on a nudge (`usage <resource>`): the resource's utilisation over the last
 * `days` days up to now, per GPU (p95 utilisation and memory), and its idle episodes.
 */
export async function gpuUsage(deps: GpuDeps, resource: string, now: number, days = 2): Promise<{ notice: Notice; data: unknown }> {
  const range = { start: now - days * 86_400_000, end: now };
  const join = await joinGpu(deps, range, [resource]);
  const r = join.resources.find((x) => x.cost.resource === resource);
  if (!r) {
    const known = join.withoutMetrics.some((c) => c.resource === resource);
    const text = known
      ? `No utilisation data for ${resource} in the last ${days} days: whether it was idle is unknown.`
      : `No GPU resource ${resource} with cost and utilisation in the last ${days} days.`;
    return { notice: { kind: 'gpu-usage', title: `GPU usage · ${resource}`, text, tone: 'info' }, data: { kind: 'gpu-usage', resource, found: false } };
  }
  const name = resourceLabel(r.cost);
  const rows = r.summaries.map((s) => [s.gpu || 'all', s.p95Util === null ? '—' : `${s.p95Util}%`, s.p95Memory === null ? '—' : `${s.p95Memory}%`, s.meanUtil === null ? '—' : `${s.meanUtil.toFixed(1)}%`, hoursText(Math.round(s.idleMs / 360_000) / 10)]);
  const notice: Notice = {
    kind: 'gpu-usage',
    title: `GPU usage · ${name}`,
    text: `${name} (${r.cost.instanceType ?? 'GPU'}, ${r.gpus} GPU${r.gpus === 1 ? '' : 's'}, ${r.cost.team || '(untagged)'}): ${r.episodes.length} idle episode${r.episodes.length === 1 ? '' : 's'} in the last ${days} days, ${picoText(r.idleCost, deps.currency)} idle.`,
    table: { columns: ['GPU', 'p95 util', 'p95 memory', 'mean util', 'idle'], numeric: [false, true, true, true, true], rows },
    facts: r.episodes.map((e) => ({ label: `Idle ${instantText(e.start, deps.timezone)}`, value: `${hoursText(Math.round((e.end - e.start) / 360_000) / 10)}, ${e.idleGpus} GPU(s), ${picoText(e.cost, deps.currency)}${e.ongoing ? ' (ongoing)' : ''}` })),
    chart: r.timeline ? resourceUsageChart(name, r.timeline, r.episodes, r.gpusPerInstance, deps.idle.utilisationBelow, `last ${days} days`, deps.timezone) : null,
    tone: 'info',
  };
  return {
    notice,
    data: {
      kind: 'gpu-usage', resource, found: true, name, instanceType: r.cost.instanceType, gpus: r.gpus, team: r.cost.team,
      gpuStats: r.summaries.map((s) => ({ gpu: s.gpu, p95Util: s.p95Util, p95Memory: s.p95Memory, meanUtil: s.meanUtil, idleHours: Math.round(s.idleMs / 36_000) / 100 })),
    },
  };
}

/** The digest's "idle GPUs" line for one day (or any range), and its facts. */
export interface DigestIdleLine {
  /** One sentence, or null when nothing was idle and nothing is unknown. */
  text: string | null;
  facts: { resources: number; idleGpuHours: number; idleCost: string; top: { resource: string; name: string; team: string; idleCost: string }[] };
}

/**
 * The digest's line: "Idle GPUs yesterday: 4 resources, 1,234.5 GPU-hours idle, 2,345.67 USD
 * (largest: vision-sandbox-p4d, vision, 786.54 USD)". `teams` limits it to a scope's teams.
 */
export async function digestIdleGpuLine(deps: GpuDeps, opts: ({ day: string } | { now: number }) & { teams?: string[]; join?: GpuJoin }): Promise<DigestIdleLine> {
  const day = 'day' in opts ? opts.day : addDays(todayIn(opts.now, deps.timezone), -1);
  const dates: DateRange = { start: day, end: addDays(day, 1) };
  const range = instantsOf(dates, deps.timezone);
  // A join already read for the day (the digest reads it once for every team entry).
  const join = opts.join ?? (await joinGpu(deps, range));
  const { data } = buildIdleReport(deps, { range, dates, by: 'resource', ...(opts.teams ? { teams: opts.teams } : {}) }, join);
  const rows = data.rows as { resource: string; name: string; team: string; idleCost: string }[];
  const top = rows.slice(0, 3).map((r) => ({ resource: r.resource, name: r.name, team: r.team, idleCost: r.idleCost }));
  const cents = (d: string) => BigInt(d.replace('.', ''));
  const text = data.total.episodes
    ? `Idle GPUs ${day}: ${data.total.resources} resource${data.total.resources === 1 ? '' : 's'}, ${hoursText(data.total.idleGpuHours)} of GPU time, ${moneyText(cents(data.total.idleCost), deps.currency)} (largest: ${top.map((t) => `${t.name}, ${t.team}, ${moneyText(cents(t.idleCost), deps.currency)}`)[0]}).`
    : data.unknown.length
      ? `Idle GPUs ${day}: none found; ${data.unknown.length} GPU resource${data.unknown.length === 1 ? ' has' : 's have'} no utilisation data (unknown).`
      : null;
  return { text, facts: { resources: data.total.resources, idleGpuHours: data.total.idleGpuHours, idleCost: data.total.idleCost, top } };
}
