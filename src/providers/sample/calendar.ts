/** UTC calendar arithmetic on "epoch days" (days since 1970-01-01), the unit of the sample data. */

export const MS_PER_DAY = 86_400_000;

/** Everything the generators need to know about one calendar day. */
export interface DayInfo {
  epochDay: number;
  /** `YYYY-MM-DD` */
  date: string;
  year: number;
  /** 1–12 */
  month: number;
  /** Day of month, 1–31. */
  dom: number;
  /** 0 = Sunday … 6 = Saturday. */
  dow: number;
  daysInMonth: number;
  weekend: boolean;
  startMs: number;
  endMs: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD` (a real calendar date) to an epoch day, or null when it is not one. */
export function parseDate(text: string): number | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / MS_PER_DAY;
}

/** `YYYY-MM-DD` of an epoch day. */
export function formatDate(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The epoch day of the 1st of the month `months` months before the month of `epochDay`. */
export function firstOfMonthBefore(epochDay: number, months: number): number {
  const d = new Date(epochDay * MS_PER_DAY);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1) / MS_PER_DAY;
}

/** Calendar facts about one epoch day. */
export function dayInfo(epochDay: number): DayInfo {
  const startMs = epochDay * MS_PER_DAY;
  const d = new Date(startMs);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const dow = d.getUTCDay();
  return {
    epochDay,
    date: d.toISOString().slice(0, 10),
    year,
    month,
    dom: d.getUTCDate(),
    dow,
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
    weekend: dow === 0 || dow === 6,
    startMs,
    endMs: startMs + MS_PER_DAY,
  };
}
