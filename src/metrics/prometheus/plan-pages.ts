/** Prometheus refuses a range query with more than 11,000 points per series. */
export const MAX_POINTS_PER_SERIES = 11_000;
/** Points per response we aim for (series × steps): a response stays around ten megabytes of JSON. */
export const POINT_BUDGET = 400_000;

/** Steps a range is read at: the finest that keeps a read under ~45,000 points per series. */
const STEPS = [60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];

/**
 * The step for a range: at least `wanted` (and one minute), coarser for long ranges so one
 * series is at most ~45,000 points (four pages): 60 s up to a month, 120 s up to two…
 */
export function stepFor(rangeMs: number, wanted: number): number {
  const floor = Math.max(wanted, rangeMs / (4 * 11_000));
  return STEPS.find((s) => s >= floor) ?? Math.ceil(floor / 3_600_000) * 3_600_000;
}

/** One request's cells: `count` cells of `step` from `start` (cell starts, epoch ms). */
export interface Page {
  start: number;
  count: number;
}

/**
 * Cells of the range aligned to multiples of the step since the epoch (stable from one run
 * to the next), cut into pages of at most `maxCells` (never over Prometheus' limit).
 */
export function planPages(range: { start: number; end: number }, step: number, maxCells: number): Page[] {
  const first = Math.ceil(range.start / step) * step;
  const total = Math.max(0, Math.ceil((range.end - first) / step));
  const per = Math.max(1, Math.min(MAX_POINTS_PER_SERIES - 1, Math.floor(maxCells)));
  const pages: Page[] = [];
  for (let i = 0; i < total; i += per) pages.push({ start: first + i * step, count: Math.min(per, total - i) });
  return pages;
}

/** Cells per page for `series` series within the point budget (at least an hour's worth at one-minute steps). */
export function cellsFor(series: number): number {
  return Math.max(60, Math.min(MAX_POINTS_PER_SERIES - 1, Math.floor(POINT_BUDGET / Math.max(1, series))));
}
