import type { ParsedQuery } from '../types.js';

const PLAIN = /^[A-Za-z0-9_.:/@+-]+$/;

function quote(value: string): string {
  return PLAIN.test(value) ? value : `"${value.replace(/"/g, "'")}"`;
}

function lastDay(end: string): string {
  return new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * Writes a parsed query back as canonical query text, with explicit dates, so a button
 * or a link can carry it and `parseQuery` gives the same query back whatever the day.
 */
export function formatQuery(q: Pick<ParsedQuery, 'range' | 'filters' | 'groupBy' | 'granularity' | 'top' | 'compare' | 'forecast' | 'metric' | 'public'>): string {
  const parts: string[] = [];
  for (const [rawKey, f] of Object.entries(q.filters)) {
    const key = /^tag:/i.test(rawKey) && !PLAIN.test(rawKey.slice(4)) ? `tag:"${rawKey.slice(4)}"` : rawKey;
    if (f.in?.length) parts.push(f.in.length === 1 || f.in.every((v) => PLAIN.test(v)) ? `${key}=${f.in.map(quote).join(',')}` : f.in.map((v) => `${key}=${quote(v)}`).join(' '));
    if (f.notIn?.length) parts.push(f.notIn.map((v) => `${key}!=${quote(v)}`).join(' '));
  }
  if (q.groupBy.length) parts.push(`by ${q.groupBy.join(',')}`);
  if (q.granularity) parts.push({ day: 'daily', week: 'weekly', month: 'monthly' }[q.granularity]);
  if (q.top !== null) parts.push(`top ${q.top}`);
  parts.push(`${q.range.start} to ${lastDay(q.range.end)}`);
  if (q.compare) parts.push(`vs ${q.compare.start} to ${lastDay(q.compare.end)}`);
  if (q.forecast) parts.push('forecast');
  if (q.metric !== 'effective') parts.push(`metric=${q.metric}`);
  if (q.public) parts.push('public');
  return parts.join(' ');
}
