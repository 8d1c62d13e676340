import { describe, expect, it } from 'vitest';
import { caseInsensitive, restrictActions, restrictAnswer } from '../../../src/app/access/index.js';
import type { Answer } from '../../../src/core/types.js';

const NLP = { filters: { team: { in: ['nlp'] } } };

/** An answer as an engine that ignored the scope would give it: every field names other teams. */
function leakyAnswer(): Answer {
  return {
    query: { text: 'by team', range: { start: '2026-11-01', end: '2026-11-08' }, filters: {}, groupBy: ['team'], granularity: 'day', top: null, compare: null, forecast: false, metric: 'effective', public: false, notes: [], error: null },
    range: { start: '2026-11-01', end: '2026-11-08' },
    metric: 'effective',
    currency: 'USD',
    total: 600.1,
    rows: [
      { key: { team: 'vision' }, cost: 300.05, share: 0.5 },
      { key: { team: 'NLP' }, cost: 200.03, share: 0.3333 },
      { key: { team: '(untagged)' }, cost: 100.02, share: 0.1667 },
    ],
    series: [{ start: '2026-11-01', cost: 600.1, rows: [{ key: { team: 'vision' }, cost: 300.05 }, { key: { team: 'nlp' }, cost: 200.03 }, { key: { team: '(untagged)' }, cost: 100.02 }] }],
    forecast: null,
    unallocated: { dimension: 'team', cost: 100.02, share: 0.1667, resources: [{ resource: 'i-0secret', cost: 100.02 }] },
    shared: [{ name: 'tax', split: 'proportional', cost: 60 }],
    freshness: null,
    notes: [
      'Includes 60.00 USD of shared costs spread over these figures: tax 60.00 USD (proportional).',
      '16.7% of this cost (100.02 USD) has no team: the largest unallocated resource is i-0secret (100.02 USD). Tag it with team, or map its account or service in the configuration.',
      'Shared cost “support-and-tax” (9,000.00 USD) had no direct cost to be spread over and is not in this filtered figure.',
      "aws-cost-explorer's own forecast for 2026-11-01 .. 2026-12-01: 90,000.00 USD, for all of its cost.",
      'vision spent most on GPUs.',
      'Partial answer: provider focus is missing — file not found',
    ],
    stats: { providerCalls: {}, cacheHits: 0, ms: 1 },
  };
}

describe('restrictAnswer', () => {
  it('drops every row, series row, unallocated line and note outside the scope, and re-adds the total', () => {
    const a = restrictAnswer(leakyAnswer(), NLP, caseInsensitive, '(untagged)');

    expect(a.rows).toEqual([{ key: { team: 'NLP' }, cost: 200.03, share: 1 }]);
    expect(a.total).toBe(200.03);
    expect(a.series).toEqual([{ start: '2026-11-01', cost: 200.03, rows: [{ key: { team: 'nlp' }, cost: 200.03 }] }]);
    expect(a.unallocated).toBeNull();
    // The shared costs spread over all three teams are not nlp's: they go with the rows.
    expect(a.shared).toBeUndefined();
    expect(a.notes).toEqual(['Partial answer: provider focus is missing — file not found']);
  });

  it('changes nothing for a viewer who sees everything, or an answer already inside the scope', () => {
    const all = leakyAnswer();
    const inside = { ...leakyAnswer(), rows: [{ key: { team: 'nlp' }, cost: 600.1, share: 1 }], series: undefined, unallocated: null, notes: ['Partial answer: x'] };

    expect(restrictAnswer(all, null, caseInsensitive, '(untagged)')).toBe(all);
    expect(restrictAnswer(inside, NLP, caseInsensitive, '(untagged)')).toEqual(inside);
  });

  it('keeps the `other` row and an unallocated line the scope allows', () => {
    const byModel: Answer = { ...leakyAnswer(), rows: [{ key: { model: 'llama' }, cost: 500, share: 0.8332 }, { key: { model: 'other' }, cost: 100.1, share: 0.1668, other: true }], series: undefined, unallocated: { dimension: 'model', cost: 1, share: 0, resources: [] }, notes: [] };

    const a = restrictAnswer(byModel, NLP, caseInsensitive, '(untagged)');

    expect(a.rows).toEqual(byModel.rows);
    expect(a.total).toBe(600.1);
    expect(a.unallocated).toEqual(byModel.unallocated);
  });
});

describe('restrictActions', () => {
  it('drops ask and share buttons whose question would be refused, and keeps other verbs', () => {
    const buttons = [
      { verb: 'ask' as const, id: 'team=vision by model', label: 'By model' },
      { verb: 'share' as const, id: 'team=nlp public', label: 'Share' },
      { verb: 'override.request' as const, id: 'nlp-monthly', label: 'Request override' },
    ];

    expect(restrictActions(buttons, (q) => !q.includes('vision')).map((b) => b.label)).toEqual(['Share', 'Request override']);
  });
});
