import { formatQuery } from '../core/query/index.js';
import type { Answer, ParsedQuery } from '../core/types.js';

export type FollowUpId = 'by-team' | 'by-model' | 'by-workload' | 'trend' | 'compare' | 'share';

/** A button under an answer: what it says and the query it asks. */
export interface FollowUp {
  id: FollowUpId;
  label: string;
  /** Canonical query text with explicit dates (the same answer whenever it is clicked). */
  text: string;
}

const DRILLS: { id: FollowUpId; dim: string; label: string }[] = [
  { id: 'by-team', dim: 'team', label: 'By team' },
  { id: 'by-model', dim: 'model', label: 'By model' },
  { id: 'by-workload', dim: 'workload', label: 'By workload' },
];

const DAY = 86_400_000;

/**
 * The follow-up questions every surface offers under an answer: drill down by team,
 * model or workload; the trend; the comparison with the previous period; sharing.
 * Each is the same query with one thing changed, so the buttons work on every surface.
 */
export function followUps(answer: Pick<Answer, 'query'>, opts: { dimensions: string[]; canShare: boolean }): FollowUp[] {
  const q = answer.query;
  const out: FollowUp[] = [];
  const base: ParsedQuery = { ...q, public: false };
  for (const d of DRILLS) {
    if (!opts.dimensions.includes(d.dim) || (q.groupBy.length === 1 && q.groupBy[0] === d.dim)) continue;
    out.push({ id: d.id, label: d.label, text: formatQuery({ ...base, groupBy: [d.dim], top: q.top ?? 10 }) });
  }
  if (q.granularity === null) {
    const days = (Date.parse(q.range.end) - Date.parse(q.range.start)) / DAY;
    const granularity = days > 92 ? 'month' : days > 31 ? 'week' : 'day';
    out.push({ id: 'trend', label: granularity === 'day' ? 'Daily trend' : granularity === 'week' ? 'Weekly trend' : 'Monthly trend', text: formatQuery({ ...base, granularity }) });
  }
  if (q.compare === null) {
    const len = Date.parse(q.range.end) - Date.parse(q.range.start);
    const start = new Date(Date.parse(q.range.start) - len).toISOString().slice(0, 10);
    out.push({ id: 'compare', label: 'Compare with previous period', text: formatQuery({ ...base, compare: { start, end: q.range.start } }) });
  }
  if (opts.canShare && !q.public) out.push({ id: 'share', label: 'Share in channel', text: formatQuery({ ...q, public: true }) });
  return out;
}
