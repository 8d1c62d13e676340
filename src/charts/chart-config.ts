import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { Answer, AnswerRow, SeriesPoint } from '../core/types.js';
import { describeChange, describeQuestion, describeRange, metricLabel, money } from '../render/describe-answer.js';

/** Bar colours, in the order series are ranked (colour-blind friendly enough, print-safe). */
export const CHART_PALETTE = ['#2563eb', '#0d9488', '#f59e0b', '#7c3aed', '#db2777', '#16a34a', '#ea580c', '#0891b2', '#4f46e5', '#65a30d'] as const;
/** The `other` row / series: grey, so it never reads as a team of its own. */
export const OTHER_COLOR = '#9ca3af';
/** How opaque a partial bucket's bar is (a lighter bar: its cost is not comparable with a whole bucket's). */
export const PARTIAL_ALPHA = 0.4;
/** Appended to a partial bucket's axis label. */
export const PARTIAL_SUFFIX = ' (partial)';

/** Longest category label drawn in full; longer ones end in "…". */
export const MAX_LABEL_CHARS = 28;
/** Above this many points a series is drawn as lines: bars get thinner than a pixel. */
export const LINE_THRESHOLD = 20;
/** Stacked series beyond this many keys fold the rest into "other" (a legend of 30 is noise). */
export const MAX_SERIES_DATASETS = 8;

const KEY_SEP = ' · ';
const FONT_COLOR = '#374151';
const GRID_COLOR = '#e5e7eb';

/** Cuts a label to `max` characters (by code point, so emoji are not split), ending in "…". */
export function truncateLabel(text: string, max = MAX_LABEL_CHARS): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** A row key as one readable label: `nlp · llama-70b`; empty values read `(none)`, as the engine writes them. */
export function keyLabel(key: Record<string, string>, groupBy: string[]): string {
  const keys = groupBy.length ? groupBy : Object.keys(key);
  const text = keys.map((k) => (key[k] === undefined || key[k] === '' ? '(none)' : key[k])).join(KEY_SEP);
  return text === '' ? '(none)' : text;
}

/** A row's label: its key, with the resource's name beside its id (`i-0abc (train-box)`). */
export function rowLabel(row: Pick<AnswerRow, 'key' | 'resourceName'>, groupBy: string[]): string {
  const label = keyLabel(row.key, groupBy);
  return row.resourceName ? `${label} (${row.resourceName})` : label;
}

/** `#2563eb` at the given opacity, as `rgba(…)` (a partial bucket's lighter bar). */
export function lighter(hex: string, alpha = PARTIAL_ALPHA): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** A finite number for drawing: a NaN or infinite amount (never expected) draws as 0, not a crash. */
const finite = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) ? n : 0);

/** The axis title: the metric and the currency, e.g. `effective cost (amortized), USD`. */
export function valueAxisTitle(a: Pick<Answer, 'metric' | 'currency'>): string {
  return `${metricLabel(a.metric)}, ${a.currency}`;
}

/** The chart title: the question (grouping and filters). */
function titleText(a: Answer): string {
  return truncateLabel(describeQuestion(a), 90);
}

/** The subtitle: the range, the total, its change and the forecast, as a person would say them. */
function subtitleText(a: Answer): string {
  const parts = [describeRange(a.range), `total ${money(finite(a.total), a.currency)}`];
  if (a.compare) parts.push(`${describeChange(a.compare.change) ?? 'no previous cost'} vs previous period`);
  if (a.forecast) parts.push(`forecast ${money(finite(a.forecast.total), a.currency)}`);
  return parts.join('  ·  ');
}

/** Which axis carries money in a config built here (horizontal bars put it on x). */
export function valueAxisOf(config: ChartConfiguration): 'x' | 'y' {
  return (config.options as { indexAxis?: string } | undefined)?.indexAxis === 'y' ? 'x' : 'y';
}

function baseOptions(a: Answer, opts: { horizontal: boolean; stacked: boolean; legend: boolean; categoryTitle: string }): Record<string, unknown> {
  const value = { beginAtZero: true, stacked: opts.stacked, grid: { color: GRID_COLOR }, ticks: { color: FONT_COLOR }, title: { display: true, text: valueAxisTitle(a), color: FONT_COLOR } };
  const category = {
    stacked: opts.stacked,
    grid: { display: false },
    ticks: { color: FONT_COLOR, autoSkip: true, maxRotation: 0 },
    title: { display: opts.categoryTitle !== '', text: opts.categoryTitle, color: FONT_COLOR },
  };
  return {
    indexAxis: opts.horizontal ? 'y' : 'x',
    animation: false,
    maintainAspectRatio: false,
    layout: { padding: 12 },
    scales: opts.horizontal ? { x: value, y: category } : { x: category, y: value },
    plugins: {
      title: { display: true, text: titleText(a), color: '#111827', font: { size: 16, weight: 'bold' } },
      subtitle: { display: true, text: subtitleText(a), color: '#4b5563', padding: { bottom: 12 } },
      legend: { display: opts.legend, position: 'bottom', labels: { color: FONT_COLOR, boxWidth: 12 } },
    },
  };
}

/** A breakdown (rows): one bar per row, `other` greyed; horizontal when labels are long or many. */
function breakdownConfig(a: Answer): ChartConfiguration {
  const labels = a.rows.map((r) => truncateLabel(rowLabel(r, a.query.groupBy)));
  const horizontal = a.rows.length > 6 || labels.some((l) => l.length > 12);
  const colors = a.rows.map((r) => (r.other ? OTHER_COLOR : CHART_PALETTE[0]));
  return {
    type: 'bar',
    data: {
      labels,
      datasets: [{ label: valueAxisTitle(a), data: a.rows.map((r) => finite(r.cost)), backgroundColor: colors, borderRadius: 3, maxBarThickness: 48 }],
    },
    options: baseOptions(a, { horizontal, stacked: false, legend: false, categoryTitle: a.query.groupBy.join(KEY_SEP) }),
  } as ChartConfiguration;
}

/** `2026-11` for months, the date otherwise: the bucket start, as the answer names it; ` (partial)` after a partial bucket. */
function pointLabel(p: SeriesPoint, granularity: Answer['query']['granularity']): string {
  return (granularity === 'month' ? p.start.slice(0, 7) : p.start) + (p.partial ? PARTIAL_SUFFIX : '');
}

/** One colour per point: the colour, lighter on partial buckets. */
function pointColors(series: SeriesPoint[], color: string): string | string[] {
  return series.some((p) => p.partial) ? series.map((p) => (p.partial ? lighter(color) : color)) : color;
}

/** A legend entry (no data) that says what the lighter bars are. */
function partialLegend(): ChartDataset {
  return { type: 'bar', label: 'partial period (lighter bar)', data: [], backgroundColor: lighter(OTHER_COLOR) } as ChartDataset;
}

/**
 * A line's partial buckets drawn dashed: the solid line stops at the last whole bucket and a
 * dashed one (`partial period`) joins it to the partial buckets.
 */
function splitPartialLine(series: SeriesPoint[], data: number[]): { solid: (number | null)[]; dashed: (number | null)[] | null } {
  if (!series.some((p) => p.partial)) return { solid: data, dashed: null };
  const near = (i: number) => series[i]?.partial === true;
  return {
    solid: data.map((v, i) => (near(i) ? null : v)),
    dashed: data.map((v, i) => (near(i) || near(i - 1) || near(i + 1) ? v : null)),
  };
}

/** A series with rows: one dataset per key (the answer's order), stacked bars or lines. */
function stackedSeriesConfig(a: Answer, series: SeriesPoint[]): ChartConfiguration {
  const groupBy = a.query.groupBy;
  const id = (key: Record<string, string>) => JSON.stringify(groupBy.map((k) => key[k] ?? ''));
  const otherRow = a.rows.find((r) => r.other);
  const otherId = otherRow ? id(otherRow.key) : null;
  // Rank keys as the answer does; keys only present in the series follow by their own total.
  const totals = new Map<string, { key: Record<string, string>; cost: number }>();
  for (const p of series) for (const r of p.rows ?? []) {
    const t = totals.get(id(r.key)) ?? { key: r.key, cost: 0 };
    t.cost += Math.abs(finite(r.cost));
    totals.set(id(r.key), t);
  }
  const rank = new Map(a.rows.map((r, i) => [id(r.key), i]));
  const ordered = [...totals.entries()]
    .filter(([k]) => k !== otherId)
    .sort(([ka, va], [kb, vb]) => (rank.get(ka) ?? Infinity) - (rank.get(kb) ?? Infinity) || vb.cost - va.cost);
  const kept = ordered.slice(0, MAX_SERIES_DATASETS);
  const keptIds = new Set(kept.map(([k]) => k));
  const needOther = otherId !== null || ordered.length > kept.length;
  const asLines = series.length > LINE_THRESHOLD;

  // A partial bucket's point is marked on a line (its label says partial too).
  const radius = series.some((p) => p.partial) ? series.map((p) => (p.partial ? 4 : 0)) : 0;
  const datasets: ChartDataset[] = kept.map(([k, v], i) => {
    const color = CHART_PALETTE[i % CHART_PALETTE.length]!;
    const data = series.map((p) => finite(p.rows?.find((r) => id(r.key) === k)?.cost));
    return asLines
      ? ({ type: 'line', label: truncateLabel(keyLabel(v.key, groupBy)), data, borderColor: color, backgroundColor: color, pointRadius: radius, borderWidth: 2, tension: 0.2 } as ChartDataset)
      : ({ type: 'bar', label: truncateLabel(keyLabel(v.key, groupBy)), data, backgroundColor: pointColors(series, color) } as ChartDataset);
  });
  if (needOther) {
    const data = series.map((p) => (p.rows ?? []).filter((r) => !keptIds.has(id(r.key))).reduce((s, r) => s + finite(r.cost), 0));
    // The answer's fold row names itself `(N others)`; keys folded here beyond it are counted on.
    const extra = ordered.length - kept.length;
    const label = otherRow ? (extra > 0 ? `${keyLabel(otherRow.key, groupBy)} + ${extra} more` : keyLabel(otherRow.key, groupBy)) : `(${extra} others)`;
    const other = { label: truncateLabel(label), data, borderColor: OTHER_COLOR, backgroundColor: asLines ? OTHER_COLOR : pointColors(series, OTHER_COLOR) };
    datasets.push((asLines ? { type: 'line', ...other, pointRadius: radius, borderWidth: 2, borderDash: [4, 3] } : { type: 'bar', ...other }) as ChartDataset);
  }
  if (!asLines && series.some((p) => p.partial)) datasets.push(partialLegend());
  return {
    type: asLines ? 'line' : 'bar',
    data: { labels: series.map((p) => pointLabel(p, a.query.granularity)), datasets },
    options: baseOptions(a, { horizontal: false, stacked: !asLines, legend: true, categoryTitle: '' }),
  } as ChartConfiguration;
}

/** A plain series: bars for a few points, a line (filled lightly) for many. */
function plainSeriesConfig(a: Answer, series: SeriesPoint[]): ChartConfiguration {
  const asLine = series.length > LINE_THRESHOLD;
  const data = series.map((p) => finite(p.cost));
  const partial = series.some((p) => p.partial);
  const datasets: ChartDataset[] = [];
  if (asLine) {
    const { solid, dashed } = splitPartialLine(series, data);
    datasets.push({ type: 'line', label: valueAxisTitle(a), data: solid, borderColor: CHART_PALETTE[0], backgroundColor: 'rgba(37, 99, 235, 0.12)', fill: 'origin', pointRadius: 0, borderWidth: 2, tension: 0.2 } as ChartDataset);
    if (dashed) datasets.push({ type: 'line', label: 'partial period', data: dashed, borderColor: CHART_PALETTE[0], backgroundColor: 'transparent', borderDash: [6, 4], pointRadius: 0, borderWidth: 2, tension: 0.2 } as ChartDataset);
  } else {
    datasets.push({ type: 'bar', label: valueAxisTitle(a), data, backgroundColor: pointColors(series, CHART_PALETTE[0]), borderRadius: 3, maxBarThickness: 48 } as ChartDataset);
    if (partial) datasets.push(partialLegend());
  }
  return {
    type: asLine ? 'line' : 'bar',
    data: { labels: series.map((p) => pointLabel(p, a.query.granularity)), datasets },
    options: baseOptions(a, { horizontal: false, stacked: false, legend: partial, categoryTitle: '' }),
  } as ChartConfiguration;
}

/**
 * The one chart description of an answer, as plain JSON (no functions), so the same
 * config is drawn in-process (PNG), by a QuickChart server (URL) and in the browser:
 * - a series whose points carry rows: stacked bars per key (lines beyond 20 points);
 * - a plain series: bars (a line beyond 20 points);
 * - a breakdown: one bar per row, horizontal when there are many or long labels, `other` grey.
 * A partial bucket (`partial: true`: the range or the data's freshness cuts it) is drawn
 * lighter (bars) or dashed (a plain line), its label ends in ` (partial)` and the legend says
 * so: it never reads as a drop.
 * Money tick labels need a callback, which each renderer adds (`moneyTickCallback`).
 * Returns null when there is nothing to draw: no rows and no series.
 */
export function chartConfigFor(answer: Answer): ChartConfiguration | null {
  const series = answer.series ?? [];
  if (series.length > 0) {
    return series.some((p) => (p.rows?.length ?? 0) > 0) ? stackedSeriesConfig(answer, series) : plainSeriesConfig(answer, series);
  }
  if (answer.rows.length > 0) return breakdownConfig(answer);
  return null;
}
