/**
 * Time against data: the last complete day of data (its freshness) and ranges cut there, the
 * comparison range cut the same way, so a day without data yet is never counted as a drop
 * nor compared with a day that has data (query-language.md, Comparisons).
 */
import { addDays, daysBetween, fromDayNumber, zonedMidnightToInstant } from '../dates.js';
import { sameDaysFrom } from '../query/compare-range.js';
import type { DateRange, DateString } from '../types.js';
import { localDayMapper } from './local-day.js';
import { QueryRefusal } from './query-refusal.js';

const MS_PER_DAY = 86_400_000;

/**
 * The first day (in `timezone`) without complete data, given the latest charge-period end of
 * the data (epoch ms): the day after the last complete day. A day counts as complete when
 * the data reaches its end, less the zone's lag behind UTC: billing days are UTC days, so
 * in New York a day's data ends at 19:00 local (an hourly export that stops at 10:00 leaves
 * its day incomplete in every zone).
 */
export function dataEndDay(maxEnd: number, timezone: string): DateString {
  const key = `${maxEnd}\u0000${timezone}`;
  let day = dataEnds.get(key);
  if (day === undefined) {
    if (dataEnds.size > 64) dataEnds.clear();
    dataEnds.set(key, (day = computeDataEndDay(maxEnd, timezone)));
  }
  return day;
}

// Asked once or twice per answer with the same freshness: the zone arithmetic is not free.
const dataEnds = new Map<string, DateString>();

function computeDataEndDay(maxEnd: number, timezone: string): DateString {
  const toDay = localDayMapper(timezone);
  const day = fromDayNumber(toDay(maxEnd - 1));
  const next = addDays(day, 1);
  const nextMidnight = zonedMidnightToInstant(next, timezone);
  const lag = Math.max(0, Math.min(MS_PER_DAY / 2, nextMidnight - Date.parse(`${next}T00:00:00Z`)));
  return maxEnd >= nextMidnight - lag ? next : day;
}

/** The range and comparison an answer covers, and the notes that say what was cut. */
export interface FittedRanges {
  range: DateRange;
  compare: DateRange | null;
  notes: string[];
}

function lastDay(r: DateRange): DateString {
  return addDays(r.end, -1);
}

function span(r: DateRange): string {
  return r.start === lastDay(r) ? r.start : `${r.start} to ${lastDay(r)}`;
}

/** True when the comparison was built like for like with the range (same length, or the same days of a month). */
function aligned(range: DateRange, compare: DateRange): boolean {
  return daysBetween(range.start, range.end) === daysBetween(compare.start, compare.end) || range.start.slice(8) === compare.start.slice(8);
}

/**
 * Cuts the range at `dataEnd` (the first day without complete data) with a note; the
 * comparison keeps the same days as the cut range (or is cut itself when it reaches past the
 * data). A range that starts on or after `dataEnd` is refused: there is nothing to answer yet.
 */
export function fitToData(range: DateRange, compare: DateRange | null, dataEnd: DateString, today: DateString): FittedRanges {
  const notes: string[] = [];
  const last = addDays(dataEnd, -1);
  if (range.start >= dataEnd) {
    const suggestions = [last === addDays(today, -1) ? 'yesterday' : last, 'last 7 days', 'last month'];
    throw new QueryRefusal(
      `no cost data yet for ${span(range)}: the data is complete to ${last} (providers publish a day's costs after it ends) — ask about ${suggestions[0]}, the last 7 days or last month`,
      suggestions,
    );
  }
  let fittedRange = range;
  let fittedCompare = compare;
  if (range.end > dataEnd) {
    fittedRange = { start: range.start, end: dataEnd };
    const missing = daysBetween(dataEnd, range.end);
    notes.push(`The data is complete to ${last}, so this covers ${span(fittedRange)} (${missing} day${missing === 1 ? '' : 's'} of the range ${missing === 1 ? 'has' : 'have'} no cost data yet).`);
    if (compare && aligned(range, compare)) {
      fittedCompare = sameDaysFrom(fittedRange, compare.start, compare.end);
      notes.push(`It is compared with the same days, ${span(fittedCompare)}.`);
    }
  }
  if (fittedCompare && fittedCompare.end > dataEnd) {
    if (fittedCompare.start >= dataEnd) {
      throw new QueryRefusal(`no cost data yet for the comparison period ${span(fittedCompare)}: the data is complete to ${last} — compare with an earlier period, e.g. vs previous`, ['vs previous']);
    }
    fittedCompare = { start: fittedCompare.start, end: dataEnd };
    notes.push(`The comparison is cut at the data's freshness too: ${span(fittedCompare)}.`);
  }
  return { range: fittedRange, compare: fittedCompare, notes };
}
