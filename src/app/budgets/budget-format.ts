/** Wording of budget figures for people: money, periods, instants. */
import { formatMoney } from '../../core/money.js';
import type { BudgetPeriodUnit } from './budget-catalog.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `50000.00`, `USD` → `50,000.00 USD` (display only; the figure stays exact text elsewhere). */
export function money(text: string, currency: string): string {
  return `${formatMoney(Number(text))} ${currency}`;
}

/** The period starting `start`: `November 2026`, `Q4 2026`, `2026`. */
export function periodLabel(unit: BudgetPeriodUnit, start: string): string {
  const year = start.slice(0, 4);
  const month = Number(start.slice(5, 7));
  if (unit === 'month') return `${MONTHS[month - 1]} ${year}`;
  if (unit === 'quarter') return `Q${Math.floor((month - 1) / 3) + 1} ${year}`;
  return year;
}

/** `a month`, `a quarter`, `a year`. */
export function perPeriod(unit: BudgetPeriodUnit): string {
  return `a ${unit}`;
}

/** An instant as people read it in a log: `2026-11-14 09:00 UTC`. */
export function when(at: Date | number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A list of ids for a sentence: `U0A, U0B`; `nobody` when empty. */
export function people(ids: string[]): string {
  return ids.length ? ids.join(', ') : 'nobody';
}

/** `used` as a whole percentage of `of` (exact decimal texts), or null when `of` is zero. */
export function percentOf(used: string, of: string): number | null {
  const d = Number(of);
  return d > 0 ? Math.round((Number(used) / d) * 100) : null;
}
