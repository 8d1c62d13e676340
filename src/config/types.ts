import type * as z from 'zod';
import type { configSchema } from './schema.js';

/** The validated configuration, every default filled in. */
export type FinopsConfig = z.output<typeof configSchema>;
export type ProviderConfig = FinopsConfig['providers'][number];
export type ProviderType = ProviderConfig['type'];
export type DimensionConfig = FinopsConfig['dimensions'][string];
export type SharedConfig = FinopsConfig['shared'][number];
export type TeamConfig = FinopsConfig['teams'][string];
export type BudgetConfig = FinopsConfig['budgets'][number];
export type JobName = keyof FinopsConfig['schedules'];
/** A job's schedule; null when the file turns the job off (`digest: false`). */
export type ScheduleConfig = FinopsConfig['schedules'][JobName];
export type ChartsConfig = FinopsConfig['charts'];

/** Checks the lead's query language applies to config values; each returns an error message or null. */
export interface ConfigValidators {
  /** `defaultRange`: a time expression of the query language. */
  validateTimeExpression?: (expression: string) => string | null;
  /** `budgets[].scope`: a filter in the query language. */
  validateScope?: (filter: string) => string | null;
}

export interface LoadedConfig {
  config: FinopsConfig;
  /** The absolute path of the file read, or null when no file was found (all defaults). */
  source: string | null;
  /** The top-level keys the file sets, e.g. to tell "no dimensions key" from "dimensions: {}". */
  specifiedKeys: string[];
}
