import type { InstanceEpisode } from '../../core/gpu/idle-cost.js';
import type { Notice } from '../conversation/types.js';
import { joinGpu, type GpuDeps, type JoinedResource } from './gpu-analysis.js';
import { resourceUsageChart } from './gpu-charts.js';
import { decimal2, hours2, hoursText, instantText, iso, picoText, resourceLabel } from './gpu-format.js';
import { idleCostPerHour } from './idle-gpu-report.js';

/** The facts of an idle-gpu message (`jobs run idle-gpu --json`), amounts as decimal text. */
export interface IdleGpuFacts {
  resource: string;
  instanceType: string | null;
  gpus: number;
  idleGpus: number;
  /** The episode's first idle instant, ISO 8601 UTC. */
  since: string;
  idleHours: number;
  costPerHour: string;
  idleCost: string;
  team: string;
}

/** One nudge the idle-gpu job may post: its ledger key, owner, facts and message. */
export interface IdleGpuNudge {
  kind: 'idle-gpu';
  /** `idle-gpu:<resource>:<episode start>`: once per resource and episode. */
  key: string;
  /** The allocation layer's team of the resource (the wiring routes `(untagged)` to the default team). */
  team: string;
  facts: IdleGpuFacts;
  notice: Notice;
  /** True when the episode began before the furthest look-back (over a year): `since` is that bound, not its real start. */
  sinceIsBound: boolean;
}

export interface NudgeOptions {
  /** The clock. */
  now: number;
  /** Hours of utilisation read to find ongoing episodes (default 48). */
  lookbackHours?: number;
  /** How far back an episode that started before the look-back is traced at the same step (default 31 days; then hour by hour for over a year). */
  traceDays?: number;
}

/**
 * The idle-gpu job's content: one nudge per *ongoing* idle episode at `now` (a stretch of
 * at least `gpu.idle.forHours` under the threshold that has not ended). Episodes already
 * idle when the look-back starts are traced further back so the ledger key (their start)
 * is the same at every run. Posting, the ledger, routing and the 24-hour follow-up are the
 * job's; this only says what to post.
 */
export async function idleGpuNudges(deps: GpuDeps, opts: NudgeOptions): Promise<{ nudges: IdleGpuNudge[]; notes: string[] }> {
  const hour = 3_600_000;
  const step = deps.stepMs ?? 60_000;
  const end = opts.now;
  const start = Math.floor((end - (opts.lookbackHours ?? 48) * hour) / step) * step;
  const recent = await joinGpu(deps, { start, end });
  const found: { r: JoinedResource; e: InstanceEpisode; bound: boolean }[] = [];
  const trace: string[] = [];
  for (const r of recent.resources) {
    const e = r.episodes.find((x) => x.ongoing);
    if (!e) continue;
    if (e.startsBeforeRange) trace.push(r.cost.resource);
    else found.push({ r, e, bound: false });
  }
  // Traced further back: at the same step for a month, then hour by hour for over a year
  // (from a bound that moves once every 30 days, so a key stays put in between).
  const tiers = [
    { start: Math.floor((end - (opts.traceDays ?? 31) * 24 * hour) / step) * step, step },
    { start: Math.floor((end - 400 * 24 * hour) / (30 * 24 * hour)) * 30 * 24 * hour, step: hour },
  ];
  for (const tier of tiers) {
    if (trace.length === 0) break;
    const longer = await joinGpu({ ...deps, stepMs: tier.step }, { start: tier.start, end }, trace);
    trace.length = 0;
    for (const r of longer.resources) {
      const e = r.episodes.find((x) => x.ongoing);
      if (!e) continue;
      if (e.startsBeforeRange && tier !== tiers[tiers.length - 1]) trace.push(r.cost.resource);
      else found.push({ r, e, bound: e.startsBeforeRange });
    }
  }
  const notes = recent.failures.map((f) => `metric source ${f.source} is missing — ${f.message}`);
  // Largest waste first, then by key: the same order at every run.
  found.sort((a, b) => (b.e.cost > a.e.cost ? 1 : b.e.cost < a.e.cost ? -1 : a.r.cost.resource < b.r.cost.resource ? -1 : 1));
  const nudges = found.map(({ r, e, bound }) => idleGpuNudge(deps, r, e, opts.now, bound));
  return { nudges, notes };
}

/**
 * The ledger key of an episode: `idle-gpu:<resource>:<start>`, the start rounded up to the
 * hour, so a start found at one-minute steps and one found hour by hour (an episode traced
 * back more than a month) give the same key.
 */
export function idleGpuKey(resource: string, start: number): string {
  const hour = 3_600_000;
  return `idle-gpu:${resource}:${iso(Math.ceil(start / hour) * hour)}`;
}

/** The nudge for one ongoing episode of one resource. */
export function idleGpuNudge(deps: GpuDeps, r: JoinedResource, e: InstanceEpisode, now: number, sinceIsBound = false): IdleGpuNudge {
  const cur = deps.currency;
  const name = resourceLabel(r.cost);
  const idleGpus = e.idleGpusAtEnd;
  const perHour = idleCostPerHour(r, e.end - 1, idleGpus);
  const facts: IdleGpuFacts = {
    resource: r.cost.resource,
    instanceType: r.cost.instanceType,
    gpus: r.gpus,
    idleGpus,
    since: iso(e.start),
    idleHours: hours2(e.end - e.start),
    costPerHour: decimal2(perHour),
    idleCost: decimal2(e.cost),
    team: r.cost.team,
  };
  const key = idleGpuKey(r.cost.resource, e.start);
  const which = idleGpus >= r.gpus ? (r.gpus === 1 ? 'its GPU' : `all ${r.gpus} GPUs`) : `${idleGpus} of its ${r.gpus} GPUs`;
  const since = `${sinceIsBound ? 'before ' : ''}${instantText(e.start, deps.timezone)}`;
  const type = r.cost.instanceType ?? 'GPU instance';
  const chart = r.timeline
    ? resourceUsageChart(name, r.timeline, r.episodes, r.gpusPerInstance, deps.idle.utilisationBelow, `last ${Math.round((now - r.timeline.start) / 3_600_000)} h`, deps.timezone)
    : null;
  const notice: Notice = {
    kind: 'idle-gpu',
    title: `Idle GPU: ${name}`,
    text: `${name} (${type}) has had ${which} idle since ${since} (${hoursText(facts.idleHours)}): ${picoText(perHour, cur)} an hour, ${picoText(perHour * 24n, cur)} a day, ${picoText(e.cost, cur)} wasted so far.`,
    body: [
      `Utilisation has stayed under ${deps.idle.utilisationBelow}% on ${which} for ${hoursText(facts.idleHours)}. If it is not needed, stop it; if it is, mark it *Expected* and say why.`,
    ],
    facts: [
      { label: 'Instance', value: `${name} · ${type}` },
      { label: 'Idle GPUs', value: `${idleGpus} of ${r.gpus}` },
      { label: 'Idle since', value: since },
      { label: 'Cost per hour', value: picoText(perHour, cur) },
      { label: 'Cost per day', value: picoText(perHour * 24n, cur) },
      { label: 'Wasted so far', value: picoText(e.cost, cur) },
      { label: 'Owner', value: r.cost.team || '(untagged)' },
    ],
    chart,
    notes: e.extrapolated ? ['Priced at the last billed rate: the billing data does not reach today yet.'] : [],
    actions: [
      { verb: 'snooze', id: `idle-gpu:${r.cost.resource}`, label: 'Snooze 24 h' },
      { verb: 'expected', id: key, label: 'Expected', input: { label: 'Why is this GPU idle on purpose?', placeholder: 'e.g. reserved for tomorrow’s run', required: true } },
      { verb: 'usage', id: r.cost.resource, label: 'Show usage' },
    ],
    tone: 'warning',
    key,
  };
  return { kind: 'idle-gpu', key, team: r.cost.team, facts, notice, sinceIsBound };
}

/**
 * The one follow-up, in the nudge's thread, when the same episode is still idle 24 h after
 * the nudge: the current nudge's figures, worded as a reminder rather than a new alarm.
 */
export function idleGpuFollowUp(deps: GpuDeps, current: IdleGpuNudge): Notice {
  const f = current.facts;
  const cur = deps.currency;
  const perHour = BigInt(f.costPerHour.replace('.', ''));
  const wasted = BigInt(f.idleCost.replace('.', ''));
  const money = (cents: bigint) => picoText(cents * 10_000_000_000n, cur);
  return {
    kind: 'idle-gpu-followup',
    title: `Still idle: ${current.notice.title.replace(/^Idle GPU: /, '')}`,
    text: `Still idle after ${hoursText(f.idleHours)}: ${f.idleGpus} of ${f.gpus} GPUs, ${money(perHour)} an hour, ${money(wasted)} wasted so far.`,
    facts: [
      { label: 'Idle since', value: instantText(Date.parse(f.since), deps.timezone) },
      { label: 'Wasted so far', value: money(wasted) },
    ],
    actions: current.notice.actions,
    tone: 'warning',
    key: `${current.key}:follow-up`,
  };
}
