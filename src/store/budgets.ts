import { decimalParam, iso, jsonParam, toDate } from './sql-values.js';
import { StoreError, type BudgetPeriod, type BudgetRow, type SqlExecutor } from './types.js';

export type BudgetInput = Omit<BudgetRow, 'updatedAt' | 'updatedBy'>;

/** Creates or replaces a budget set from chat (`/budget set`). */
export async function upsertBudget(db: SqlExecutor, budget: BudgetInput, by: string, now: Date): Promise<void> {
  if (!budget.thresholds.every((t) => Number.isFinite(t) && t > 0 && t <= 1000)) {
    throw new StoreError('invalid-argument', `Budget thresholds must be numbers between 1 and 1000, got ${JSON.stringify(budget.thresholds)}.`);
  }
  await db.query(
    `INSERT INTO budgets (name, scope, amount, currency, period, thresholds, team, forecast, updated_at, updated_by)
     VALUES ($1, $2, $3::numeric, $4, $5, $6::jsonb, $7, $8, $9::timestamptz, $10)
     ON CONFLICT (name) DO UPDATE SET scope = EXCLUDED.scope, amount = EXCLUDED.amount,
       currency = EXCLUDED.currency, period = EXCLUDED.period, thresholds = EXCLUDED.thresholds,
       team = EXCLUDED.team, forecast = EXCLUDED.forecast, updated_at = EXCLUDED.updated_at,
       updated_by = EXCLUDED.updated_by`,
    [
      budget.name,
      budget.scope,
      decimalParam(budget.amount, 'The budget amount'),
      budget.currency,
      budget.period,
      jsonParam(budget.thresholds),
      budget.team,
      budget.forecast,
      iso(now),
      by,
    ],
  );
}

interface BudgetDbRow {
  name: string;
  scope: string;
  amount: string;
  currency: string;
  period: BudgetPeriod;
  thresholds: number[];
  team: string | null;
  forecast: boolean;
  updated_at: Date;
  updated_by: string;
}

/** Every budget stored, by name. */
export async function listBudgets(db: SqlExecutor): Promise<BudgetRow[]> {
  const result = await db.query<BudgetDbRow>(
    `SELECT name, scope, amount::text AS amount, currency, period, thresholds, team, forecast, updated_at, updated_by
     FROM budgets ORDER BY name`,
  );
  return result.rows.map((row) => ({
    name: row.name,
    scope: row.scope,
    amount: row.amount,
    currency: row.currency,
    period: row.period,
    thresholds: row.thresholds,
    team: row.team,
    forecast: row.forecast,
    updatedAt: toDate(row.updated_at),
    updatedBy: row.updated_by,
  }));
}
