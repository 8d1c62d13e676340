/**
 * The end of a push-down provider's day record: the latest charge-period end of its rows
 * (`lastEnd`, epoch seconds as the query returns it), so the data's freshness is what the rows
 * say — a day whose rows stop at 10:00 is not a complete day. The record stays dated on its
 * day: it starts at the local midnight and ends after it (a period of at most a day is dated
 * by its middle, a longer one by its start). Without `lastEnd`, the next midnight.
 */
export function periodEnd(lastEnd: string | null | undefined, start: number, nextMidnight: number): number {
  const seconds = lastEnd === null || lastEnd === undefined || lastEnd === '' ? NaN : Number(lastEnd);
  return Number.isFinite(seconds) ? Math.max(start, seconds * 1000) : nextMidnight;
}

/** The source's freshness (`FetchResult.dataEnd`, epoch ms) from the rows' `source_end` (epoch seconds), if any. */
export function sourceEnd(rows: readonly Record<string, string | null | undefined>[]): { dataEnd?: number } {
  let end = -Infinity;
  for (const row of rows) {
    const v = row.source_end;
    const ms = v === null || v === undefined || v === '' ? NaN : Number(v) * 1000;
    if (ms > end) end = ms;
  }
  return Number.isFinite(end) ? { dataEnd: end } : {};
}
