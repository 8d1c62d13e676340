import { formatMoney } from '../core/money.js';
import type { Answer, DateRange } from '../core/types.js';

const DAY = 86_400_000;

/** `2026-11-16 → 2026-11-22 (7 days)`: the inclusive last day, for people. */
export function describeRange(r: DateRange): string {
  const days = Math.round((Date.parse(r.end) - Date.parse(r.start)) / DAY);
  const last = new Date(Date.parse(r.end) - DAY).toISOString().slice(0, 10);
  return days === 1 ? `${r.start} (1 day)` : `${r.start} → ${last} (${days} days)`;
}

/** A title naming what was asked: the grouping, the filters and the metric. */
export function describeQuestion(a: Answer): string {
  const parts: string[] = [];
  const filters = Object.entries(a.query.filters).map(([k, f]) =>
    [f.in ? `${k}=${f.in.join(',')}` : '', f.notIn ? `${k}!=${f.notIn.join(',')}` : ''].filter(Boolean).join(' '),
  );
  parts.push(a.query.groupBy.length ? `Cost by ${a.query.groupBy.join(' and ')}` : 'Cost');
  if (filters.length) parts.push(`for ${filters.join(' ')}`);
  return parts.join(' ');
}

/** `▲ 17.6%` / `▼ 3.1%` / `no change`, or null when the change is unknown. */
export function describeChange(change: number | null | undefined): string | null {
  if (change === null || change === undefined) return null;
  if (change === 0) return 'no change';
  return `${change > 0 ? '▲' : '▼'} ${Math.abs(change * 100).toFixed(1)}%`;
}

export function money(amount: number, currency: string): string {
  return `${formatMoney(amount)} ${currency}`;
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** The metric's name as people say it. */
export function metricLabel(metric: Answer['metric']): string {
  return { effective: 'effective cost (amortized)', billed: 'billed cost', list: 'list cost' }[metric];
}
