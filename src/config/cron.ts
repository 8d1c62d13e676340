/** The fields of a cron expression, each the sorted list of values it allows. */
export interface CronFields {
  second: number[];
  minute: number[];
  hour: number[];
  dayOfMonth: number[];
  month: number[];
  /** 0 = Sunday … 6 = Saturday (7 is read as Sunday). */
  dayOfWeek: number[];
  /** False when the day-of-month field is `*`/`?` (cron ORs the two day fields when both are restricted). */
  dayOfMonthRestricted: boolean;
  dayOfWeekRestricted: boolean;
}

export type CronResult = { ok: true; fields: CronFields } | { ok: false; error: string };

interface FieldSpec {
  name: keyof Omit<CronFields, 'dayOfMonthRestricted' | 'dayOfWeekRestricted'>;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const SECOND: FieldSpec = { name: 'second', min: 0, max: 59 };
const FIVE: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'dayOfMonth', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'dayOfWeek', min: 0, max: 7, names: DAYS },
];

const EXAMPLE = 'e.g. "0 9 * * 1-5" (minute hour day-of-month month day-of-week, optionally seconds first)';

/**
 * Parses a 5-field (`m h dom mon dow`) or 6-field (seconds first) cron expression:
 * `*`, numbers, `a-b` ranges, `/step`, comma lists, month and weekday names. Macros
 * such as `@daily` are not accepted, so every schedule reads the same way.
 */
export function parseCron(expression: string): CronResult {
  const parts = expression.trim().split(/\s+/).filter((p) => p !== '');
  if (parts.length !== 5 && parts.length !== 6) {
    return { ok: false, error: `expected 5 or 6 space-separated fields, got ${parts.length}; ${EXAMPLE}` };
  }
  const specs = parts.length === 6 ? [SECOND, ...FIVE] : FIVE;
  const fields: CronFields = {
    second: [0],
    minute: [],
    hour: [],
    dayOfMonth: [],
    month: [],
    dayOfWeek: [],
    dayOfMonthRestricted: false,
    dayOfWeekRestricted: false,
  };
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i];
    const values = parseField(parts[i], spec);
    if (typeof values === 'string') return { ok: false, error: `${spec.name} field "${parts[i]}": ${values}` };
    fields[spec.name] = values;
  }
  fields.dayOfWeek = [...new Set(fields.dayOfWeek.map((d) => d % 7))].sort((a, b) => a - b);
  const dom = parts[parts.length - 3];
  const dow = parts[parts.length - 1];
  fields.dayOfMonthRestricted = dom !== '*' && dom !== '?';
  fields.dayOfWeekRestricted = dow !== '*' && dow !== '?';
  return { ok: true, fields };
}

/** An error message for a bad cron expression, or null when it is valid. */
export function validateCron(expression: string): string | null {
  const result = parseCron(expression);
  return result.ok ? null : result.error;
}

function parseField(text: string, spec: FieldSpec): number[] | string {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const range = parseItem(item, spec);
    if (typeof range === 'string') return range;
    for (const v of range) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

function parseItem(item: string, spec: FieldSpec): number[] | string {
  const [rangeText, stepText, extra] = item.split('/');
  if (extra !== undefined || rangeText === '') return `"${item}" is not a value, range or step`;
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d{1,2}$/.test(stepText) || Number(stepText) === 0) return `step "${stepText}" must be a number from 1`;
    step = Number(stepText);
  }
  let from: number;
  let to: number;
  if (rangeText === '*' || rangeText === '?') {
    if (rangeText === '?' && spec.name !== 'dayOfMonth' && spec.name !== 'dayOfWeek') return '"?" is only allowed in the day fields';
    from = spec.min;
    to = spec.name === 'dayOfWeek' ? 6 : spec.max;
  } else {
    const bounds = rangeText.split('-');
    if (bounds.length > 2) return `"${rangeText}" is not a range`;
    const a = parseValue(bounds[0], spec);
    if (typeof a === 'string') return a;
    from = a;
    if (bounds.length === 2) {
      const b = parseValue(bounds[1], spec);
      if (typeof b === 'string') return b;
      if (b < a) return `range ${rangeText} runs backwards`;
      to = b;
    } else {
      // `5/15` means "from 5 to the end, every 15".
      to = stepText !== undefined ? spec.max : a;
    }
  }
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

function parseValue(text: string, spec: FieldSpec): number | string {
  const named = spec.names?.indexOf(text.toLowerCase() as never) ?? -1;
  if (named >= 0) return spec.name === 'month' ? named + 1 : named;
  if (!/^\d{1,2}$/.test(text)) return `"${text}" is not a number${spec.names ? ' or a name' : ''}`;
  const n = Number(text);
  if (n < spec.min || n > spec.max) return `${n} is outside ${spec.min}-${spec.max}`;
  return n;
}
