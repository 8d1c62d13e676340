import type { Notice } from '../../app/conversation/types.js';
import { actionButton, adaptiveCard, clip, line, plain, table, type RunStyle } from './card-elements.js';
import type { AdaptiveCard, CardElement, CardImage } from './types.js';

const TONE_COLORS: Record<NonNullable<Notice['tone']>, 'Good' | 'Attention' | 'Accent' | undefined> = { info: 'Accent', good: 'Good', warning: 'Attention', alert: 'Attention' };

/**
 * A paragraph with the notice markup (`*bold*`, `` `code` ``) as TextRuns: bold and
 * monospace runs, every other character as typed (never markdown, so values cannot
 * become links).
 */
function paragraph(text: string): CardElement {
  const runs: { text: string; style?: RunStyle }[] = [];
  const pattern = /\*([^*\n]+)\*|`([^`\n]+)`/g;
  let last = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m.index > last) runs.push({ text: text.slice(last, m.index) });
    runs.push(m[1] !== undefined ? { text: m[1], style: { weight: 'Bolder' } } : { text: m[2]!, style: { fontType: 'Monospace' } });
    last = m.index + m[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last) });
  return line(runs);
}

/**
 * A notice (digest, alert, approval request, decision) as an Adaptive Card 1.5: the
 * title coloured by tone, the body, the facts and the table as TextRun tables, the
 * chart, the notes and the buttons (`Action.Execute` `finops.action` `{verb, id}`).
 */
export function noticeCard(notice: Notice, opts: { chart?: CardImage | null; extraNotes?: string[] } = {}): AdaptiveCard {
  const color = notice.tone ? TONE_COLORS[notice.tone] : undefined;
  const body: CardElement[] = [plain(clip(notice.title || notice.text, 200), { size: 'Medium', weight: 'Bolder', ...(color ? { color } : {}) })];
  for (const p of (notice.body ?? []).slice(0, 10)) body.push(paragraph(clip(p, 2000)));
  const facts = notice.facts ?? [];
  if (facts.length) {
    body.push({
      type: 'Table', spacing: 'Medium', showGridLines: false, firstRowAsHeader: false, columns: [{ width: 2 }, { width: 3 }],
      rows: facts.slice(0, 30).map((f) => ({ type: 'TableRow', cells: [{ type: 'TableCell', items: [plain(clip(f.label, 200), { isSubtle: true })] }, { type: 'TableCell', items: [plain(clip(f.value, 500), { weight: 'Bolder' })] }] })),
    });
  }
  if (notice.table && notice.table.rows.length) {
    const t = notice.table;
    const align = t.columns.map((_, i) => (t.numeric?.[i] ? 'Right' : 'Left') as 'Left' | 'Right');
    body.push({ ...table(t.columns, t.rows.slice(0, 50).map((r) => r.map((c) => clip(c, 200))), t.columns.map((_, i) => (i === 0 ? 3 : 2)), align), spacing: 'Medium' });
  }
  if (opts.chart) body.push({ type: 'Image', url: opts.chart.url, altText: clip(opts.chart.alt, 400), size: 'Stretch', spacing: 'Medium' });
  const notes = [...(notice.notes ?? []), ...(opts.extraNotes ?? [])];
  if (notes.length) body.push({ type: 'Container', separator: true, spacing: 'Medium', items: notes.slice(0, 10).map((n) => plain(`• ${clip(n, 400)}`, { size: 'Small', isSubtle: true })) });
  return adaptiveCard(body, (notice.actions ?? []).map(actionButton), clip(notice.text || notice.title, 300));
}
