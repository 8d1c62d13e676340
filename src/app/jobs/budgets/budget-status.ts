/**
 * Where every budget in force stands at a slot — shared by the budgets job and the
 * digest. Budgets whose scope is one `key=value` are read together, one grouped daily
 * question per key and period start (`by team daily 2026-11-01 to 2026-11-26`), so the
 * provider requests do not grow with the number of budgets.
 */
import { addDays } from '../../../core/dates.js';
import { budgetStanding, highestCrossed, type BudgetStanding } from '../../../core/jobs/budget-math.js';
import { budgetPeriod, effectiveAmount, listBudgetsInForce, type Budget } from '../../budgets/budget-catalog.js';
import { centsOf } from '../../budgets/decimal-text.js';
import { dailyByValue, dailyTotals, daysText, type CostReader } from '../cost-reader.js';
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

/** Day → cents of one scope from a grouped daily answer (values match case-insensitively, like filters). */
function pick(byValue: Map<string, Map<string, bigint>>, value: string): Map<string, bigint> {
  const v = value.toLowerCase();
  const out = new Map<string, bigint>();
  for (const [k, days] of byValue) {
    if (k.toLowerCase() !== v) continue;
    for (const [d, c] of days) out.set(d, (out.get(d) ?? 0n) + c);
  }
  return out;
}

/** Daily cents of `scope` over [from, today], sharing one grouped question per key and range. */
export async function scopeDaily(costs: CostReader, scope: string | null, from: string, today: string): Promise<Map<string, bigint>> {
  const range = daysText(from, today);
  if (scope === null) return dailyTotals(await costs.ask(`daily ${range}`));
  const simple = costs.simpleScope(scope);
  if (simple === null) return dailyTotals(await costs.ask(`${scope} daily ${range}`));
  return pick(dailyByValue(await costs.ask(`by ${simple.key} daily ${range}`), simple.key), simple.value);
}

/** Every budget in force and where it stands on the slot's day. */
export async function budgetStatuses(ctx: Pick<JobContext, 'config' | 'costs' | 'store' | 'today'>): Promise<BudgetStatus[]> {
  const budgets = await listBudgetsInForce(ctx.config, ctx.store);
  const out: BudgetStatus[] = [];
  for (const budget of budgets) {
    const period = budgetPeriod(budget.period, ctx.today);
    const from = [period.start, addDays(ctx.today, -7)].sort()[0]!;
    const daily = await scopeDaily(ctx.costs, budget.scope, from, ctx.today);
    const amount = await effectiveAmount(ctx.store, budget, period.start);
    const amountCents = centsOf(amount);
    const standing = budgetStanding(daily, period, ctx.today, amountCents);
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
