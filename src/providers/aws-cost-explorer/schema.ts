import * as z from 'zod';

/** Cost Explorer amounts are decimal text (`"12.3456789012"`, `"-0.0000001"`, `"1.2E-7"`). */
const amount = z.string().regex(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, 'expected decimal text');
const metricValue = z.object({ Amount: amount, Unit: z.string().min(1) });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, 'expected YYYY-MM-DD');

/** One page of a GetCostAndUsage response, as this provider reads it. */
export const costAndUsagePageSchema = z.object({
  ResultsByTime: z
    .array(
      z.object({
        TimePeriod: z.object({ Start: date, End: date }),
        // With GroupBy, Total is usually `{}`: the groups carry the money.
        Total: z.record(z.string(), metricValue).optional(),
        Groups: z.array(z.object({ Keys: z.array(z.string()), Metrics: z.record(z.string(), metricValue) })).optional(),
        Estimated: z.boolean().optional(),
      }),
    )
    .optional()
    .default([]),
  NextPageToken: z.string().optional(),
});
export type CostAndUsagePage = z.infer<typeof costAndUsagePageSchema>;

export const tagsPageSchema = z.object({
  Tags: z.array(z.string()).optional().default([]),
  NextPageToken: z.string().optional(),
});

export const dimensionValuesPageSchema = z.object({
  DimensionValues: z.array(z.object({ Value: z.string() })).optional().default([]),
  NextPageToken: z.string().optional(),
});

export const forecastSchema = z.object({
  Total: metricValue,
  ForecastResultsByTime: z
    .array(z.object({ TimePeriod: z.object({ Start: date, End: date }), MeanValue: amount, PredictionIntervalLowerBound: amount.optional(), PredictionIntervalUpperBound: amount.optional() }))
    .optional()
    .default([]),
});
export type ForecastResponse = z.infer<typeof forecastSchema>;
