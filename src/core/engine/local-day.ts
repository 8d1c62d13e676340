import { dayNumber, fromDayNumber } from '../dates.js';

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timezone, f);
  }
  return f;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export const dayNumberOf = dayNumber;

/** The `YYYY-MM-DD` date of a day number. */
export const dateOfDayNumber = fromDayNumber;

/**
 * Maps instants to local day numbers in one time zone. Zone offsets change at most on
 * the hour in practice (every zone in use today), so the answer is memoised per UTC hour.
 */
export function localDayMapper(timezone: string): (ms: number) => number {
  if (timezone === 'UTC' || timezone === 'Etc/UTC') return (ms) => Math.floor(ms / MS_PER_DAY);
  const cache = new Map<number, number>();
  const fmt = formatter(timezone);
  return (ms) => {
    const hour = Math.floor(ms / MS_PER_HOUR);
    let day = cache.get(hour);
    if (day === undefined) {
      day = dayNumberOf(fmt.format(new Date(ms)));
      cache.set(hour, day);
    }
    return day;
  };
}
