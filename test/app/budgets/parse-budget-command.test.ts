import { describe, expect, it } from 'vitest';
import { parseBudgetCommand } from '../../../src/app/budgets/index.js';

const ok = (text: string) => {
  const r = parseBudgetCommand(text);
  if (!r.ok) throw new Error(`expected ${text} to parse: ${r.message}`);
  return r.command;
};
const error = (text: string) => {
  const r = parseBudgetCommand(text);
  if (r.ok) throw new Error(`expected ${text} to be refused, got ${JSON.stringify(r.command)}`);
  return r.message;
};

describe('parseBudgetCommand', () => {
  it('reads the spec’s sentences with or without the leading /budget or budget', () => {
    expect(ok('/budget')).toEqual({ kind: 'show', name: null });
    expect(ok('budget')).toEqual({ kind: 'show', name: null });
    expect(ok('')).toEqual({ kind: 'show', name: null });
    expect(ok('/budget set nlp-monthly team=nlp 50000/month thresholds=50,80,100')).toEqual({
      kind: 'set', name: 'nlp-monthly', scope: 'team=nlp', amount: '50000.00', period: 'month', thresholds: [50, 80, 100], forecast: null, owner: null,
    });
    expect(ok('budget request nlp-monthly +5000 until=2026-12-31 reason="GPU burst for the Q4 model"')).toEqual({
      kind: 'request', name: 'nlp-monthly', amount: '5000.00', until: '2026-12-31', reason: 'GPU burst for the Q4 model',
    });
    expect(ok('request nlp-monthly +5000 reason="x"')).toMatchObject({ kind: 'request', until: null });
    expect(ok('/budget history nlp-monthly')).toEqual({ kind: 'history', name: 'nlp-monthly' });
    expect(ok('BUDGET Help')).toEqual({ kind: 'help' });
  });

  it('shows one budget by name, alone or with show', () => {
    expect(ok('budget nlp-monthly')).toEqual({ kind: 'show', name: 'nlp-monthly' });
    expect(ok('budget show nlp')).toEqual({ kind: 'show', name: 'nlp' });
  });

  it('reads scopes of several filters, quoted values, curly quotes, amounts with separators and options', () => {
    expect(ok('set gpu-q team=nlp,vision env!=dev service="Amazon SageMaker" 1,250,000.5/quarterly forecast=on owner=nlp thresholds=100,80%')).toEqual({
      kind: 'set', name: 'gpu-q', scope: 'team=nlp,vision env!=dev service="Amazon SageMaker"', amount: '1250000.50', period: 'quarter', thresholds: [80, 100], forecast: true, owner: 'nlp',
    });
    expect(ok('request nlp-monthly 2500.5 reason=“Slack’s curly quotes” ')).toMatchObject({ amount: '2500.50', reason: 'Slack’s curly quotes' });
    expect(ok("request nlp-monthly +1 reason='single quotes'")).toMatchObject({ reason: 'single quotes' });
  });

  it('says how to fix every mistake in set', () => {
    expect(error('set')).toMatch(/^Name the budget: `\/budget set <name> team=nlp 50000\/month/);
    expect(error('set nlp monthly')).toMatch(/I did not understand “monthly”/);
    expect(error('set nlp team=nlp')).toMatch(/Give the amount and its period, e.g. 50000\/month/);
    expect(error('set nlp team=nlp 50000')).toBe('Write the amount with its period, e.g. 50000/month (month, quarter or year).');
    expect(error('set nlp team=nlp 50000/week')).toBe('“week” is not a budget period: use month, quarter or year, e.g. 50000/month.');
    expect(error('set nlp team=nlp 5O000/month')).toMatch(/^“5O000” is not an amount: write digits with at most two decimals/);
    expect(error('set nlp team=nlp $50000/month')).toMatch(/^“\$50000” is not an amount/);
    expect(error('set nlp team=nlp 50000.123/month')).toMatch(/is not an amount/);
    expect(error('set nlp team=nlp 0/month')).toBe('The amount must be more than zero, e.g. 50000/month.');
    expect(error('set nlp team=nlp 2000000000000/month')).toBe('2000000000000 is too large: at most 1,000,000,000,000.');
    expect(error('set nlp 50000/month')).toMatch(/^Say what the budget covers with filters of the query language, e.g. team=nlp/);
    expect(error('set nlp team=nlp 1/month 2/month')).toBe('Give one amount and period, not “1.00/month” and “2/month”.');
    expect(error('set nlp team=nlp 1/month thresholds=50,eighty')).toBe('thresholds=50,eighty: expected percentages between 1 and 1000 separated by commas, e.g. thresholds=50,80,100.');
    expect(error('set nlp team=nlp 1/month thresholds=0')).toMatch(/between 1 and 1000/);
    expect(error('set nlp team=nlp 1/month thresholds=80,80')).toBe('thresholds=80,80: 80 is listed twice.');
    expect(error('set nlp team=nlp 1/month forecast=maybe')).toBe('forecast=maybe: use forecast=on or forecast=off.');
    expect(error('set history team=nlp 1/month')).toMatch(/“history” cannot be a budget name: it is a \/budget command word/);
    expect(error('set nlp/monthly team=nlp 1/month')).toMatch(/“nlp\/monthly” cannot be a budget name/);
  });

  it('says how to fix every mistake in request and history', () => {
    expect(error('request')).toMatch(/^Name the budget: `\/budget request <name> \+5000/);
    expect(error('request nlp-monthly reason=x')).toMatch(/^Say how much to add, e.g. \+5000/);
    expect(error('request nlp-monthly +5000')).toMatch(/^Say why, so the approvers can decide: reason="/);
    expect(error('request nlp-monthly +5000 reason=""')).toMatch(/^Say why/);
    expect(error('request nlp-monthly -5000 reason=x')).toBe('An override adds to the budget: ask for a positive amount, e.g. +5000.');
    expect(error('request nlp-monthly +0 reason=x')).toBe('The amount must be more than zero, e.g. +5000.');
    expect(error('request nlp-monthly +5000 until=2026-02-30 reason=x')).toBe('until=2026-02-30: expected a date such as until=2026-12-31.');
    expect(error('request nlp-monthly +5000 because of training')).toMatch(/^I did not understand “because”. Put the reason in quotes: reason="because …"/);
    expect(error('request nlp-monthly +5000 for=q4 reason=x')).toMatch(/^Unknown option for=/);
    expect(error(`request nlp-monthly +5 reason="${'x'.repeat(501)}"`)).toBe('The reason is 501 characters long: keep it under 500.');
    expect(error('history')).toMatch(/^Name the budget: `\/budget history <name>`/);
    expect(error('history a b')).toMatch(/takes one budget name/);
  });

  it('suggests the command meant, and never crashes on hostile text', () => {
    expect(error('budget reqest nlp-monthly +5000 reason=x')).toMatch(/^Unknown \/budget command “reqest” — did you mean request\?/);
    expect(error('budget frobnicate the thing')).toMatch(/^Unknown \/budget command “frobnicate”. Try: /);
    for (const hostile of ['\u0000\u0000', 'request "unclosed', 'set " 1/month', '/budget ' + 'x '.repeat(5000), 'request nlp +5 reason="a\u0000b"']) {
      const r = parseBudgetCommand(hostile);
      expect(typeof r.ok).toBe('boolean');
      if (r.ok && r.command.kind === 'request') expect(r.command.reason).not.toContain('\u0000');
    }
  });
});
