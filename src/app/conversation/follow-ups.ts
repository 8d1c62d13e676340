import { formatQuery } from '../../core/query/index.js';
import type { Answer, ParsedQuery } from '../../core/types.js';
import type { ActionButton } from './types.js';

const DRILLS: { name: string; dim: string; label: string }[] = [
  { name: 'by-team', dim: 'team', label: 'By team' },
  { name: 'by-model', dim: 'model', label: 'By model' },
  { name: 'by-workload', dim: 'workload', label: 'By workload' },
];

const DAY = 86_400_000;

/**
 * The buttons every surface offers under an answer: drill down by team, model or
 * workload; the trend; the comparison with the previous period (each an `ask` button);
 * and sharing (a `share` button). Each carries canonical query text with explicit dates,
 * the same query with one thing changed, so a click gives the same answer whenever it
 * happens and on every surface.
 */
export function followUps(answer: Pick<Answer, 'query'>, opts: { dimensions: string[]; canShare: boolean }): ActionButton[] {
  const q = answer.query;
  const out: ActionButton[] = [];
  const base: ParsedQuery = { ...q, public: false };
  const ask = (name: string, label: string, query: ParsedQuery): ActionButton => ({ verb: 'ask', name, label, id: formatQuery(query) });
  for (const d of DRILLS) {
    if (!opts.dimensions.includes(d.dim) || (q.groupBy.length === 1 && q.groupBy[0] === d.dim)) continue;
    out.push(ask(d.name, d.label, { ...base, groupBy: [d.dim], top: q.top ?? 10 }));
  }
  if (q.granularity === null) {
    const days = (Date.parse(q.range.end) - Date.parse(q.range.start)) / DAY;
    const granularity = days > 92 ? 'month' : days > 31 ? 'week' : 'day';
    out.push(ask('trend', granularity === 'day' ? 'Daily trend' : granularity === 'week' ? 'Weekly trend' : 'Monthly trend', { ...base, granularity }));
  }
  if (q.compare === null) {
    // Like for like, as `vs previous` would (month to date against the same days of last
    // month); the same length right before for a query parsed without it.
    const len = Date.parse(q.range.end) - Date.parse(q.range.start);
    const start = new Date(Date.parse(q.range.start) - len).toISOString().slice(0, 10);
    const previous = q.previous ?? { start, end: q.range.start };
    out.push(ask('compare', 'Compare with previous period', { ...base, compare: previous }));
  }
  if (opts.canShare && !q.public) out.push({ verb: 'share', name: 'share', label: 'Share in channel', id: formatQuery(base), style: 'primary' });
  return out;
}
