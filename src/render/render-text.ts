import type { Answer } from '../core/types.js';
import { describeChange, describeQuestion, describeRange, metricLabel, money, percent } from './describe-answer.js';

const BAR_WIDTH = 20;

function pad(s: string, width: number, right = false): string {
  const len = [...s].length;
  if (len >= width) return s;
  return right ? ' '.repeat(width - len) + s : s + ' '.repeat(width - len);
}

function bar(share: number): string {
  const n = Math.max(0, Math.min(BAR_WIDTH, Math.round(share * BAR_WIDTH)));
  return '█'.repeat(n);
}

/** The answer as a readable terminal table (the CLI without `--json`). */
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
    lines.push(`Forecast  ${money(a.forecast.total, a.currency)} for ${describeRange(a.forecast.range)} (run rate ${money(a.forecast.dailyRunRate, a.currency)}/day)`);
  }
  if (a.rows.length) {
    const keys = a.query.groupBy;
    const labels = a.rows.map((r) => keys.map((k) => r.key[k] ?? '').join(' · '));
    const costs = a.rows.map((r) => money(r.cost, a.currency));
    const w1 = Math.max(keys.join(' · ').length, ...labels.map((l) => [...l].length));
    const w2 = Math.max(4, ...costs.map((c) => c.length));
    lines.push('');
    lines.push(`${pad(keys.join(' · '), w1)}  ${pad('cost', w2, true)}  ${pad('share', 6, true)}`);
    a.rows.forEach((r, i) => lines.push(`${pad(labels[i]!, w1)}  ${pad(costs[i]!, w2, true)}  ${pad(percent(r.share), 6, true)}  ${bar(r.share)}`));
  }
  if (a.series?.length) {
    lines.push('');
    const max = Math.max(...a.series.map((p) => Math.abs(p.cost)), 0.01);
    for (const p of a.series) lines.push(`${p.start}  ${pad(money(p.cost, a.currency), 18, true)}  ${bar(Math.abs(p.cost) / max)}`);
  }
  if (a.notes.length) {
    lines.push('');
    for (const n of a.notes) lines.push(`• ${n}`);
  }
  lines.push('');
  lines.push(`Data fresh to ${a.freshness ?? 'n/a'} · ${a.stats.ms} ms`);
  return lines.join('\n');
}
