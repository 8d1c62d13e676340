/** Notices as the jobs and approvals will post them, for the notifier tests of every surface. */
import type { ChartPng, ChartRenderer } from '../../src/app/conversation/ports.js';
import type { Notice } from '../../src/app/conversation/types.js';

/** A digest with everything a notice can hold: facts, a table, a chart, notes, buttons and a ledger key. */
export function digestNotice(over: Partial<Notice> = {}): Notice {
  return {
    kind: 'digest',
    title: 'Daily digest · nlp · 2026-11-25',
    text: 'nlp spent 4,120.55 USD yesterday, 12% above its 7-day average.',
    body: ['Yesterday *4,120.55 USD*, `llama-70b` the largest.'],
    facts: [
      { label: 'Yesterday', value: '4,120.55 USD' },
      { label: 'Month to date', value: '81,002.10 USD of 100,000.00 USD' },
    ],
    table: { columns: ['model', 'cost'], numeric: [false, true], rows: [['llama-70b', '2,900.00 USD'], ['sdxl', '1,220.55 USD']] },
    chart: { config: { type: 'bar', data: { labels: ['llama-70b', 'sdxl'], datasets: [{ label: 'cost, USD', data: [2900, 1220.55] }] }, options: { plugins: { legend: { display: false } } } }, alt: 'Bar chart of yesterday by model', currency: 'USD' },
    notes: ['3.1% of this cost has no model.'],
    actions: [
      { verb: 'ask', name: 'by-model', label: 'By model', id: 'team=nlp by model 2026-11-25' },
      { verb: 'snooze', name: 'snooze', label: 'Snooze 24 h', id: 'team=nlp' },
    ],
    tone: 'info',
    key: 'digest:nlp:2026-11-25',
    ...over,
  };
}

/** The same digest after a decision changed it (what `update` posts). */
export function updatedNotice(): Notice {
  return digestNotice({ title: 'Daily digest · nlp · 2026-11-25 (corrected)', text: 'Corrected: nlp spent 4,020.55 USD yesterday.' });
}

/** A reply in the digest's thread (Why?). */
export function threadNotice(): Notice {
  return { kind: 'spike-why', title: 'Why the spike', text: 'i-0abc ran 19 hours more than usual.', facts: [{ label: 'i-0abc', value: '+1,200.00 USD' }] };
}

/** A chart port that draws a fixed small PNG (no canvas needed). */
export function stubCharts(): ChartRenderer {
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(300, 1)]);
  return {
    png: async (chart): Promise<ChartPng> => ({ png, width: 800, height: 400, alt: chart.alt, mime: 'image/png' }),
    quickChartUrl: async () => null,
  };
}
