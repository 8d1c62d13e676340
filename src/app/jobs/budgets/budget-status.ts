/**
 * Where every budget in force stands at a slot — shared by the budgets job and the
 * digest. Budgets whose scope is one `key=value` share grouped questions (`by team
 * 2026-11-01 to 2026-11-26`: each budget's figure is its row), so the provider requests
 * do not grow with the number of budgets.
 */
import { addDays } from '../../../core/dates.js';
import { budgetStanding, highestCrossed, type BudgetStanding } from '../../../core/jobs/budget-math.js';
import { budgetPeriod, effectiveAmount, listBudgetsInForce, type Budget } from '../../budgets/budget-catalog.js';
import { centsOf } from '../../budgets/decimal-text.js';
import { scopeView } from '../scope-view.js';
import type { JobContext } from '../types.js';

export interface BudgetStatus extends BudgetStanding {
  budget: Budget;
  period: { start: string; end: string };
  /** The effective amount (base + approved overrides) as `50000.00`. */
  amount: string;
  amountCents: bigint;
  /** The highest threshold crossed, or null. */
  crossed: number | null;
  /** `forecast: true` and the run rate reaches the amount before the period ends (not yet spent). */
  forecastCrosses: boolean;
}

/** Every budget in force and where it stands on the slot's day (exact range answers). */
export async function budgetStatuses(ctx: Pick<JobContext, 'config' | 'costs' | 'store' | 'today'>): Promise<BudgetStatus[]> {
  const budgets = await listBudgetsInForce(ctx.config, ctx.store);
  const out: BudgetStatus[] = [];
  const today = ctx.today;
  const yesterday = addDays(today, -1);
  for (const budget of budgets) {
    const period = budgetPeriod(budget.period, today);
    const view = scopeView(ctx.costs, budget.scope);
    const spent = (await view.total(period.start, today)).cents;
    const before = period.start <= yesterday ? (await view.total(period.start, yesterday)).cents : 0n;
    const last7 = (await view.total(addDays(today, -7), yesterday)).cents;
    const amount = await effectiveAmount(ctx.store, budget, period.start);
    const amountCents = centsOf(amount);
    const daily = spent >= amountCents ? await view.daily(period.start, today) : undefined;
    const standing = budgetStanding({ spent, before, last7 }, period, today, amountCents, daily);
    out.push({
      ...standing,
      budget,
      period,
      amount,
      amountCents,
      crossed: highestCrossed(budget.thresholds, standing.spent, amountCents),
      forecastCrosses: budget.forecast && standing.spent < amountCents && standing.forecast >= amountCents,
    });
  }
  return out;
}
