import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/render/render-text.js';
import { makeAnswer } from '../charts/answers.js';

describe('renderText (the CLI table)', () => {
  it('shows each row’s previous cost and change when comparing, “new” without a previous cost', () => {
    const text = renderText(makeAnswer({
      query: { groupBy: ['team'] },
      total: 30,
      rows: [
        { key: { team: 'nlp' }, cost: 20, share: 0.6667, previous: 10, change: 1 },
        { key: { team: 'vision' }, cost: 10, share: 0.3333, previous: 0, change: null },
        { key: { team: 'speech' }, cost: 0, share: 0, previous: 5, change: -1 },
      ],
      compare: { range: { start: '2026-11-09', end: '2026-11-16' }, total: 15, change: 1 },
    }));
    expect(text.split('\n').slice(3, 7)).toEqual([
      'team         cost  share   previous    change',
      'nlp     20.00 USD  66.7%  10.00 USD  ▲ 100.0%  █████████████',
      'vision  10.00 USD  33.3%   0.00 USD       new  ███████',
      'speech   0.00 USD   0.0%   5.00 USD  ▼ 100.0%',
    ]);
  });

  it('shades a partial bucket and says how many of its days it covers', () => {
    const text = renderText(makeAnswer({
      query: { granularity: 'week' },
      series: [{ start: '2026-11-23', cost: 700 }, { start: '2026-11-30', cost: 200, partial: true, days: 2 }],
    }));
    expect(text).toContain('2026-11-23          700.00 USD  ████████████████████');
    expect(text).toContain('2026-11-30          200.00 USD  ░░░░░░                partial: 2 of 7 days');
  });

  it('names the forecast’s method and each row’s forecast, and a resource beside its id', () => {
    const text = renderText(makeAnswer({
      query: { groupBy: ['resource'], forecast: true },
      total: 9,
      rows: [{ key: { resource: 'i-0abc' }, cost: 9, share: 1, forecast: 300, resourceName: 'train-box' }],
      forecast: { total: 300, range: { start: '2026-12-01', end: '2027-01-01' }, actual: 9, dailyRunRate: 9.7, method: 'run-rate', window: { start: '2026-11-25', end: '2026-12-02' } },
    }));
    expect(text).toContain('Forecast  300.00 USD for 2026-12-01 → 2026-12-31 (31 days) (run rate 9.70 USD/day, trimmed mean of 2026-11-25 → 2026-12-01 (7 days))');
    expect(text).toContain('i-0abc (train-box)  9.00 USD  100.0%  300.00 USD');
  });
});
