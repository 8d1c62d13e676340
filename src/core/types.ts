/**
 * Core vocabulary shared by the query language, the allocation layer and the answer
 * engine. Everything in `src/core/` is pure: no I/O, no clock (the clock is passed in).
 */

/** A calendar date `YYYY-MM-DD` in the configured time zone. */
export type DateString = string;

/** A half-open range of calendar dates: `start` inclusive, `end` exclusive. */
export interface DateRange {
  start: DateString;
  end: DateString;
}

export const METRICS = ['effective', 'billed', 'list'] as const;
export type Metric = (typeof METRICS)[number];

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export type WeekStart = 'monday' | 'sunday';

/** A filter on one key: keep costs whose value is in `in` and not in `notIn`. */
export interface FilterSpec {
  in?: string[];
  notIn?: string[];
}

/** The parsed query, exactly as printed by `finops-bot parse --json`. */
export interface ParsedQuery {
  text: string;
  range: DateRange;
  /** Filter keys are dimension keys (`team`, `workload`, `service`…) or `tag:<tagkey>`. */
  filters: Record<string, FilterSpec>;
  groupBy: string[];
  granularity: Granularity | null;
  top: number | null;
  compare: DateRange | null;
  /**
   * When the query asks no comparison: the range `vs previous` would compare it with, like
   * for like (query-language.md, Comparisons), for a "compare" button. Absent otherwise.
   */
  previous?: DateRange;
  forecast: boolean;
  metric: Metric;
  public: boolean;
  notes: string[];
  /** The message shown to the user when the query is rejected; null otherwise. */
  error: string | null;
  /**
   * With an error: the closest things the bot does know, as queries or fragments the user
   * can click or type (`team=nlp`, `last week`, `model=llama-70b`). Empty or absent otherwise.
   */
  suggestions?: string[];
}

/**
 * One cost record in FOCUS vocabulary, as a provider hands it to the allocation layer.
 * Money is kept as the exact decimal text of the source (never a float) so sums are exact.
 */
export interface CostRecord {
  /** Epoch milliseconds (UTC instant). */
  chargePeriodStart: number;
  chargePeriodEnd: number;
  billedCost: string;
  effectiveCost: string;
  listCost: string;
  currency: string;
  provider: string;
  subAccountId: string;
  subAccountName: string;
  serviceName: string;
  serviceCategory: string;
  skuId: string;
  chargeDescription: string;
  resourceId: string;
  resourceName: string;
  resourceType: string;
  regionId: string;
  chargeCategory: string;
  pricingCategory: string;
  consumedQuantity: string;
  consumedUnit: string;
  /** Tag/label key → value, keys as they appear in the source (untrimmed). */
  tags: Record<string, string>;
}

/** A row that could not be read, reported (never silently dropped). */
export interface RejectedRow {
  source: string;
  line: number;
  reason: string;
}

export type FocusColumnName =
  | 'ProviderName'
  | 'SubAccountId'
  | 'SubAccountName'
  | 'ServiceName'
  | 'ServiceCategory'
  | 'SkuId'
  | 'ChargeDescription'
  | 'ResourceId'
  | 'ResourceName'
  | 'ResourceType'
  | 'RegionId'
  | 'ChargeCategory'
  | 'PricingCategory'
  | 'BillingCurrency'
  | 'ConsumedUnit';

/** `when` matcher: AND across columns, OR within a list, `*` wildcards, case-insensitive. */
export type Matcher = Partial<Record<string, string | string[]>>;

export interface Rule {
  when: Matcher;
  value: string;
}

export interface DimensionDefinition {
  tags: string[];
  accounts: Record<string, string>;
  rules: Rule[];
  aliases: Record<string, string>;
}

export type SharedSplit = 'proportional' | 'even' | 'none';

export interface SharedRule {
  name: string;
  when: Matcher;
  split: SharedSplit;
}

/** What the allocation layer needs from the configuration. */
export interface AllocationConfig {
  /** Configured dimensions plus the built-in `workload` and `accelerator`, in order. */
  dimensions: Record<string, DimensionDefinition>;
  shared: SharedRule[];
  unallocated: string;
}

/** What the query parser needs to know besides the text. */
export interface QueryContext {
  /** The current instant (epoch ms); the parser never reads the clock. */
  now: number;
  timezone: string;
  weekStart: WeekStart;
  /** A time expression of the query language used when the query names none. */
  defaultRange: string;
  defaultMetric: Metric;
  /** Dimension keys in order: configured ones, then workload, accelerator, then FOCUS keys. */
  dimensionKeys: string[];
  /** Known values of each dimension (from the data), for bare-word matching. */
  knownValues: Record<string, string[]>;
  /**
   * The month (1–12) a fiscal year starts in, for `this fiscal year`, `FY2026`, `fiscal Q1`.
   * Default 1 (fiscal years are calendar years). A fiscal year is named after the calendar
   * year it ends in: with April, FY2026 is 2025-04-01 .. 2026-04-01.
   */
  fiscalYearStart?: number;
  /**
   * The label of costs no rule could allocate (`(untagged)`), a value of every allocation
   * dimension; left out of `knownValues`, but suggested for a word that names it.
   */
  unallocatedLabel?: string;
}

export interface AnswerRow {
  /**
   * The group's value in each grouped dimension. An empty value reads `(none)`; the row that
   * folds the groups beyond `top` reads `(N others)` (see `FOLD_LABEL` in the engine).
   */
  key: Record<string, string>;
  cost: number;
  share: number;
  /** True on the row that folds the groups beyond `top`. */
  other?: boolean;
  /** With a comparison: the same group's cost over the comparison range. */
  previous?: number;
  /** With a comparison: (cost − previous) / |previous|, rounded to 4 places; null when previous is 0. */
  change?: number | null;
  /** With `forecast`: the group's projected total for the forecast's range. */
  forecast?: number;
  /** With a grouping by `resource`: the resource's name, when the data has one. */
  resourceName?: string;
}

export interface SeriesPoint {
  start: DateString;
  cost: number;
  rows?: { key: Record<string, string>; cost: number }[];
  /**
   * True when the bucket does not cover its whole calendar day, week or month (the range
   * starts or ends inside it, or the data stops inside it): its cost is not comparable with
   * a whole bucket's. Absent on whole buckets.
   */
  partial?: boolean;
  /** On a partial bucket: the days it covers. */
  days?: number;
}

export interface Forecast {
  /** Projected total for [range.start, end) at the current run rate. */
  total: number;
  range: DateRange;
  /** The cost from range.start up to the data's freshness. */
  actual: number;
  dailyRunRate: number;
  method: 'run-rate';
  /** The days the run rate is taken from (complete days of data, end exclusive). */
  window?: DateRange;
  /** The method in words (which days, which statistic), for people. */
  description?: string;
}

export interface UnallocatedInfo {
  dimension: string;
  cost: number;
  share: number;
  /** The unallocated resources with the largest cost, largest first (`name` when the data has one). */
  resources: { resource: string; cost: number; name?: string }[];
}

/** A shared-cost pool spread into the answer's figures (allocation.md). */
export interface SharedSpread {
  /** The shared rule's name. */
  name: string;
  split: 'proportional' | 'even';
  /** The part of the pool carried by the answer's total. */
  cost: number;
}

export interface AnswerStats {
  providerCalls: Record<string, number>;
  cacheHits: number;
  ms: number;
  rowsScanned?: number;
  bytesScanned?: Record<string, number>;
}

/** The answer every surface renders (`answer.md`). Money in major units, rounded to cents. */
export interface Answer {
  query: ParsedQuery;
  range: DateRange;
  metric: Metric;
  currency: string;
  total: number;
  rows: AnswerRow[];
  compare?: { range: DateRange; total: number; change: number | null };
  series?: SeriesPoint[];
  forecast: Forecast | null;
  unallocated: UnallocatedInfo | null;
  /** Shared pools spread into this answer's figures; absent when none was. */
  shared?: SharedSpread[];
  freshness: string | null;
  notes: string[];
  stats: AnswerStats;
}
