/** Budgets from chat, overrides approved by the right people, and their audit trail (README: "Budgets"). */
export { audit, budgetSubject, SYSTEM_ACTOR, type AuditAction, type RefusalReason } from './audit-trail.js';
export { amountText, budgetPeriod, effectiveAmount, findBudget, listBudgetsInForce, type Budget, type BudgetPeriodUnit } from './budget-catalog.js';
export { OVERRIDE_TTL_DAYS, type BudgetDeps, type BudgetStorePort, type SpendSource, type Spend } from './budget-deps.js';
export { budgetHistory } from './budget-history.js';
export { engineSpend } from './budget-spend.js';
export { decideOverride, type DecideInput, type DecideOutcome } from './decide-override.js';
export { expireOverrides } from './expire-overrides.js';
export { overrideActionHandlers } from './override-actions.js';
export { parseBudgetCommand, USAGE as BUDGET_USAGE, type BudgetCommand, type ParseBudgetResult } from './parse-budget-command.js';
export { requestOverride } from './request-override.js';
export { runBudgetCommand } from './run-budget-command.js';
export { setBudget } from './set-budget.js';
export { showBudgets, type BudgetStatus } from './show-budgets.js';
