/**
 * The clock a question may bring (`now` on `POST /api/ask`, `--now` on the CLI) must be a
 * plausible present: calendars, ISO dates and day numbers are only exact for four-digit
 * years, and a bill is never older than the year 2000.
 */
export const NOW_MIN = '2000-01-01T00:00:00Z';
export const NOW_MAX = '2199-12-31T23:59:59Z';
const MIN_MS = Date.parse(NOW_MIN);
const MAX_MS = Date.parse(NOW_MAX);

/** Null when `ms` is a usable `now`, else what is wrong with it (for a 400 or a usage error). */
export function nowOutOfRange(ms: number): string | null {
  if (!Number.isFinite(ms)) return 'is not a time';
  if (ms < MIN_MS || ms > MAX_MS) return `must lie between ${NOW_MIN.slice(0, 10)} and ${NOW_MAX.slice(0, 10)}`;
  return null;
}
