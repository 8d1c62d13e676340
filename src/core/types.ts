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
}

export interface AnswerRow {
  key: Record<string, string>;
  cost: number;
  share: number;
  /** True on the row that folds the groups beyond `top`. */
  other?: boolean;
}

export interface SeriesPoint {
  start: DateString;
  cost: number;
  rows?: { key: Record<string, string>; cost: number }[];
}

export interface Forecast {
  /** Projected total for [range.start, end) at the current run rate. */
  total: number;
  range: DateRange;
  actual: number;
  dailyRunRate: number;
  method: 'run-rate';
}

export interface UnallocatedInfo {
  dimension: string;
  cost: number;
  share: number;
  /** The unallocated resources with the largest cost, largest first. */
  resources: { resource: string; cost: number }[];
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
  freshness: string | null;
  notes: string[];
  stats: AnswerStats;
}
