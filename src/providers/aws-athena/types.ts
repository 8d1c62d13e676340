import type { CostRecord } from '../../core/types.js';

/** The `providers[]` entry of type `aws-athena` (config.ts, README.md). */
export interface AthenaProviderConfig {
  type: 'aws-athena';
  name?: string;
  region: string;
  /** Glue database and table of the FOCUS 1.0 Data Export. */
  database: string;
  table: string;
  /** Athena workgroup the queries run in (and are billed to); default `primary`. */
  workgroup?: string;
  /** `s3://…` for query results; optional when the workgroup has its own. */
  outputLocation?: string;
  /** Data catalog; default `AwsDataCatalog`. */
  catalog?: string;
  /** Whether the table has the export's `billing_period` partitions (default true). */
  partitioned?: boolean;
  /** API endpoint for tests (`http://127.0.0.1:…`). */
  endpoint?: string;
  /** Deadline for one query, start to last page (default 60 s). */
  timeoutMs?: number;
  /** IANA zone whose calendar days records are grouped by (the bot's `timezone`); default UTC. */
  timezone?: string;
}

/** What the SQL compiler knows about the table. */
export interface TableInfo {
  database: string;
  table: string;
  /** `"database"."table"`, quoted for SQL text. */
  quoted: string;
  partitioned: boolean;
  /** IANA zone of the day grain. */
  timezone: string;
}

/**
 * A compiled query: SQL text whose only user-supplied values are `?` placeholders in
 * WHERE clauses, and `params`, the SQL literal text Athena substitutes for each, in order.
 */
export interface CompiledQuery {
  sql: string;
  params: string[];
}

/** A compiled fetch: the query plus how to turn its rows back into cost records. */
export interface CompiledFetch extends CompiledQuery {
  /** FOCUS columns selected (lower-case Athena names), in output order. */
  columns: string[];
  /** Normalised tag keys; output column `tag_<i>` holds the value of `tagKeys[i]`. */
  tagKeys: string[];
  /** Whether the query reads `listcost`. */
  listColumn: boolean;
  timezone: string;
}

/** One decoded result row: output column name → text, or null for SQL NULL. */
export type ResultRow = Record<string, string | null>;

/** Record fields the fetch query fills from a column of the same meaning. */
export type ColumnField = Exclude<keyof CostRecord, 'chargePeriodStart' | 'chargePeriodEnd' | 'billedCost' | 'effectiveCost' | 'listCost' | 'tags' | 'consumedQuantity'>;
