/**
 * What the `/budget` use cases and the approval flow depend on: ports only, so the same
 * use cases run from Slack, Teams, the console, the CLI and the scheduler.
 */
import type { FinopsConfig } from '../../config/index.js';
import type { StoreOps } from '../../store/index.js';
import type { AccessPolicy } from '../access/access-policy.js';
import type { ScopeParser } from '../access/types.js';
import type { NoticePlatform, Notifier } from '../conversation/types.js';
import type { Budget } from './budget-catalog.js';

/** The store operations the budget use cases use. */
export type BudgetStoreOps = Pick<
  StoreOps,
  | 'appendAudit'
  | 'listAudit'
  | 'upsertBudget'
  | 'listBudgets'
  | 'createOverride'
  | 'getOverride'
  | 'decideOverride'
  | 'addOverrideMessageRef'
  | 'expirePendingOverrides'
  | 'approvedOverrideTotal'
  | 'listOverrides'
>;

/** The store, with transactions (a decision and its audit record commit together). */
export interface BudgetStorePort extends BudgetStoreOps {
  transaction<T>(fn: (tx: BudgetStoreOps) => Promise<T>): Promise<T>;
}

/** What a budget's scope has cost in its current period, and where it is heading. */
export type Spend = { spent: string; forecast: string | null } | { error: string };

/** Spent and forecast for a budget's current period (the engine, in `engineSpend`). */
export interface SpendSource {
  spend(budget: Pick<Budget, 'scope' | 'period'>, now: number): Promise<Spend>;
}

/** The subset of a pino logger used here. */
export interface BudgetLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface BudgetDeps {
  config: Pick<FinopsConfig, 'budgets' | 'currency' | 'timezone' | 'teams'>;
  store: BudgetStorePort;
  policy: AccessPolicy;
  /** Checks `/budget set` scopes with the query language (see `scopeParser`). */
  parseScope: ScopeParser;
  /** Where approval requests and decisions are posted; a platform without one is skipped. */
  notifiers?: Partial<Record<NoticePlatform, Notifier>>;
  /** Spent and forecast for `/budget`; without it those columns say "unknown". */
  spend?: SpendSource;
  logger?: BudgetLogger;
}

/** Pending override requests expire after this many days. */
export const OVERRIDE_TTL_DAYS = 7;
export const OVERRIDE_TTL_MS = OVERRIDE_TTL_DAYS * 86_400_000;
