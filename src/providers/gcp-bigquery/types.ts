import type { CostRecord } from '../../core/types.js';

/** The `providers[]` entry of type `gcp-bigquery` (see `config.md`). */
export interface BigQueryProviderConfig {
  type: 'gcp-bigquery';
  /** `project.dataset.table` (or `dataset.table` with `projectId`) of the billing export or a view of it. */
  table: string;
  /** BigQuery location of the dataset (`US`, `EU`, `europe-west1`…). */
  location?: string;
  /** Queries that would bill more bytes fail instead of running. */
  maxBytesBilled?: number;
  /** API root for emulators and tests (`http://127.0.0.1:9050`); the client appends `/bigquery/v2`. */
  endpoint?: string;
  /** The project that runs (and pays for) the query jobs; default: the table's project. */
  projectId?: string;
  name?: string;
  /**
   * `detailed` (resource-level export: adds resource.name / resource.global_name) or
   * `standard`. Default: detected from the table name (`gcp_billing_export_resource_v1_…`).
   */
  export?: ExportKind;
  /** IANA zone whose calendar days the records are grouped by (the bot's `timezone`); default UTC. */
  timezone?: string;
}

export type ExportKind = 'standard' | 'detailed';

/** A validated table reference. */
export interface TableRef {
  project: string;
  dataset: string;
  table: string;
  /** The backtick-quoted path for SQL text. */
  quoted: string;
}

/** BigQuery named-parameter types used by the compiled queries. */
export type ParamType = 'STRING' | 'TIMESTAMP' | 'STRING_ARRAY';

/** One named parameter, in the REST API's `queryParameters` shape. */
export interface QueryParameter {
  name: string;
  parameterType: { type: 'STRING' | 'TIMESTAMP' } | { type: 'ARRAY'; arrayType: { type: 'STRING' } };
  parameterValue: { value: string } | { arrayValues: { value: string }[] };
}

/** The source columns a fetch query can select, by output alias. */
export const SOURCE_COLUMNS = [
  'cost_type',
  'project_id',
  'project_name',
  'service',
  'sku_id',
  'sku',
  'region',
  'resource_name',
  'resource_global_name',
  'machine_spec',
  'usage_unit',
] as const;
export type SourceColumn = (typeof SOURCE_COLUMNS)[number];

/** A compiled query: SQL text with only `@name` placeholders, and the values apart. */
export interface CompiledQuery {
  sql: string;
  /** Parameter name → value (text, or a list of texts). */
  params: Record<string, string | string[]>;
  types: Record<string, ParamType>;
}

/** A compiled fetch: the query plus how to turn its rows back into cost records. */
export interface CompiledFetch extends CompiledQuery {
  /** Selected source columns, in output order. */
  columns: SourceColumn[];
  /** Normalised tag keys; output column `tag_<i>` holds the value of `tagKeys[i]`. */
  tagKeys: string[];
  /** Whether the query reads `cost_at_list`. */
  listColumn: boolean;
  timezone: string;
  /** Record fields the allocation needs but this export cannot provide (e.g. resource names in the standard export). */
  unavailable: (keyof CostRecord)[];
}

/** One decoded result row: output column name → text, or null for SQL NULL. */
export type ResultRow = Record<string, string | null>;
