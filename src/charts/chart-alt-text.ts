import type { Answer } from '../core/types.js';
import { describeChange, describeQuestion, describeRange, metricLabel, money, percent } from '../render/describe-answer.js';
import { rowLabel } from './chart-config.js';

/** Slack's `alt_text` limit (Block Kit image block); the alt text never exceeds it. */
export const ALT_TEXT_LIMIT = 2000;

/** How many rows or points are listed before the text says "and N more". */
const LISTED = 12;

/**
 * A text description of the chart of an answer, for screen readers and Slack's
 * alt_text: what is drawn, the total, and the largest rows or the series extremes.
 */
export function chartAltText(a: Answer): string {
  const parts: string[] = [];
  const series = a.series ?? [];
  const kind = series.length > 0 ? (series.length > 20 ? 'Line chart' : 'Bar chart') + ` of ${series.length} ${a.query.granularity ?? 'period'} points` : 'Bar chart';
  parts.push(`${kind}: ${describeQuestion(a)}, ${describeRange(a.range)}, ${metricLabel(a.metric)}.`);
  let total = `Total ${money(a.total, a.currency)}`;
  if (a.compare) total += `, ${describeChange(a.compare.change) ?? 'no previous cost'} vs the previous period (${money(a.compare.total, a.currency)})`;
  parts.push(`${total}.`);
  if (series.length > 0) {
    // Extremes among whole buckets: a partial one is not a low, just shorter.
    const whole = series.filter((p) => !p.partial);
    const sorted = [...(whole.length > 0 ? whole : series)].sort((x, y) => y.cost - x.cost);
    const hi = sorted[0]!;
    const lo = sorted[sorted.length - 1]!;
    parts.push(`Highest ${hi.start}: ${money(hi.cost, a.currency)}; lowest ${lo.start}: ${money(lo.cost, a.currency)}.`);
    const partial = series.filter((p) => p.partial);
    if (partial.length > 0) {
      const which = partial.map((p) => `${p.start} (${p.days ?? '?'} day${p.days === 1 ? '' : 's'})`).join(', ');
      parts.push(`Partial ${a.query.granularity ?? 'period'}${partial.length === 1 ? '' : 's'}, drawn lighter and not comparable with whole ones: ${which}.`);
    }
  }
  if (a.rows.length > 0) {
    const listed = a.rows.slice(0, LISTED).map((r) => `${rowLabel(r, a.query.groupBy)} ${money(r.cost, a.currency)} (${percent(r.share)})`);
    const more = a.rows.length > LISTED ? `; and ${a.rows.length - LISTED} more` : '';
    parts.push(`${listed.join('; ')}${more}.`);
  }
  const text = parts.join(' ');
  return [...text].length <= ALT_TEXT_LIMIT ? text : `${[...text].slice(0, ALT_TEXT_LIMIT - 1).join('')}…`;
}
