/**
 * Who may see what (jobs-and-approvals.md, "Who may see what"): the vocabulary of the
 * access policy. Platform-free: the Slack user-group lookup is a port (`GroupDirectory`).
 */
import type { FilterSpec } from '../../core/types.js';

/** Filters in the query language's shape (`team=nlp` → `{ team: { in: ['nlp'] } }`). */
export type ScopeFilters = Record<string, FilterSpec>;

/** One team's scope as a conjunction of filters; `text` is how people read it. */
export interface ScopeClause {
  text: string;
  filters: ScopeFilters;
  /** The teams whose scope this is. */
  teams: string[];
}

/**
 * What one person may see.
 * - `everything`: no access control, an administrator, finance, the trusted console or CLI,
 *   or a member of a team whose scope is `all`.
 * - `scoped`: the union of the clauses (empty: nothing at all).
 */
export type Viewer =
  | { kind: 'everything'; why: 'no-access-control' | 'admin' | 'finance' | 'operator' | 'team-scope-all' }
  | { kind: 'scoped'; teams: string[]; clauses: ScopeClause[] };

/** Slack user groups (`S…`) → their members' user ids (`usergroups.users.list`). */
export interface GroupDirectory {
  /** The members of a group; an empty list when the group is unknown or cannot be read. */
  members(groupId: string): Promise<string[]>;
}

/** Turns a scope text (`team=nlp env!=dev`) into filters, or says what is wrong with it. */
export type ScopeParser = (text: string) => { ok: true; filters: ScopeFilters } | { ok: false; message: string };

/** Maps a filter value to the form the data has (dimension aliases, case): for comparing values. */
export type CanonicalValue = (key: string, value: string) => string;

/** People by platform, as the configuration lists them. */
export interface PeopleLists {
  slack?: string[];
  teams?: string[];
}
