import type { AskResult } from '../cost-engine.js';
import type { Budget } from './budget-catalog.js';
import type { SpendSource } from './budget-deps.js';

const PERIOD_WORDS: Record<Budget['period'], string> = { month: 'this month', quarter: 'this quarter', year: 'this year' };

/**
 * Spent and forecast over the engine: the budget's scope asked for its period to date with
 * `forecast` (the projected total to the period's end), in the configured zone.
 */
export function engineSpend(engine: { ask(text: string, now: number): Promise<AskResult> }): SpendSource {
  return {
    async spend(budget, now) {
      const result = await engine.ask(`${budget.scope} ${PERIOD_WORDS[budget.period]} forecast`, now);
      if (!result.ok) return { error: result.message };
      const a = result.answer;
      return { spent: a.total.toFixed(2), forecast: a.forecast ? a.forecast.total.toFixed(2) : null };
    },
  };
}
