import { describe, expect, it } from 'vitest';
import { amountText, budgetPeriod, effectiveAmount, listBudgetsInForce, type BudgetStore } from '../../../src/app/budgets/budget-catalog.js';
import { addDecimalText } from '../../../src/app/budgets/decimal-text.js';

const fileBudgets = [
  { name: 'nlp-monthly', scope: 'team=nlp', amount: 50000, period: 'month' as const, thresholds: [100, 50, 80], forecast: true, team: 'nlp' },
  { name: 'vision-q', scope: 'team=vision', amount: 120000.5, period: 'quarter' as const, thresholds: [80], forecast: false },
];

function store(rows: Awaited<ReturnType<BudgetStore['listBudgets']>> = [], overrides: Record<string, string> = {}): BudgetStore {
  return {
    listBudgets: async () => rows,
    approvedOverrideTotal: async (budget, periodStart) => overrides[`${budget}@${periodStart}`] ?? '0',
  };
}

describe('budget catalog', () => {
  it('lists the file budgets with exact two-place amounts and sorted thresholds', async () => {
    const list = await listBudgetsInForce({ budgets: fileBudgets, currency: 'USD' }, store());
    expect(list.map((b) => [b.name, b.amount, b.thresholds, b.team, b.source])).toEqual([
      ['nlp-monthly', '50000.00', [50, 80, 100], 'nlp', 'config'],
      ['vision-q', '120000.50', [80], null, 'config'],
    ]);
  });

  it('lets a budget set from chat replace the file budget of the same name, and says so', async () => {
    const at = new Date('2026-11-20T10:00:00Z');
    const list = await listBudgetsInForce(
      { budgets: fileBudgets, currency: 'USD' },
      store([
        { name: 'nlp-monthly', scope: 'team=nlp', amount: '60000', currency: 'USD', period: 'month', thresholds: [90], team: 'nlp', forecast: false, updatedAt: at, updatedBy: 'U0ADMIN01' },
        { name: 'speech', scope: 'team=speech', amount: '1000.1', currency: 'USD', period: 'year', thresholds: [50], team: 'speech', forecast: false, updatedAt: at, updatedBy: 'U0ADMIN01' },
      ]),
    );
    const nlp = list.find((b) => b.name === 'nlp-monthly')!;
    expect([nlp.amount, nlp.source, nlp.overridesConfig, nlp.thresholds, nlp.updatedBy]).toEqual(['60000.00', 'store', true, [90], 'U0ADMIN01']);
    expect(list.find((b) => b.name === 'speech')).toMatchObject({ amount: '1000.10', source: 'store', overridesConfig: false });
  });

  it('computes the period around a day for months, quarters and years', () => {
    expect(budgetPeriod('month', '2026-11-26')).toEqual({ start: '2026-11-01', end: '2026-12-01' });
    expect(budgetPeriod('quarter', '2026-11-26')).toEqual({ start: '2026-10-01', end: '2027-01-01' });
    expect(budgetPeriod('year', '2026-02-28')).toEqual({ start: '2026-01-01', end: '2027-01-01' });
  });

  it('adds the approved overrides of that period to the base, exactly', async () => {
    const s = store([], { 'nlp-monthly@2026-11-01': '5000.25' });
    expect(await effectiveAmount(s, { name: 'nlp-monthly', amount: '50000.00' }, '2026-11-01')).toBe('55000.25');
    expect(await effectiveAmount(s, { name: 'nlp-monthly', amount: '50000.00' }, '2026-12-01')).toBe('50000.00');
  });

  it('does decimal arithmetic without floats', () => {
    expect(addDecimalText('0.1', '0.2')).toBe('0.30');
    expect(addDecimalText('999999999999.99', '0.01')).toBe('1000000000000.00');
    expect(amountText(-12.5)).toBe('-12.50');
    expect(() => amountText('12,5')).toThrow(/not a decimal amount/);
  });
});
