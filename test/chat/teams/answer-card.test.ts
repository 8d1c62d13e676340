import { describe, expect, it } from 'vitest';
import type { ActionButton } from '../../../src/app/conversation/types.js';
import type { Answer, AnswerRow } from '../../../src/core/types.js';
import { answerCard, MAX_TABLE_ROWS } from '../../../src/chat/teams/answer-card.js';
import { cardBytes, MAX_CARD_BYTES } from '../../../src/chat/teams/card-elements.js';

function answerOf(over: Partial<Answer> = {}): Answer {
  return {
    query: {
      text: 'by team last week', range: { start: '2026-11-16', end: '2026-11-23' }, filters: {}, groupBy: ['team'], granularity: null, top: null,
      compare: null, forecast: false, metric: 'effective', public: false, notes: [], error: null,
    },
    range: { start: '2026-11-16', end: '2026-11-23' },
    metric: 'effective',
    currency: 'USD',
    total: 48211.07,
    rows: [
      { key: { team: 'nlp' }, cost: 30112.4, share: 0.6246 },
      { key: { team: 'vision' }, cost: 16893.57, share: 0.3504 },
      { key: { team: '(untagged)' }, cost: 1205.1, share: 0.025 },
    ],
    compare: { range: { start: '2026-11-09', end: '2026-11-16' }, total: 41002, change: 0.1758 },
    forecast: null,
    unallocated: { dimension: 'team', cost: 1205.1, share: 0.025, resources: [] },
    freshness: '2026-11-22T23:00:00Z',
    notes: ['2.5% of this cost (1,205.10 USD) has no team: the largest untagged resource is i-0abc (412.00 USD).'],
    stats: { providerCalls: {}, cacheHits: 0, ms: 3 },
    ...over,
  };
}

const FOLLOW_UPS: ActionButton[] = [
  { verb: 'ask', name: 'by-model', label: 'By model', id: 'by model top 10 2026-11-16 to 2026-11-22' },
  { verb: 'ask', name: 'trend', label: 'Daily trend', id: 'by team daily 2026-11-16 to 2026-11-22' },
];

function runs(card: unknown): string[] {
  const out: string[] = [];
  JSON.stringify(card, (k, v: unknown) => {
    if (v && typeof v === 'object' && (v as { type?: string }).type === 'TextRun') out.push((v as { text: string }).text);
    return v;
  });
  return out;
}

function manyRows(n: number): { rows: AnswerRow[]; total: number } {
  const rows = Array.from({ length: n }, (_, i) => ({ key: { team: `team-${String(i).padStart(5, '0')}-with-a-fairly-long-name` }, cost: 100_000 - i * 10 + 0.37, share: 0 }));
  const cents = rows.reduce((s, r) => s + Math.round(r.cost * 100), 0);
  rows.forEach((r) => (r.share = Math.round(r.cost * 100) / cents));
  return { rows, total: cents / 100 };
}

describe('answerCard', () => {
  it('renders the question, total, change, breakdown, notes and buttons (Adaptive Card 1.5)', () => {
    const { card, shownRows, totalRows, chartShown } = answerCard(answerOf(), { followUps: FOLLOW_UPS });
    expect({ shownRows, totalRows, chartShown }).toEqual({ shownRows: 3, totalRows: 3, chartShown: false });
    expect(card).toMatchSnapshot();
  });

  it('colours a rise in cost as attention and a fall as good', () => {
    const up = answerCard(answerOf(), { followUps: [] }).card;
    const down = answerCard(answerOf({ compare: { range: { start: '2026-11-09', end: '2026-11-16' }, total: 50000, change: -0.0358 } }), { followUps: [] }).card;
    const changeRun = (c: unknown) => JSON.stringify(c).match(/\{"type":"TextRun","text":"[▲▼][^"]*"[^}]*\}/)![0];
    expect(JSON.parse(changeRun(up))).toMatchObject({ text: '▲ 17.6%', color: 'Attention' });
    expect(JSON.parse(changeRun(down))).toMatchObject({ text: '▼ 3.6%', color: 'Good' });
  });

  it('never lets user data become markdown: every text is a TextRun, none a TextBlock', () => {
    const evil = '[click me](https://evil.example/phish) **bold** <at>everyone</at>';
    const a = answerOf({ rows: [{ key: { team: evil }, cost: 48211.07, share: 1 }], notes: [`No cost has team=${evil}`] });
    const { card } = answerCard(a, { followUps: FOLLOW_UPS });
    expect(JSON.stringify(card)).not.toContain('"TextBlock"');
    expect(runs(card)).toContain(evil);
  });

  it('tabulates the latest periods of an ungrouped trend, newest first', () => {
    const a = answerOf({
      rows: [],
      query: { ...answerOf().query, groupBy: [], granularity: 'day' },
      series: [{ start: '2026-11-16', cost: 1 }, { start: '2026-11-17', cost: 2 }],
    });
    const shown = runs(answerCard(a, { followUps: [] }).card);
    expect(shown.indexOf('2026-11-17')).toBeLessThan(shown.indexOf('2026-11-16'));
    expect(shown).toContain('Period starting');
  });

  it('keeps a huge answer under the Teams limit: the largest rows, the rest summed, and says so', () => {
    const { rows, total } = manyRows(5000);
    const a = answerOf({ rows, total, compare: undefined });

    const result = answerCard(a, { followUps: FOLLOW_UPS });

    expect(cardBytes(result.card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(result.totalRows).toBe(5000);
    expect(result.shownRows).toBeGreaterThan(10);
    expect(result.shownRows).toBeLessThanOrEqual(MAX_TABLE_ROWS);
    const shown = runs(result.card);
    expect(shown).toContain(`• Showing the ${result.shownRows} largest of 5,000 rows; the rest are summed in the last row. Add “top 10” or a filter to see fewer, larger groups.`);
    const restCents = rows.slice(result.shownRows).reduce((s, r) => s + Math.round(r.cost * 100), 0);
    const i = shown.indexOf(`… ${(5000 - result.shownRows).toLocaleString('en-US')} more`);
    expect(i).toBeGreaterThan(0);
    expect(shown[i + 1]).toBe(`${(restCents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} USD`);
    // The buttons survive the cut.
    expect(result.card.actions).toHaveLength(2);
  });

  it('keeps an embedded chart out of the size budget (Teams does not count data: URIs), with every row', () => {
    const chart = { url: `data:image/png;base64,${'A'.repeat(40_000)}`, alt: 'Bar chart of cost by team', embedded: true };
    const result = answerCard(answerOf(), { followUps: FOLLOW_UPS, chart });
    expect(result.chartShown).toBe(true);
    expect(result.shownRows).toBe(3);
    expect(cardBytes(result.card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(Buffer.byteLength(JSON.stringify(result.card))).toBeGreaterThan(40_000);
  });

  it('drops an embedded chart over Teams\' 1 MB image size before any row, and says why', () => {
    const bigChart = { url: `data:image/png;base64,${'A'.repeat(1_500_000)}`, alt: 'Bar chart of cost by team', embedded: true };
    const result = answerCard(answerOf(), { followUps: FOLLOW_UPS, chart: bigChart });
    expect(result.chartShown).toBe(false);
    expect(result.shownRows).toBe(3);
    expect(runs(result.card)).toContain('• The chart is left out: it is too large to embed. Set the bot\'s public URL so Teams can load it.');
    expect(cardBytes(result.card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  });

  it('shows a small embedded chart and a hosted chart as an Image with its alt text', () => {
    for (const chart of [
      { url: `data:image/png;base64,${'A'.repeat(2000)}`, alt: 'Bar chart', embedded: true },
      { url: 'https://bot.example.com/charts/abc.png', alt: 'Bar chart', embedded: false },
    ]) {
      const { card, chartShown } = answerCard(answerOf(), { followUps: [], chart });
      expect(chartShown).toBe(true);
      expect(card.body).toContainEqual(expect.objectContaining({ type: 'Image', url: chart.url, altText: 'Bar chart' }));
    }
  });

  it('renders a button that asks for a text first as a ShowCard with the input and the Execute inside', () => {
    const { card } = answerCard(answerOf(), { followUps: [{ verb: 'override.deny', name: 'deny', label: 'Deny', id: '42', style: 'danger', input: { label: 'Why deny?', placeholder: 'The reason', required: true } }] });
    expect(card.actions).toEqual([{
      type: 'Action.ShowCard', title: 'Deny',
      card: {
        type: 'AdaptiveCard',
        body: [{ type: 'Input.Text', id: 'input', label: 'Why deny?', isRequired: true, maxLength: 500, placeholder: 'The reason', errorMessage: 'Why deny? is required' }],
        actions: [{ type: 'Action.Execute', title: 'Send', verb: 'finops.action', data: { verb: 'override.deny', id: '42' }, style: 'destructive' }],
      },
    }]);
  });

  it('leaves hostile notes out rather than exceed the limit', () => {
    const notes = Array.from({ length: 8 }, () => 'x'.repeat(4000));
    const { rows, total } = manyRows(60);
    const result = answerCard(answerOf({ rows, total, notes }), { followUps: FOLLOW_UPS, maxBytes: 4000 });
    expect(cardBytes(result.card)).toBeLessThanOrEqual(4000);
    expect(result.shownRows).toBe(0);
    expect(runs(result.card)).toContain('• 8 notes are left out: the answer is too large for a Teams card. Ask a narrower question.');
    expect(runs(result.card).join('')).not.toContain('xxxx');
  });
});
