/**
 * The sample data of the embedded default: daily FOCUS records of the fictional Acme ML
 * (org.ts, fleet.ts), generated in memory at start-up. Determinism: every record of a day
 * comes from PRNGs seeded by (day, resource), so a past day is identical whatever `today`
 * is; the only exception is the recent spike (fleet-ml.ts), placed relative to `today`.
 */
import type { CostRecord } from '../../core/types.js';
import { usageRecord } from './build-record.js';
import { billingRows, emptyTotals } from './billing-rows.js';
import { dayInfo, firstOfMonthBefore, formatDate, parseDate } from './calendar.js';
import { fleetFor } from './fleet.js';
import { formatMicros } from './micros.js';
import type { RecordMoney, UsageRow } from './build-record.js';

export interface SampleOptions {
  /** The run date `YYYY-MM-DD` (UTC); the data ends yesterday. */
  today: string;
  /** Months of history before the current month (default 14): data starts on the 1st of that month. */
  months?: number;
}

export interface SampleStats {
  /** First day with data (inclusive). */
  start: string;
  /** `today`: the exclusive end (the last day with data is yesterday). */
  end: string;
  days: number;
  records: number;
  billedCost: string;
  effectiveCost: string;
  listCost: string;
}

export const DEFAULT_SAMPLE_MONTHS = 14;
const MAX_MONTHS = 120;

/** Checks the options and returns [first day, today] as epoch days. */
function sampleRange(opts: SampleOptions): [number, number] {
  const today = parseDate(opts.today);
  if (today === null) throw new RangeError(`generateSample: today must be a date YYYY-MM-DD, got ${JSON.stringify(opts.today)}`);
  const months = opts.months ?? DEFAULT_SAMPLE_MONTHS;
  if (!Number.isInteger(months) || months < 0 || months > MAX_MONTHS) {
    throw new RangeError(`generateSample: months must be an integer from 0 to ${MAX_MONTHS}, got ${months}`);
  }
  return [firstOfMonthBefore(today, months), today];
}

/**
 * Generates the sample records, oldest day first, calling `onRecord` for each: daily charge
 * periods from the 1st of the month `months` before `today` through yesterday.
 * 1. Each fleet source emits the day's usage rows (priced by build-record.ts).
 * 2. The day's totals give the Savings Plan fee, support, tax and (on the 1st) the credit.
 * @throws RangeError on a malformed `today` or `months`.
 */
export function generateSample(opts: SampleOptions, onRecord: (r: CostRecord) => void): SampleStats {
  const [first, today] = sampleRange(opts);
  const sources = fleetFor(today);
  let records = 0;
  let billed = 0;
  let effective = 0;
  let list = 0;
  const money: RecordMoney = { list: 0, billed: 0, effective: 0 };
  const emit = (r: CostRecord, m: RecordMoney) => {
    records++;
    billed += m.billed;
    effective += m.effective;
    list += m.list;
    onRecord(r);
  };
  for (let e = first; e < today; e++) {
    const day = dayInfo(e);
    const totals = emptyTotals();
    const onRow = (row: UsageRow) => {
      const record = usageRecord(day, row, money);
      if (!record) return;
      if (row.product.provider === 'AWS') {
        totals.awsBilled += money.billed;
        totals.awsEffective += money.effective;
        if (row.pricing === 'Committed') totals.committedEffective += money.effective;
      } else {
        totals.gcpBilled += money.billed;
      }
      emit(record, money);
    };
    for (const source of sources) source.emit(day, onRow);
    billingRows(day, totals, emit);
  }
  return {
    start: formatDate(first),
    end: formatDate(today),
    days: Math.max(0, today - first),
    records,
    billedCost: formatMicros(billed),
    effectiveCost: formatMicros(effective),
    listCost: formatMicros(list),
  };
}

/** All sample records in an array (convenient for the in-memory store and tests). */
export function sampleRecords(opts: SampleOptions): CostRecord[] {
  const out: CostRecord[] = [];
  generateSample(opts, (r) => out.push(r));
  return out;
}
