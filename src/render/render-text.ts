import type { Answer, SeriesPoint } from '../core/types.js';
import { describeChange, describeQuestion, describeRange, metricLabel, money, percent } from './describe-answer.js';

const BAR_WIDTH = 20;

function pad(s: string, width: number, right = false): string {
  const len = [...s].length;
  if (len >= width) return s;
  return right ? ' '.repeat(width - len) + s : s + ' '.repeat(width - len);
}

/** A bar of `share` of the width: solid, or shaded for a partial bucket. */
function bar(share: number, char = '█'): string {
  const n = Math.max(0, Math.min(BAR_WIDTH, Math.round(share * BAR_WIDTH)));
  return char.repeat(n);
}

/** Days in a whole bucket of the granularity, for `partial: 2 of 7 days`. */
function wholeDays(p: SeriesPoint, granularity: Answer['query']['granularity']): number | null {
  if (granularity === 'week') return 7;
  if (granularity === 'month') return new Date(Date.UTC(Number(p.start.slice(0, 4)), Number(p.start.slice(5, 7)), 0)).getUTCDate();
  return null;
}

/** A table: the first and last columns (label, bar) left-aligned, figures right-aligned, two spaces between. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max([...h].length, ...rows.map((r) => [...(r[c] ?? '')].length)));
  const right = (c: number) => c > 0 && c < header.length - 1;
  const line = (cells: string[]) => cells.map((cell, c) => pad(cell, widths[c]!, right(c))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

/**
 * The answer as a readable terminal table (the CLI without `--json`): the total and its
 * change, the forecast and its method, the rows (with their previous cost and change when
 * comparing, their forecast), the series (partial buckets shaded and labelled), the notes.
 */
export function renderText(a: Answer): string {
  const lines: string[] = [];
  lines.push(`${describeQuestion(a)} · ${describeRange(a.range)} · ${metricLabel(a.metric)}`);
  let total = `Total  ${money(a.total, a.currency)}`;
  if (a.compare) {
    const change = describeChange(a.compare.change) ?? 'no previous cost';
    total += `   ${change} vs ${describeRange(a.compare.range)}: ${money(a.compare.total, a.currency)}`;
  }
  lines.push(total);
  if (a.forecast) {
    const basis = a.forecast.window ? `, trimmed mean of ${describeRange(a.forecast.window)}` : '';
    lines.push(`Forecast  ${money(a.forecast.total, a.currency)} for ${describeRange(a.forecast.range)} (run rate ${money(a.forecast.dailyRunRate, a.currency)}/day${basis})`);
  }
  if (a.rows.length) {
    const keys = a.query.groupBy;
    const comparing = a.rows.some((r) => r.previous !== undefined);
    const forecasting = a.rows.some((r) => r.forecast !== undefined);
    const header = [keys.join(' · '), 'cost', 'share', ...(comparing ? ['previous', 'change'] : []), ...(forecasting ? ['forecast'] : []), ''];
    const body = a.rows.map((r) => {
      const label = keys.map((k) => r.key[k] ?? '').join(' · ') + (r.resourceName ? ` (${r.resourceName})` : '');
      return [
        label,
        money(r.cost, a.currency),
        percent(r.share),
        ...(comparing ? [money(r.previous ?? 0, a.currency), describeChange(r.change) ?? 'new'] : []),
        ...(forecasting ? [r.forecast === undefined ? '' : money(r.forecast, a.currency)] : []),
        bar(r.share),
      ];
    });
    lines.push('', ...table(header, body));
  }
  if (a.series?.length) {
    lines.push('');
    const max = Math.max(...a.series.map((p) => Math.abs(p.cost)), 0.01);
    for (const p of a.series) {
      const whole = wholeDays(p, a.query.granularity);
      const mark = p.partial ? `  partial: ${p.days ?? '?'}${whole ? ` of ${whole}` : ''} days` : '';
      lines.push(`${p.start}  ${pad(money(p.cost, a.currency), 18, true)}  ${pad(bar(Math.abs(p.cost) / max, p.partial ? '░' : '█'), BAR_WIDTH)}${mark}`.trimEnd());
    }
  }
  if (a.notes.length) {
    lines.push('');
    for (const n of a.notes) lines.push(`• ${n}`);
  }
  lines.push('');
  lines.push(`Data fresh to ${a.freshness ?? 'n/a'} · ${a.stats.ms} ms`);
  return lines.join('\n');
}
