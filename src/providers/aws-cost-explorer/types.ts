import type { GetCostAndUsageCommandInput } from '@aws-sdk/client-cost-explorer';
import type { CeDimension } from './ce-vocabulary.js';

/** The provider's configuration entry (`providers[]` in the configuration file). */
export interface CostExplorerConfig {
  type: 'aws-cost-explorer';
  region: string;
  /** A proxy or a local fake (`http://127.0.0.1:4599`); the real endpoint otherwise. */
  endpoint?: string;
  name?: string;
  /** Hard limit for one call, in ms (default 20 000). */
  timeoutMs?: number;
  /** Refuse a query that would need more GetCostAndUsage requests than this (default 40; $0.01 each). */
  maxRequests?: number;
}

/** A field Cost Explorer can group by: one exact tag key spelling, or a dimension. */
export type Field = { kind: 'tag'; key: string } | { kind: 'dim'; key: CeDimension };

/**
 * One step of a key's allocation, in order: a tag spelling (resolves when the tag has a
 * value), the account map (resolves when the account is mapped), and the final step
 * (rules over Cost Explorer dimensions, or nothing: the unallocated label).
 */
export type ChainStep =
  | { kind: 'tag'; field: Field & { kind: 'tag' } }
  | { kind: 'account'; mapped: string[] }
  | { kind: 'final'; fields: Field[] };

/** How Cost Explorer can compute one query key: its steps, first resolving step wins. */
export interface KeyChain {
  key: string;
  steps: ChainStep[];
}

/** What was learned about the period before compiling (all cached). */
export interface Discovery {
  /** Every tag key present in the period (`GetTags` without `TagKey`), exact spellings. */
  tagKeys: string[];
  /** Tag key spelling → its values in the period. */
  tagValues: Record<string, string[]>;
  /** Dimension → its values in the period. */
  dimensionValues: Partial<Record<CeDimension, string[]>>;
}

/** What `compileRequest` needs discovered, given the tag keys present. */
export interface DiscoveryNeeds {
  tagValuesOf: string[];
  dimensions: CeDimension[];
}

/** Which groups of a response a request keeps for one key (others are another request's). */
export interface KeepRule {
  key: string;
  /** The steps this request covers for the key. */
  steps: ChainStep[];
  /** True when the key's last step is among them: every group is kept. */
  last: boolean;
}

/** One GetCostAndUsage request of a compiled query, and how to read its groups back. */
export interface CompiledRequest {
  /** Why this request exists (`direct`, `shared:support`), for logs and tests. */
  purpose: string;
  input: GetCostAndUsageCommandInput & { Granularity: 'DAILY' | 'MONTHLY' };
  groupBy: Field[];
  keep: KeepRule[];
}

export interface CompiledPlan {
  requests: CompiledRequest[];
  /** What the answer should say about approximations. */
  notes: string[];
}
