import type { ActionButton } from '../../app/conversation/types.js';
import type { Answer } from '../../core/types.js';
import { describeChange, describeQuestion, describeRange, metricLabel, money, percent } from '../../render/describe-answer.js';
import { actionButton, adaptiveCard, cardBytes, clip, line, MAX_CARD_BYTES, MAX_EMBEDDED_IMAGE_BYTES, plain, table } from './card-elements.js';
import type { AdaptiveCard, CardElement, CardImage } from './types.js';

export interface AnswerCardOptions {
  /** The buttons under the answer (the reply's actions). */
  followUps: ActionButton[];
  chart?: CardImage | null;
  /** Defaults to MAX_CARD_BYTES (the card's text, embedded images aside). */
  maxBytes?: number;
  /** Notes from the adapter (a chart Teams refused…). */
  extraNotes?: string[];
}

export interface AnswerCardResult {
  card: AdaptiveCard;
  /** Rows of the table shown, and how many the answer had. */
  shownRows: number;
  totalRows: number;
  chartShown: boolean;
}

/** More rows than this make a card nobody reads on a phone, whatever its size. */
export const MAX_TABLE_ROWS = 50;
const MAX_NOTES = 8;
const NOTE_CHARS = 400;
const TITLE_CHARS = 200;

interface TableData {
  kind: 'groups' | 'periods';
  headers: string[];
  rows: string[][];
  costs: number[];
  shares: number[];
}

/** The breakdown the card tabulates: the groups, else (an ungrouped trend) the periods. */
function tableData(a: Answer): TableData | null {
  if (a.rows.length) {
    const keys = a.query.groupBy;
    return {
      kind: 'groups',
      headers: [keys.join(' · ') || 'group', 'Cost', 'Share'],
      rows: a.rows.map((r) => [keys.map((k) => r.key[k] ?? '').join(' · '), money(r.cost, a.currency), percent(r.share)]),
      costs: a.rows.map((r) => r.cost),
      shares: a.rows.map((r) => r.share),
    };
  }
  if (a.series?.length) {
    // The latest periods matter most, so a cut keeps the end of the series.
    const points = [...a.series].reverse();
    return {
      kind: 'periods',
      headers: ['Period starting', 'Cost'],
      rows: points.map((p) => [p.start, money(p.cost, a.currency)]),
      costs: points.map((p) => p.cost),
      shares: points.map(() => 0),
    };
  }
  return null;
}

/** `2026-11-22T23:00:00Z` → `2026-11-22 23:00 UTC`. */
function describeFreshness(freshness: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(freshness);
  return m ? `${m[1]} ${m[2]} UTC` : freshness;
}

function totalSection(a: Answer): CardElement[] {
  const out: CardElement[] = [
    plain('Total', { size: 'Small', isSubtle: true }),
    plain(money(a.total, a.currency), { size: 'ExtraLarge', weight: 'Bolder' }, { spacing: 'None' }),
  ];
  if (a.compare) {
    const change = describeChange(a.compare.change);
    const color = a.compare.change === null ? undefined : a.compare.change > 0 ? 'Attention' : a.compare.change < 0 ? 'Good' : undefined;
    out.push(
      line([
        { text: change ?? 'no previous cost', style: { weight: 'Bolder', ...(color ? { color } : {}) } },
        { text: ` vs ${describeRange(a.compare.range)}: ${money(a.compare.total, a.currency)}`, style: { isSubtle: true } },
      ], { spacing: 'None' }),
    );
  }
  if (a.forecast) {
    const f = a.forecast;
    out.push(plain(`Forecast ${money(f.total, a.currency)} for ${describeRange(f.range)} (run rate ${money(f.dailyRunRate, a.currency)}/day)`));
  }
  return out;
}

function tableSection(a: Answer, data: TableData, shown: number): { elements: CardElement[]; note: string | null } {
  const rows = data.rows.slice(0, shown);
  const rest = data.rows.length - shown;
  let note: string | null = null;
  if (rest > 0) {
    const cents = data.costs.slice(shown).reduce((s, c) => s + Math.round(c * 100), 0);
    if (data.kind === 'groups') {
      const share = data.shares.slice(shown).reduce((s, x) => s + x, 0);
      rows.push([`… ${rest.toLocaleString('en-US')} more`, money(cents / 100, a.currency), percent(share)]);
      note = `Showing the ${shown} largest of ${data.rows.length.toLocaleString('en-US')} rows; the rest are summed in the last row. Add “top 10” or a filter to see fewer, larger groups.`;
    } else {
      note = `Showing the latest ${shown} of ${data.rows.length.toLocaleString('en-US')} periods; ask for a shorter range or a coarser trend (weekly, monthly).`;
    }
  }
  const widths = data.kind === 'groups' ? [3, 2, 1] : [2, 2];
  const align: ('Left' | 'Right')[] = data.kind === 'groups' ? ['Left', 'Right', 'Right'] : ['Left', 'Right'];
  return { elements: [{ ...table(data.headers, rows, widths, align), spacing: 'Medium' }], note };
}

function notesSection(a: Answer, extra: string[], withNotes: boolean): CardElement[] {
  const notes = withNotes ? a.notes.slice(0, MAX_NOTES).map((n) => clip(n, NOTE_CHARS)) : [];
  if (withNotes && a.notes.length > MAX_NOTES) notes.push(`${a.notes.length - MAX_NOTES} more notes are left out.`);
  if (!withNotes && a.notes.length) notes.push(`${a.notes.length} notes are left out: the answer is too large for a Teams card. Ask a narrower question.`);
  notes.push(...extra);
  notes.push(a.freshness ? `Data through ${describeFreshness(a.freshness)}.` : 'No data in this range, so no freshness to report.');
  return [{ type: 'Container', separator: true, spacing: 'Medium', items: notes.map((n) => plain(`• ${n}`, { size: 'Small', isSubtle: true })) }];
}

function build(a: Answer, opts: AnswerCardOptions, data: TableData | null, shown: number, chart: CardImage | null, withNotes: boolean): AdaptiveCard {
  const body: CardElement[] = [
    plain(clip(describeQuestion(a), TITLE_CHARS), { size: 'Medium', weight: 'Bolder' }),
    plain(`${describeRange(a.range)} · ${metricLabel(a.metric)}`, { isSubtle: true }, { spacing: 'None' }),
    ...totalSection(a),
  ];
  const extra: string[] = [...(opts.extraNotes ?? [])];
  if (data) {
    const t = tableSection(a, data, shown);
    body.push(...t.elements);
    if (t.note) extra.push(t.note);
  }
  if (chart) body.push({ type: 'Image', url: chart.url, altText: clip(chart.alt, 400), size: 'Stretch', spacing: 'Medium' });
  else if (opts.chart) extra.push(CHART_TOO_LARGE_NOTE);
  body.push(...notesSection(a, extra, withNotes));
  const fallback = clip(`${describeQuestion(a)}, ${describeRange(a.range)}: ${money(a.total, a.currency)}`, 300);
  return adaptiveCard(body, opts.followUps.map(actionButton), fallback);
}

/** Said in the card when an embedded chart is over Teams' 1 MB image size. */
export const CHART_TOO_LARGE_NOTE = 'The chart is left out: it is too large to embed. Set the bot\'s public URL so Teams can load it.';

/**
 * The answer as an Adaptive Card 1.5: the question (what, when, which metric), the
 * total with its change, the breakdown as a table, the chart, the notes, and the
 * follow-up buttons. It always fits Teams' limits:
 *  1. an embedded (data: URI) chart over MAX_EMBEDDED_IMAGE_BYTES is left out, with a note
 *     (Teams does not count embedded images in the message size, but wants them under 1 MB);
 *  2. build it with up to MAX_TABLE_ROWS rows and the chart;
 *  3. if its text is too large, keep the largest number of rows that fits (binary
 *     search), folding the rest into one summed row so the table still adds up to the total;
 *  4. if even no rows fit (hostile notes), leave the notes out and say so.
 */
export function answerCard(a: Answer, opts: AnswerCardOptions): AnswerCardResult {
  const max = opts.maxBytes ?? MAX_CARD_BYTES;
  const data = tableData(a);
  const totalRows = data?.rows.length ?? 0;
  let chart = opts.chart ?? null;
  let shown = Math.min(totalRows, MAX_TABLE_ROWS);
  const fits = (n: number, notes = true) => cardBytes(build(a, opts, data, n, chart, notes)) <= max;

  if (chart?.embedded && (chart.url.length * 3) / 4 > MAX_EMBEDDED_IMAGE_BYTES) chart = null;
  if (!fits(shown)) {
    let lo = 0;
    let hi = shown - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid - 1;
    }
    shown = lo;
  }
  const withNotes = fits(shown);
  const card = build(a, opts, data, shown, chart, withNotes);
  return { card, shownRows: shown, totalRows, chartShown: chart !== null };
}
