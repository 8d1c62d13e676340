import { PICO, mulDivRound } from './idle-cost.js';

/** Cost and usage of one slice of GPU spend (a resource's billing line in a range). */
export interface UsageLine {
  key: string;
  /** Pico-units of the currency. */
  cost: bigint;
  /** Pico-hours of instance use. */
  hours: bigint;
  /** GPUs in one instance; null when the bill does not say (the line is then left out of the denominator). */
  gpusPerInstance: number | null;
}

/** Cost per GPU-hour of one group. */
export interface PerGpuHourRow {
  key: string;
  /** Cost whose GPU-hours are known, and those GPU-hours (pico-hours). */
  cost: bigint;
  gpuHours: bigint;
  /** Pico-units per GPU-hour; null when no GPU-hours are known. */
  perGpuHour: bigint | null;
  /** Cost of lines with an unknown GPU count: in no figure, reported instead of guessed. */
  unknownCost: bigint;
}

/**
 * Cost per GPU-hour by key: Σ cost ÷ Σ (usage hours × GPUs per instance). A line whose GPU
 * count is unknown is not divided by a guess: its cost is reported as `unknownCost`.
 * Rows by cost, largest first.
 */
export function perGpuHour(lines: UsageLine[]): PerGpuHourRow[] {
  const rows = new Map<string, PerGpuHourRow>();
  for (const l of lines) {
    let row = rows.get(l.key);
    if (!row) rows.set(l.key, (row = { key: l.key, cost: 0n, gpuHours: 0n, perGpuHour: null, unknownCost: 0n }));
    if (l.gpusPerInstance && l.hours > 0n) {
      row.cost += l.cost;
      row.gpuHours += l.hours * BigInt(l.gpusPerInstance);
    } else {
      row.unknownCost += l.cost;
    }
  }
  for (const row of rows.values()) row.perGpuHour = row.gpuHours > 0n ? mulDivRound(row.cost, PICO, row.gpuHours) : null;
  return [...rows.values()].sort((a, b) => cmpDesc(a.cost + a.unknownCost, b.cost + b.unknownCost) || cmpText(a.key, b.key));
}

/** Cost per million tokens of one model. */
export interface PerTokensRow {
  model: string;
  /** Inference cost of the model (pico). */
  cost: bigint;
  promptTokens: number | null;
  generationTokens: number | null;
  /** Pico-units per 1,000,000 tokens (prompt + generation); null when the tokens are unknown or zero. */
  perMillion: bigint | null;
  /** Why there is no figure. */
  reason: string | null;
}

/**
 * Inference cost of each model ÷ the tokens it served (vLLM's prompt and generation
 * counters), per million. A model with cost but no token counter gets no figure and says why.
 */
export function perMillionTokens(costs: { model: string; cost: bigint }[], tokens: Map<string, { prompt: number; generation: number }>): PerTokensRow[] {
  const byModel = new Map<string, bigint>();
  for (const c of costs) byModel.set(c.model, (byModel.get(c.model) ?? 0n) + c.cost);
  const models = new Set([...byModel.keys(), ...tokens.keys()]);
  const rows: PerTokensRow[] = [];
  for (const model of models) {
    const cost = byModel.get(model) ?? 0n;
    const t = tokens.get(model);
    const total = t ? Math.round(t.prompt) + Math.round(t.generation) : 0;
    let reason: string | null = null;
    if (!t) reason = 'no token counter (vllm:prompt_tokens_total / vllm:generation_tokens_total) for this model';
    else if (total <= 0) reason = 'the token counters did not move in this range';
    else if (cost === 0n) reason = 'no inference cost for this model in the billing data';
    rows.push({
      model,
      cost,
      promptTokens: t ? Math.round(t.prompt) : null,
      generationTokens: t ? Math.round(t.generation) : null,
      perMillion: reason === null ? mulDivRound(cost, 1_000_000n, BigInt(total)) : null,
      reason,
    });
  }
  return rows.sort((a, b) => cmpDesc(a.cost, b.cost) || cmpText(a.model, b.model));
}

/** One run (an `experiment` value) and what it cost in the range. */
export interface RunLine {
  experiment: string;
  model: string;
  team: string;
  cost: bigint;
  gpuHours: bigint;
  /** First and last billed instants of the run's rows, to tell a run cut by the range. */
  first: number;
  last: number;
}

export interface RunRow extends RunLine {
  /** True when the run has billing at the range's start or end: part of it may lie outside. */
  partial: boolean;
}

export interface RunsByModel {
  model: string;
  runs: number;
  cost: bigint;
  /** Pico-units per run (cost ÷ runs). */
  perRun: bigint;
}

/** Cost per run: each experiment's cost, and each model's average over its runs. */
export function perRun(lines: RunLine[], range: { start: number; end: number }, slackMs = 86_400_000): { runs: RunRow[]; byModel: RunsByModel[] } {
  const runs = new Map<string, RunRow>();
  for (const l of lines) {
    const r = runs.get(l.experiment);
    if (!r) runs.set(l.experiment, { ...l, partial: false });
    else {
      r.cost += l.cost;
      r.gpuHours += l.gpuHours;
      r.first = Math.min(r.first, l.first);
      r.last = Math.max(r.last, l.last);
    }
  }
  for (const r of runs.values()) r.partial = r.first - range.start < slackMs || range.end - r.last <= slackMs;
  const rows = [...runs.values()].sort((a, b) => cmpDesc(a.cost, b.cost) || cmpText(a.experiment, b.experiment));
  const models = new Map<string, RunsByModel>();
  for (const r of rows) {
    const m = models.get(r.model) ?? { model: r.model, runs: 0, cost: 0n, perRun: 0n };
    m.runs++;
    m.cost += r.cost;
    models.set(r.model, m);
  }
  for (const m of models.values()) m.perRun = mulDivRound(m.cost, 1n, BigInt(m.runs));
  return { runs: rows, byModel: [...models.values()].sort((a, b) => cmpDesc(a.perRun, b.perRun) || cmpText(a.model, b.model)) };
}

function cmpDesc(a: bigint, b: bigint): number {
  return a > b ? -1 : a < b ? 1 : 0;
}

function cmpText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
