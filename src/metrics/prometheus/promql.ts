/** The PromQL the source sends (README.md in this folder explains each). */

export const GPU_UTIL = 'DCGM_FI_DEV_GPU_UTIL';
export const FB_USED = 'DCGM_FI_DEV_FB_USED';
export const FB_FREE = 'DCGM_FI_DEV_FB_FREE';
export const PROMPT_TOKENS = 'vllm:prompt_tokens_total';
export const GENERATION_TOKENS = 'vllm:generation_tokens_total';

/** The labels that may name the machine: the configured one, and DCGM's other spelling of it. */
export function resourceLabels(label: string): string[] {
  if (label === 'Hostname') return ['Hostname', 'hostname'];
  if (label === 'hostname') return ['hostname', 'Hostname'];
  return [label];
}

/** A label value as a regular expression that matches it exactly. */
function escapeRe(v: string): string {
  return v.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** A PromQL string literal. */
function quote(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * `fn(metric[window])`, or — limited to some machines — that for each label spelling,
 * joined with `or` (a range selector cannot hold an `or` itself).
 */
export function overTime(fn: string, metric: string, window: string, labels: string[], values?: string[]): string {
  if (!values) return `${fn}(${metric}[${window}])`;
  const re = quote(values.map(escapeRe).join('|') || '^$');
  const parts = labels.map((l) => `${fn}(${metric}{${l}=~${re}}[${window}])`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(' or ')})`;
}

const by = (labels: string[]) => `max by (${[...labels, 'gpu', 'modelName'].join(', ')})`;

/** Seconds of the window each evaluation looks back over: one step, less a second, so a step's samples land in one cell. */
export const windowOf = (stepMs: number) => `${Math.max(1, stepMs / 1000 - 1)}s`;

/** Each GPU's highest utilisation in each step: "below the threshold" then holds for the whole step. */
export function utilQuery(labels: string[], stepMs: number, values?: string[]): string {
  return `${by(labels)} (${overTime('max_over_time', GPU_UTIL, windowOf(stepMs), labels, values)})`;
}

/** Each GPU's highest frame-buffer use in each step, as a percentage of its memory (used + free). */
export function memoryQuery(labels: string[], stepMs: number, values?: string[]): string {
  const w = windowOf(stepMs);
  const f = (fn: string, metric: string) => overTime(fn, metric, w, labels, values);
  return `${by(labels)} (100 * ${f('max_over_time', FB_USED)} / (${f('last_over_time', FB_USED)} + ${f('last_over_time', FB_FREE)}))`;
}

/** Tokens each model served over the last `seconds`: `increase` handles counter resets. */
export function tokensQuery(metric: string, seconds: number): string {
  return `sum by (model_name) (increase(${metric}[${Math.max(1, Math.round(seconds))}s]))`;
}
