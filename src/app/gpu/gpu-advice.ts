import { computeAdvice, type AdviceInput, type AdviceItem } from '../../core/gpu/advice.js';
import { todayIn, addDays } from '../../core/dates.js';
import type { TimeRange } from '../../core/gpu/types.js';
import type { DateRange } from '../../core/types.js';
import type { Notice } from '../conversation/types.js';
import { instantsOf, joinGpu, type GpuDeps } from './gpu-analysis.js';
import type { GpuResourceCost } from './gpu-cost-source.js';
import { centsAddingUp, centsText, decimal2, hoursText, iso, moneyText, picoText, resourceLabel } from './gpu-format.js';
import { coverageNotes } from './coverage-notes.js';
import { priceBookOf, ratioPercent } from './price-book.js';

/** Work that can be interrupted and resumed: it could run on spot. */
export const INTERRUPTIBLE_WORKLOADS = new Set(['training', 'notebooks', 'batch']);
/** How far back prices are looked up in the billing data. */
export const PRICE_LOOKBACK_DAYS = 90;

export interface AdviceRequest {
  /** The clock: the window is the `gpu.rightsizing.days` full days before today, unless `range` says otherwise. */
  now: number;
  range?: TimeRange;
  dates?: DateRange;
  teams?: string[];
}

export interface AdviceItemData {
  kind: AdviceItem['kind'];
  resource: string;
  /** Every resource the item covers (the nodes of one program for spot). */
  resources: string[];
  name: string;
  team: string;
  model: string;
  instanceType: string | null;
  monthlySavings: string;
  windowSavings: string;
  estimate: boolean;
  /** One sentence: what to do, and why. */
  summary: string;
  evidence: Record<string, unknown>;
}

export interface AdviceData {
  kind: 'gpu-advice';
  range: { start: string; end: string };
  dates: DateRange | null;
  days: number;
  currency: string;
  rules: { idle: { utilisationBelow: number; forHours: number }; rightsizing: { p95Below: number; days: number }; interruptible: string[] };
  totalMonthly: string;
  items: AdviceItemData[];
  notes: string[];
}

/**
 * `advice [team=…]`: savings per month, largest first, each with its evidence — idle
 * waste, right-sizing (p95 under `gpu.rightsizing.p95Below`) and spot for interruptible
 * on-demand work — priced only from the billing data. Items add up to the total.
 */
export async function gpuAdvice(deps: GpuDeps, req: AdviceRequest): Promise<{ notice: Notice; data: AdviceData }> {
  const today = todayIn(req.now, deps.timezone);
  const dates = req.dates ?? { start: addDays(today, -deps.rightsizing.days), end: today };
  const range = req.range ?? instantsOf(dates, deps.timezone);
  const days = Math.max(1, Math.round((range.end - range.start) / 86_400_000));
  const [join, observations] = await Promise.all([
    joinGpu(deps, range),
    deps.costs.prices({ start: range.end - PRICE_LOOKBACK_DAYS * 86_400_000, end: range.end }),
  ]);
  const prices = priceBookOf(observations);
  const allowed = req.teams ? new Set(req.teams.map((t) => t.toLowerCase())) : null;
  const visible = (c: GpuResourceCost) => !allowed || allowed.has(c.team.toLowerCase());
  const inputs: AdviceInput[] = [];
  const costOf = new Map<string, GpuResourceCost>();
  for (const r of join.resources) {
    if (!visible(r.cost)) continue;
    costOf.set(r.cost.resource, r.cost);
    inputs.push({
      resource: r.cost.resource, provider: r.cost.provider, instanceType: r.cost.instanceType, gpusPerInstance: r.cost.gpusPerInstance, instances: r.cost.instances,
      cost: r.cost.cost, idleCost: r.idleCost, idleGpuMs: r.idleGpuMs, episodes: r.episodes.length, idleGpus: Math.max(0, ...r.episodes.map((e) => e.idleGpus)), gpus: r.gpus,
      onDemandInterruptible: interruptible(r.cost), group: groupOf(r.cost), summaries: r.summaries,
    });
  }
  // No utilisation: nothing to say about idleness or size, but spot needs only the bill.
  for (const c of join.withoutMetrics) {
    if (!visible(c)) continue;
    costOf.set(c.resource, c);
    inputs.push({
      resource: c.resource, provider: c.provider, instanceType: c.instanceType, gpusPerInstance: c.gpusPerInstance, instances: c.instances,
      cost: c.cost, idleCost: 0n, idleGpuMs: 0, episodes: 0, idleGpus: 0, gpus: (c.gpusPerInstance ?? 1) * c.instances,
      onDemandInterruptible: interruptible(c), group: groupOf(c), summaries: [],
    });
  }
  const result = computeAdvice(inputs, prices, deps.rightsizing.p95Below, days);
  const rounded = centsAddingUp(result.items.map((i) => i.monthlySavings));
  const items = result.items.map((item, i) => itemData(item, item.resources.map((r) => costOf.get(r)!), rounded.parts[i]!, deps.currency, deps.rightsizing.p95Below, days));
  const notes = coverageNotes(join, join.withoutMetrics.filter(visible), allowed === null, deps.currency);
  if (result.spotUnpriced.length) notes.push(`No spot price anywhere in the billing data: spot savings for ${result.spotUnpriced.length} resource(s) of interruptible on-demand work are not estimated.`);
  if (items.some((i) => i.estimate)) notes.push('Items marked (estimate) use a price the billing data does not have for that instance type: the organisation-wide spot discount, or a price scaled by GPU count.');
  const data: AdviceData = {
    kind: 'gpu-advice',
    range: { start: iso(range.start), end: iso(range.end) },
    dates: req.range ? (req.dates ?? null) : dates,
    days,
    currency: deps.currency,
    rules: { idle: { ...deps.idle }, rightsizing: { ...deps.rightsizing }, interruptible: [...INTERRUPTIBLE_WORKLOADS] },
    totalMonthly: centsText(rounded.total),
    items,
    notes,
  };
  const when = data.dates ? `${data.dates.start} → ${data.dates.end}` : `${data.range.start} → ${data.range.end}`;
  const notice: Notice = {
    kind: 'gpu-advice',
    title: `GPU savings advice · ${when}`,
    text: items.length
      ? `${items.length} way${items.length === 1 ? '' : 's'} to save about ${moneyText(rounded.total, deps.currency)} a month on GPUs (from ${days} days of usage and your own prices).`
      : `No GPU savings found in the last ${days} days.`,
    body: items.slice(0, 10).map((i) => `*${moneyText(BigInt(i.monthlySavings.replace('.', '')), deps.currency)}/month*${i.estimate ? ' (estimate)' : ''} — ${i.summary}`),
    ...(items.length ? {
      table: {
        columns: ['saving / month', 'kind', 'resource', 'team'],
        numeric: [true, false, false, false],
        rows: items.map((i) => [`${moneyText(BigInt(i.monthlySavings.replace('.', '')), deps.currency)}${i.estimate ? ' *' : ''}`, i.kind, i.name, i.team]),
      },
    } : {}),
    notes,
    actions: [{ verb: 'ask', id: `idle gpu ${when.replace(' → ', '..')}`, label: 'Idle GPUs' }],
    tone: items.length ? 'info' : 'good',
  };
  return { notice, data };
}

/** Spot and right-sizing advice is one item per program: team, model, instance type and the interruptible workloads. */
function groupOf(c: GpuResourceCost): string {
  const workloads = [...new Set(c.lines.filter((l) => l.pricing === 'on-demand' && INTERRUPTIBLE_WORKLOADS.has(l.workload)).map((l) => l.workload))].sort();
  const who = c.model && c.model !== '(untagged)' ? c.model : c.resource;
  return [c.team, who, c.instanceType ?? '', workloads.join('+')].join('\u0001');
}

function interruptible(c: GpuResourceCost): AdviceInput['onDemandInterruptible'] {
  const out = { cost: 0n, listCost: 0n, hours: 0n };
  for (const l of c.lines) {
    if (l.accelerator !== 'gpu' || l.pricing !== 'on-demand' || !INTERRUPTIBLE_WORKLOADS.has(l.workload)) continue;
    out.cost += l.cost;
    out.listCost += l.listCost;
    out.hours += l.hours;
  }
  return out;
}

function itemData(item: AdviceItem, costs: GpuResourceCost[], monthlyCents: bigint, currency: string, p95Below: number, days: number): AdviceItemData {
  const c = costs[0]!;
  const name = costs.length === 1 ? resourceLabel(c) : `${costs.length} resources of ${c.model && c.model !== '(untagged)' ? c.model : resourceLabel(c)}`;
  const base = {
    kind: item.kind, resource: c.resource, resources: item.resources, name, team: c.team, model: c.model, instanceType: c.instanceType,
    monthlySavings: centsText(monthlyCents), windowSavings: decimal2(item.windowSavings), estimate: item.estimate,
  };
  const e = item.evidence;
  if (e.kind === 'idle') {
    const gpuHours = Math.round(e.idleGpuHours * 10) / 10;
    const partial = e.idleGpus < e.gpus ? `${e.idleGpus} of its ${e.gpus} GPUs` : `its ${e.gpus === 1 ? 'GPU' : `${e.gpus} GPUs`}`;
    return {
      ...base,
      summary: `${name} (${c.team}, ${c.instanceType ?? 'GPU'}): ${partial} sat idle for ${hoursText(gpuHours)} of GPU time in ${e.episodes} episode${e.episodes === 1 ? '' : 's'} over ${days} days, ${picoText(e.idleCost, currency)} — ${e.idleGpus < e.gpus ? 'run it on fewer GPUs, or stop it when idle' : 'stop it when idle, or schedule it off'}.`,
      evidence: { idleGpus: e.idleGpus, gpus: e.gpus, episodes: e.episodes, idleGpuHours: gpuHours, idleCost: decimal2(e.idleCost), days },
    };
  }
  if (e.kind === 'rightsize') {
    const low = e.gpus.filter((g) => g.low);
    return {
      ...base,
      summary: `${name} (${c.team}): ${low.length} of ${e.gpusFrom} GPUs stayed under ${p95Below}% at the 95th percentile over ${days} days; ${e.neededGpus} GPU${e.neededGpus === 1 ? '' : 's'} would carry the load — move from ${e.from} to ${e.to} (${e.gpusTo} GPU${e.gpusTo === 1 ? '' : 's'})${e.priceFrom === 'billing' ? ', at the list prices on your bill' : ', priced by GPU count (the bill has no price for it)'}.`,
      evidence: {
        from: e.from, to: e.to, gpusFrom: e.gpusFrom, gpusTo: e.gpusTo, neededGpus: e.neededGpus,
        gpus: e.gpus.map((g) => ({ gpu: g.gpu, p95Util: g.p95Util, p95Memory: g.p95Memory, low: g.low })),
        cost: decimal2(e.baseCost), idleCost: decimal2(e.idleCost),
        fromListPerHour: e.fromListPerHour === null ? null : decimal2(e.fromListPerHour), toListPerHour: e.toListPerHour === null ? null : decimal2(e.toListPerHour),
        priceFrom: e.priceFrom, days,
      },
    };
  }
  const pct = ratioPercent(e.discount);
  const hours = picoHours(e.onDemandHours);
  const workloads = [...new Set(costs.flatMap((x) => x.lines).filter((l) => l.pricing === 'on-demand' && INTERRUPTIBLE_WORKLOADS.has(l.workload)).map((l) => l.workload))].sort();
  return {
    ...base,
    summary: `${name} (${c.team}) ran ${hoursText(hours)} of on-demand ${e.instanceType} for ${workloads.join(' and ')}; ${e.discountFrom === 'instance-type' ? `your spot rows for ${e.instanceType} were ${pct}% under list` : `your GPU spot rows average ${pct}% under list (none for ${e.instanceType})`} — run it on spot, with checkpoints.`,
    evidence: {
      instanceType: e.instanceType, workloads, onDemandHours: hours, baseCost: decimal2(e.baseCost), discountPercent: pct, discountFrom: e.discountFrom,
      discountHours: picoHours(e.discountHours), days,
    },
  };
}

/** Pico-hours as hours with one decimal. */
function picoHours(h: bigint): number {
  return Number((h + 50_000_000_000n) / 100_000_000_000n) / 10;
}
