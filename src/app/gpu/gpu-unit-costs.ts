import { lookupInstance } from '../../core/gpu/instance-families.js';
import type { TimeRange } from '../../core/gpu/types.js';
import { perGpuHour, perMillionTokens, perRun, type UsageLine } from '../../core/gpu/unit-costs.js';
import type { DateRange } from '../../core/types.js';
import type { Notice } from '../conversation/types.js';
import type { GpuDeps } from './gpu-analysis.js';
import type { GpuCostLine, GpuResourceCost } from './gpu-cost-source.js';
import { centsAddingUp, centsText, decimal2, iso, picoText } from './gpu-format.js';

export type UnitKind = 'gpu-hour' | '1m-tokens' | 'run';

export interface UnitCostRequest {
  unit: UnitKind;
  range: TimeRange;
  dates?: DateRange;
  /** `per gpu-hour`: group by team (default) or model. */
  by?: 'team' | 'model';
  /** Only these teams (a filter, or the asker's scope); absent = all. */
  teams?: string[];
  /** Only these models. */
  models?: string[];
}

export interface UnitCostData {
  kind: 'gpu-unit-cost';
  unit: UnitKind;
  range: { start: string; end: string };
  dates: DateRange | null;
  currency: string;
  by: 'team' | 'model' | 'experiment';
  rows: Record<string, unknown>[];
  /** `per run`: each model's runs and its average run. */
  byModel?: { model: string; runs: number; cost: string; perRun: string }[];
  notes: string[];
}

const PICO_HOURS_PER_CENTIHOUR = 10_000_000_000n;
const hoursOf = (pico: bigint) => Number((pico + PICO_HOURS_PER_CENTIHOUR / 2n) / PICO_HOURS_PER_CENTIHOUR) / 100;

/**
 * `per gpu-hour` (cost ÷ GPU-hours, by team or model), `per 1m tokens` (a model's
 * inference cost ÷ the tokens its vLLM servers counted, per million) and `per run` (an
 * `experiment` value's cost; by model, the average run). A unit cost whose denominator is
 * unknown says so instead of dividing by a guess.
 */
export async function gpuUnitCosts(deps: GpuDeps, req: UnitCostRequest): Promise<{ notice: Notice; data: UnitCostData }> {
  const costs = await deps.costs.gpuCosts(req.range);
  const teamOk = filterOf(req.teams);
  const modelOk = filterOf(req.models);
  const lines: { r: GpuResourceCost; l: GpuCostLine }[] = [];
  for (const r of costs.resources) for (const l of r.lines) if (teamOk(l.team) && modelOk(l.model)) lines.push({ r, l });
  const notes = [...costs.notes];
  const cur = deps.currency;
  let data: UnitCostData;
  let table: Notice['table'];
  let text: string;
  const base = { kind: 'gpu-unit-cost' as const, unit: req.unit, range: { start: iso(req.range.start), end: iso(req.range.end) }, dates: req.dates ?? null, currency: cur };
  if (req.unit === 'gpu-hour') {
    const by = req.by ?? 'team';
    const usage: UsageLine[] = lines.filter(({ l }) => l.accelerator === 'gpu').map(({ r, l }) => ({ key: l[by], cost: l.cost, hours: l.hours, gpusPerInstance: gpusOf(r, l) }));
    const rows = perGpuHour(usage);
    const unknown = rows.reduce((s, r) => s + r.unknownCost, 0n);
    if (unknown > 0n) notes.push(`${picoText(unknown, cur)} of GPU cost has no known GPU count or usage hours (instance type not in the bundled table): left out of every figure rather than divided by a guess.`);
    const rowCents = centsAddingUp(rows.map((r) => r.cost)).parts;
    data = { ...base, by, rows: rows.map((r, i) => ({ [by]: r.key, cost: centsText(rowCents[i]!), gpuHours: hoursOf(r.gpuHours), perGpuHour: r.perGpuHour === null ? null : decimal2(r.perGpuHour), unknownCost: decimal2(r.unknownCost) })), notes };
    table = { columns: [by, 'GPU cost', 'GPU-hours', 'per GPU-hour'], numeric: [false, true, true, true], rows: rows.map((r) => [r.key, picoText(r.cost, cur), hoursOf(r.gpuHours).toLocaleString('en-US'), r.perGpuHour === null ? 'unknown' : picoText(r.perGpuHour, cur)]) };
    const all = perGpuHour(usage.map((u) => ({ ...u, key: 'all' })))[0];
    text = all?.perGpuHour ? `GPU time cost ${picoText(all.perGpuHour, cur)} per GPU-hour on average (${hoursOf(all.gpuHours).toLocaleString('en-US')} GPU-hours).` : 'No GPU-hours with a known GPU count in this range.';
  } else if (req.unit === '1m-tokens') {
    const inference = lines.filter(({ l }) => l.workload === 'inference').map(({ l }) => ({ model: l.model, cost: l.cost }));
    const tokens = await readTokens(deps, req.range, costs.resources, notes);
    for (const [m] of tokens) if (!modelOk(m)) tokens.delete(m);
    const rows = perMillionTokens(inference, tokens).filter((r) => r.cost > 0n || r.promptTokens !== null);
    data = {
      ...base, by: 'model',
      rows: rows.map((r) => ({ model: r.model, inferenceCost: decimal2(r.cost), promptTokens: r.promptTokens, generationTokens: r.generationTokens, per1mTokens: r.perMillion === null ? null : decimal2(r.perMillion), reason: r.reason })),
      notes,
    };
    table = { columns: ['model', 'inference cost', 'tokens', 'per 1M tokens'], numeric: [false, true, true, true], rows: rows.map((r) => [r.model, picoText(r.cost, cur), r.promptTokens === null ? '—' : (r.promptTokens + (r.generationTokens ?? 0)).toLocaleString('en-US'), r.perMillion === null ? 'unknown' : picoText(r.perMillion, cur)]) };
    const unknown = rows.filter((r) => r.perMillion === null && r.cost > 0n).map((r) => r.model);
    if (unknown.length) notes.push(`No token counts for ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? '…' : ''}: their cost per token is unknown (export vLLM's vllm:prompt_tokens_total and vllm:generation_tokens_total, or add token rows to a file source).`);
    const known = rows.filter((r) => r.perMillion !== null);
    text = known.length ? `Cost per 1M tokens: ${known.map((r) => `${r.model} ${picoText(r.perMillion!, cur)}`).join(', ')}.` : 'No model has both inference cost and token counts in this range.';
  } else {
    const runLines = lines
      .filter(({ l }) => l.experiment !== '' && l.experiment !== '(untagged)')
      .map(({ r, l }) => ({ experiment: l.experiment, model: l.model, team: l.team, cost: l.cost, gpuHours: l.hours * BigInt(gpusOf(r, l) ?? 0), first: l.first, last: l.last }));
    const { runs, byModel } = perRun(runLines, req.range);
    // Runs rounded so they add up; each model's cost is the sum of its runs as shown.
    const runCents = centsAddingUp(runs.map((r) => r.cost)).parts;
    const modelCents = new Map<string, bigint>();
    runs.forEach((r, i) => modelCents.set(r.model, (modelCents.get(r.model) ?? 0n) + runCents[i]!));
    data = {
      ...base, by: 'experiment',
      rows: runs.map((r, i) => ({ experiment: r.experiment, team: r.team, model: r.model, cost: centsText(runCents[i]!), gpuHours: hoursOf(r.gpuHours), partial: r.partial })),
      byModel: byModel.map((m) => ({ model: m.model, runs: m.runs, cost: centsText(modelCents.get(m.model)!), perRun: decimal2(m.perRun) })),
      notes,
    };
    if (runs.some((r) => r.partial)) notes.push('Runs marked * have billing at the edge of the range: part of them may lie outside it.');
    table = { columns: ['model', 'runs', 'cost', 'per run'], numeric: [false, true, true, true], rows: byModel.map((m) => [m.model, String(m.runs), picoText(m.cost, cur), picoText(m.perRun, cur)]) };
    text = runs.length ? `${runs.length} runs cost ${picoText(runs.reduce((s, r) => s + r.cost, 0n), cur)}; the most expensive was ${runs[0]!.experiment} (${picoText(runs[0]!.cost, cur)}).` : 'No runs (experiment values) in this range.';
  }
  const when = req.dates ? `${req.dates.start} → ${req.dates.end}` : `${data.range.start} → ${data.range.end}`;
  const title = req.unit === 'gpu-hour' ? 'Cost per GPU-hour' : req.unit === '1m-tokens' ? 'Cost per 1M tokens' : 'Cost per run';
  return { notice: { kind: 'gpu-unit-cost', title: `${title} · ${when}`, text, ...(table.rows.length ? { table } : {}), notes, tone: 'info' }, data };
}

function filterOf(values?: string[]): (v: string) => boolean {
  if (!values) return () => true;
  const set = new Set(values.map((v) => v.toLowerCase()));
  return (v) => set.has(v.toLowerCase());
}

/** GPUs per instance of a line: its own instance type in the table, else the resource's count when the type is the same. */
function gpusOf(r: GpuResourceCost, l: GpuCostLine): number | null {
  if (!l.instanceType) return null;
  return lookupInstance(l.instanceType)?.size.gpus ?? (l.instanceType === r.instanceType ? r.gpusPerInstance : null);
}

/** Tokens per model from every metric source; counts known only by resource take the resource's model from the bill. */
async function readTokens(deps: GpuDeps, range: TimeRange, resources: GpuResourceCost[], notes: string[]): Promise<Map<string, { prompt: number; generation: number }>> {
  const modelOfResource = new Map(resources.map((r) => [r.resource, r.model]));
  const out = new Map<string, { prompt: number; generation: number }>();
  const known = new Map<string, string>();
  for (const r of resources) if (r.model) known.set(r.model.toLowerCase(), r.model);
  await Promise.all(
    deps.sources.map(async (s) => {
      try {
        for (const t of await s.tokens(range, { signal: AbortSignal.timeout(deps.timeoutMs ?? 120_000), logger: deps.logger })) {
          const raw = t.model ?? (t.resource ? modelOfResource.get(t.resource) : undefined);
          if (!raw) continue;
          const model = known.get(raw.toLowerCase()) ?? raw;
          const acc = out.get(model) ?? { prompt: 0, generation: 0 };
          acc.prompt += t.promptTokens;
          acc.generation += t.generationTokens;
          out.set(model, acc);
        }
      } catch (err) {
        deps.logger.warn({ metrics: s.id, err }, 'token counts not available');
        notes.push(`Partial answer: token counts of metric source ${s.id} are missing — ${err instanceof Error ? err.message : String(err)}`);
      }
    }),
  );
  return out;
}


