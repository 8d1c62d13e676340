import type { DateRange, Metric } from '../../core/types.js';
import type { ProviderContext } from '../types.js';
import { parsePayload, sendOnce, type CallEnv, type Tally } from './ce-calls.js';
import { utcDays } from './doctor.js';
import { forecastSchema } from './schema.js';
import { requestTally } from '../shared/request-tally.js';

/** GetCostForecast's metric names are UPPER_SNAKE, unlike GetCostAndUsage's. */
const FORECAST_METRIC: Record<Metric, 'NET_AMORTIZED_COST' | 'UNBLENDED_COST'> = {
  effective: 'NET_AMORTIZED_COST',
  billed: 'UNBLENDED_COST',
  list: 'UNBLENDED_COST',
};

/** Cost Explorer's forecast of the rest of a range, amounts as exact decimal text. */
export interface CeForecast {
  /** The forecast part of the range: from today (UTC) to the range's end. */
  range: DateRange;
  mean: string;
  lower?: string;
  upper?: string;
  currency: string;
  calls: number;
}

/**
 * Cost Explorer's own forecast (GetCostForecast) of the costs from today to `range.end`,
 * unfiltered (a filtered forecast must be exact, and tag filters only push supersets).
 * Returns null when nothing of the range is in the future. Not cached: one call.
 */
export async function costForecast(env: CallEnv, range: DateRange, metric: Metric, ctx: ProviderContext): Promise<CeForecast | null> {
  const { today } = utcDays(ctx.now);
  // The forecast period must start today or later.
  const start = range.start > today ? range.start : today;
  if (range.end <= start) return null;
  const tally: Tally = requestTally(ctx);
  const input = { TimePeriod: { Start: start, End: range.end }, Metric: FORECAST_METRIC[metric], Granularity: 'MONTHLY', PredictionIntervalLevel: 80 };
  const raw = parsePayload(env, 'GetCostForecast', forecastSchema, await sendOnce(env, 'GetCostForecast', input, ctx, tally));
  const lower = raw.ForecastResultsByTime.length === 1 ? raw.ForecastResultsByTime[0]!.PredictionIntervalLowerBound : undefined;
  const upper = raw.ForecastResultsByTime.length === 1 ? raw.ForecastResultsByTime[0]!.PredictionIntervalUpperBound : undefined;
  return { range: { start, end: range.end }, mean: raw.Total.Amount, ...(lower ? { lower } : {}), ...(upper ? { upper } : {}), currency: raw.Total.Unit, calls: tally.calls };
}
