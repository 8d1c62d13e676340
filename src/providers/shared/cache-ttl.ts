import type { DateRange } from '../../core/types.js';

/** Billing data refreshes a few times a day: a range that includes today is cached briefly. */
export const TTL_INCLUDES_TODAY_MS = 15 * 60_000;
/** A closed range still changes (late usage, credits, estimates settling), but slowly. */
export const TTL_CLOSED_RANGE_MS = 6 * 60 * 60_000;

/** The cache TTL for a request over `range` at `now`. */
export function cacheTtlMs(range: DateRange, now: number): number {
  const today = new Date(now).toISOString().slice(0, 10);
  // Up to two days back Cost Explorer and the billing export still revise the figures.
  const recent = new Date(now - 2 * 86_400_000).toISOString().slice(0, 10);
  if (range.end > today) return TTL_INCLUDES_TODAY_MS;
  if (range.end > recent) return TTL_INCLUDES_TODAY_MS * 4;
  return TTL_CLOSED_RANGE_MS;
}
