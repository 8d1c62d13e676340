import type { DateRange } from '../../core/types.js';
import type { TimeRange } from '../../core/gpu/types.js';
import type { ActionButton, Notice } from '../conversation/types.js';
import { joinGpu, type GpuDeps, type GpuJoin, type JoinedResource } from './gpu-analysis.js';
import { utilisationChart } from './gpu-charts.js';
import { centsAddingUp, centsText, decimal2, hoursAddingUp, hoursText, iso, moneyText, resourceLabel } from './gpu-format.js';
import { coverageNotes } from './coverage-notes.js';
import { hourlyRate, mulDivRound } from '../../core/gpu/idle-cost.js';

/** `idle gpu …`: the range, how to group, and the teams the asker may see (null = all). */
export interface IdleReportRequest {
  range: TimeRange;
  /** The calendar dates the range came from (for titles and buttons), when it came from a query. */
  dates?: DateRange;
  by: 'resource' | 'team';
  /** Only resources owned by these teams (a `team=` filter, or the asker's scope); absent = all. */
  teams?: string[];
}

/** One idle episode as the API returns it (amounts as decimal text). */
export interface IdleEpisodeData {
  resource: string;
  name: string;
  team: string;
  model: string;
  instanceType: string | null;
  gpus: number;
  idleGpus: number;
  start: string;
  end: string;
  ongoing: boolean;
  startsBeforeRange: boolean;
  idleHours: number;
  idleGpuHours: number;
  /** What the idle GPUs cost an hour at the end of the episode (the resource's billed rate, prorated). */
  costPerHour: string;
  idleCost: string;
  /** Idle GPUs by label. */
  gpuLabels: string[];
}

export interface IdleResourceRow {
  resource: string;
  name: string;
  team: string;
  model: string;
  instanceType: string | null;
  gpus: number;
  episodes: number;
  idleHours: number;
  idleGpuHours: number;
  idleCost: string;
  cost: string;
}

export interface IdleTeamRow {
  team: string;
  resources: number;
  episodes: number;
  idleGpuHours: number;
  idleCost: string;
}

/** The JSON of `idle gpu …` for the API. */
export interface IdleReportData {
  kind: 'idle-gpu';
  range: { start: string; end: string };
  dates: DateRange | null;
  rule: { utilisationBelow: number; forHours: number };
  currency: string;
  by: 'resource' | 'team';
  total: { resources: number; episodes: number; idleHours: number; idleGpuHours: number; idleCost: string };
  rows: IdleResourceRow[] | IdleTeamRow[];
  episodes: IdleEpisodeData[];
  /** GPU cost with no utilisation: unknown, never idle. */
  unknown: { resource: string; name: string; team: string; cost: string }[];
  /** Utilisation with no GPU cost in the range. */
  unmatched: { resource: string; gpus: number }[];
  notes: string[];
}

/**
 * `idle gpu last 7 days [by team] [team=…]`: the idle episodes of the range (GPUs under
 * `gpu.idle.utilisationBelow` for `forHours` or more) with owner, hours and cost, by
 * resource or by team, and a utilisation chart of the resources that wasted most.
 * Costs add up: episodes to rows, rows to the total, cent for cent.
 */
export async function idleGpuReport(deps: GpuDeps, req: IdleReportRequest): Promise<{ notice: Notice; data: IdleReportData }> {
  const join = await joinGpu(deps, req.range);
  return buildIdleReport(deps, req, join);
}

/** The report from an already computed join (the digest and the tests reuse a join). */
export function buildIdleReport(deps: GpuDeps, req: IdleReportRequest, join: GpuJoin): { notice: Notice; data: IdleReportData } {
  const allowed = req.teams ? new Set(req.teams.map((t) => t.toLowerCase())) : null;
  const visible = (team: string) => !allowed || allowed.has(team.toLowerCase());
  const resources = join.resources.filter((r) => visible(r.cost.team) && r.episodes.length > 0).sort((a, b) => cmp(b.idleCost, a.idleCost) || (a.cost.resource < b.cost.resource ? -1 : 1));
  const episodes = resources.flatMap((r) => r.episodes.map((e) => ({ r, e })));
  const money = centsAddingUp(episodes.map(({ e }) => e.cost));
  const wall = hoursAddingUp(episodes.map(({ e }) => e.end - e.start));
  const gpuHours = hoursAddingUp(episodes.map(({ e }) => e.idleGpuMs));
  const episodeData: IdleEpisodeData[] = episodes.map(({ r, e }, i) => ({
    resource: r.cost.resource,
    name: resourceLabel(r.cost),
    team: r.cost.team,
    model: r.cost.model,
    instanceType: r.cost.instanceType,
    gpus: r.gpus,
    idleGpus: e.idleGpus,
    start: iso(e.start),
    end: iso(e.end),
    ongoing: e.ongoing,
    startsBeforeRange: e.startsBeforeRange,
    idleHours: wall.parts[i]!,
    idleGpuHours: gpuHours.parts[i]!,
    costPerHour: decimal2(idleCostPerHour(r, e.end - 1, e.idleGpusAtEnd)),
    idleCost: centsText(money.parts[i]!),
    gpuLabels: [...new Set(e.gpuEpisodes.map((g) => g.gpu))],
  }));
  // Rows are sums of their episodes' rounded figures, so they add up to the total.
  const rowOf = new Map<string, { r: JoinedResource; cents: bigint; wall: number; gpu: number; n: number }>();
  episodes.forEach(({ r }, i) => {
    const row = rowOf.get(r.cost.resource) ?? { r, cents: 0n, wall: 0, gpu: 0, n: 0 };
    row.cents += money.parts[i]!;
    row.wall += wall.parts[i]!;
    row.gpu += gpuHours.parts[i]!;
    row.n++;
    rowOf.set(r.cost.resource, row);
  });
  const resourceRows: IdleResourceRow[] = [...rowOf.values()].map((x) => ({
    resource: x.r.cost.resource, name: resourceLabel(x.r.cost), team: x.r.cost.team, model: x.r.cost.model, instanceType: x.r.cost.instanceType,
    gpus: x.r.gpus, episodes: x.n, idleHours: round2(x.wall), idleGpuHours: round2(x.gpu), idleCost: centsText(x.cents), cost: decimal2(x.r.cost.cost),
  }));
  const teamOf = new Map<string, { team: string; resources: Set<string>; episodes: number; gpu: number; cents: bigint }>();
  for (const x of rowOf.values()) {
    const t = teamOf.get(x.r.cost.team) ?? { team: x.r.cost.team, resources: new Set<string>(), episodes: 0, gpu: 0, cents: 0n };
    t.resources.add(x.r.cost.resource);
    t.episodes += x.n;
    t.gpu += x.gpu;
    t.cents += x.cents;
    teamOf.set(t.team, t);
  }
  const teamRows: IdleTeamRow[] = [...teamOf.values()]
    .sort((a, b) => cmp(b.cents, a.cents) || (a.team < b.team ? -1 : 1))
    .map((t) => ({ team: t.team, resources: t.resources.size, episodes: t.episodes, idleGpuHours: round2(t.gpu), idleCost: centsText(t.cents) }));

  const unknown = join.withoutMetrics.filter((c) => visible(c.team));
  const notes = coverageNotes(join, unknown, allowed === null, deps.currency);
  const data: IdleReportData = {
    kind: 'idle-gpu',
    range: { start: iso(req.range.start), end: iso(req.range.end) },
    dates: req.dates ?? null,
    rule: { ...deps.idle },
    currency: deps.currency,
    by: req.by,
    total: { resources: rowOf.size, episodes: episodes.length, idleHours: wall.total, idleGpuHours: gpuHours.total, idleCost: centsText(money.total) },
    rows: req.by === 'team' ? teamRows : resourceRows,
    episodes: episodeData,
    unknown: unknown.map((c) => ({ resource: c.resource, name: resourceLabel(c), team: c.team, cost: decimal2(c.cost) })),
    unmatched: allowed ? [] : join.withoutCost,
    notes,
  };
  return { notice: idleNotice(deps, req, data, resources), data };
}

function idleNotice(deps: GpuDeps, req: IdleReportRequest, data: IdleReportData, resources: JoinedResource[]): Notice {
  const when = req.dates ? `${req.dates.start} → ${req.dates.end}` : `${data.range.start} → ${data.range.end}`;
  const rule = `under ${deps.idle.utilisationBelow}% for ${deps.idle.forHours} h or more`;
  const total = moneyText(BigInt(data.total.idleCost.replace('.', '')), deps.currency);
  const text = data.total.episodes === 0
    ? `No idle GPUs ${rule} in ${when}${data.unknown.length ? ` (${data.unknown.length} GPU resources have no utilisation data: unknown, not idle)` : ''}.`
    : `${data.total.resources} GPU resource${data.total.resources === 1 ? '' : 's'} sat idle (${rule}): ${hoursText(data.total.idleGpuHours)} of GPU time, ${total} wasted, ${when}.`;
  const table = req.by === 'team'
    ? {
        columns: ['team', 'resources', 'episodes', 'idle GPU-h', 'idle cost'],
        numeric: [false, true, true, true, true],
        rows: (data.rows as IdleTeamRow[]).map((r) => [r.team, String(r.resources), String(r.episodes), r.idleGpuHours.toFixed(1), moneyText(BigInt(r.idleCost.replace('.', '')), deps.currency)]),
      }
    : {
        columns: ['resource', 'team', 'type', 'idle GPUs', 'idle h', 'idle cost'],
        numeric: [false, false, false, true, true, true],
        rows: (data.rows as IdleResourceRow[]).map((r) => {
          const maxIdle = Math.max(...data.episodes.filter((e) => e.resource === r.resource).map((e) => e.idleGpus));
          return [r.name, r.team, r.instanceType ?? '?', `${maxIdle}/${r.gpus}`, r.idleHours.toFixed(1), moneyText(BigInt(r.idleCost.replace('.', '')), deps.currency)];
        }),
      };
  const chart = utilisationChart(
    resources.slice(0, 5).flatMap((r) => (r.timeline ? [{ label: resourceLabel(r.cost), timeline: r.timeline }] : [])),
    deps.idle.utilisationBelow,
    'GPU utilisation of the idlest resources',
    when,
    deps.timezone,
  );
  const dates = req.dates ? ` ${req.dates.start}..${req.dates.end}` : '';
  const actions: ActionButton[] = [
    { verb: 'ask', id: `idle gpu${req.by === 'team' ? '' : ' by team'}${dates}`, label: req.by === 'team' ? 'By resource' : 'By team' },
    { verb: 'ask', id: 'advice', label: 'Savings advice' },
  ];
  return {
    kind: 'idle-gpu-report',
    title: `Idle GPUs · ${when}`,
    text,
    facts: [
      { label: 'Idle cost', value: total },
      { label: 'Idle GPU time', value: hoursText(data.total.idleGpuHours) },
      { label: 'Rule', value: rule },
    ],
    ...(data.rows.length ? { table } : {}),
    chart,
    notes: data.notes,
    actions,
    tone: data.total.episodes ? 'warning' : 'good',
  };
}

/** The idle GPUs' cost per hour at `at`: the resource's billed instance-hour rate × idle GPUs ÷ GPUs per instance. */
export function idleCostPerHour(r: JoinedResource, at: number, idleGpus: number): bigint {
  const rate = hourlyRate(r.cost.periods, at);
  if (!rate) return 0n;
  return mulDivRound(rate.perHour, BigInt(idleGpus), BigInt(r.gpusPerInstance));
}

function cmp(a: bigint, b: bigint): number {
  return a > b ? 1 : a < b ? -1 : 0;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
