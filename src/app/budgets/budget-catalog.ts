/**
 * The budgets in force: the configuration file's, and those set from chat (`/budget set`,
 * kept in the store), which take precedence over a file budget of the same name. The
 * effective amount of a period is the base plus the approved overrides of that period.
 * Used by the budgets job, the digest and the `/budget` commands alike.
 */
import type { BudgetConfig } from '../../config/index.js';
import { addMonths, startOfMonth, startOfQuarter, startOfYear } from '../../core/dates.js';
import { addDecimalText, centsOf, centsText } from './decimal-text.js';

export type BudgetPeriodUnit = 'month' | 'quarter' | 'year';

/** One budget as the bot applies it. Amounts are exact decimal text with two places (`50000.00`). */
export interface Budget {
  name: string;
  /** A filter in the query language (`team=nlp`). */
  scope: string;
  /** The base amount, before overrides. */
  amount: string;
  currency: string;
  period: BudgetPeriodUnit;
  thresholds: number[];
  forecast: boolean;
  /** Whose channel gets the alerts and whose approvers decide; null when nobody's. */
  team: string | null;
  /** Where it comes from: the configuration file, or the store (set from chat). */
  source: 'config' | 'store';
  /** True when a store budget replaces a file budget of the same name. */
  overridesConfig: boolean;
  /** Who last set a store budget, and when. */
  updatedBy?: string;
  updatedAt?: Date;
}

/** The slice of the store the catalog reads. */
export interface BudgetStore {
  listBudgets(): Promise<{ name: string; scope: string; amount: string; currency: string; period: BudgetPeriodUnit; thresholds: number[]; team: string | null; forecast: boolean; updatedAt: Date; updatedBy: string }[]>;
  approvedOverrideTotal(budget: string, periodStart: string): Promise<string>;
}

/** `50000` → `50000.00`; exact for any amount the configuration accepts (≤ 1e12, cents). */
export function amountText(amount: number | string): string {
  return centsText(centsOf(typeof amount === 'number' ? amount.toFixed(2) : amount));
}

/**
 * Every budget in force, by name: the file's, with a store budget of the same name taking
 * its place (marked `overridesConfig`). Sorted by name.
 */
export async function listBudgetsInForce(config: { budgets: BudgetConfig[]; currency: string }, store: BudgetStore): Promise<Budget[]> {
  const out = new Map<string, Budget>();
  for (const b of config.budgets) {
    out.set(b.name, {
      name: b.name,
      scope: b.scope,
      amount: amountText(b.amount),
      currency: config.currency,
      period: b.period,
      thresholds: [...b.thresholds].sort((x, y) => x - y),
      forecast: b.forecast,
      team: b.team ?? null,
      source: 'config',
      overridesConfig: false,
    });
  }
  for (const b of await store.listBudgets()) {
    out.set(b.name, {
      name: b.name,
      scope: b.scope,
      amount: amountText(b.amount),
      currency: b.currency,
      period: b.period,
      thresholds: [...b.thresholds].sort((x, y) => x - y),
      forecast: b.forecast,
      team: b.team,
      source: 'store',
      overridesConfig: out.has(b.name) && out.get(b.name)!.source === 'config',
      updatedBy: b.updatedBy,
      updatedAt: b.updatedAt,
    });
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The budget period containing `day` (a local date): `[start, end)`. */
export function budgetPeriod(unit: BudgetPeriodUnit, day: string): { start: string; end: string } {
  const start = unit === 'month' ? startOfMonth(day) : unit === 'quarter' ? startOfQuarter(day) : startOfYear(day);
  return { start, end: addMonths(start, unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12) };
}

/** The amount in force for the period starting `periodStart`: base + approved overrides, as `12345.00`. */
export async function effectiveAmount(store: Pick<BudgetStore, 'approvedOverrideTotal'>, budget: Pick<Budget, 'name' | 'amount'>, periodStart: string): Promise<string> {
  const overrides = await store.approvedOverrideTotal(budget.name, periodStart);
  return addDecimalText(budget.amount, overrides);
}

/** The budget of this name: exactly, else differing only in case; null when none. */
export function findBudget<B extends Pick<Budget, 'name'>>(budgets: B[], name: string): B | null {
  return budgets.find((b) => b.name === name) ?? budgets.find((b) => b.name.toLowerCase() === name.toLowerCase()) ?? null;
}
