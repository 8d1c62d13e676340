import { keyLabel } from '../charts/chart-config.js';
import type { ActionButton, Reply } from '../app/conversation/types.js';
import type { Answer } from '../core/types.js';
import { describeChange, describeQuestion, describeRange, metricLabel, money, percent } from '../render/describe-answer.js';

/** Rows sent for the table; the full list stays in `answer.rows`. */
export const MAX_TABLE_ROWS = 200;

/** The answer worded for the page, with the same helpers as every other surface. */
export interface AnswerView {
  title: string;
  range: string;
  metric: string;
  total: string;
  /** `▲ 17.6%`, `▼ 3.1%`, `no change`, or null without a comparison. */
  change: string | null;
  /** Up is an increase of cost (shown as bad), down a decrease. */
  direction: 'up' | 'down' | 'flat' | null;
  compare: string | null;
  forecast: string | null;
  freshness: string;
  columns: string[];
  rows: { cells: string[]; cost: string; share: string; shareValue: number; other: boolean }[];
  /** Rows beyond MAX_TABLE_ROWS, left out of the table. */
  moreRows: number;
  /** The series as text, for the accessible data table under the chart. */
  points: { start: string; cost: string }[];
  notes: string[];
  ms: number;
}

/** A follow-up as the page has always read it: `text` is the query the button asks. */
export interface FollowUp {
  id: string;
  label: string;
  text: string;
}

/** What `POST /api/console/ask` returns for an answer. */
export interface ConsoleReply {
  kind: 'answer';
  answer: Answer;
  view: AnswerView;
  /** The `ask` buttons as `{id, label, text}` (the page's contract). */
  followUps: FollowUp[];
  /** Every button as the conversation layer gives it (`{verb, id, label}`). */
  actions: ActionButton[];
  /** The Chart.js configuration (plain JSON, `chartConfigFor`), or null with nothing to draw. */
  chart: unknown;
  chartAlt: string | null;
  /** The PNG the chat surfaces would post, when the console has a chart host. */
  imageUrl?: string;
}

/** Words the answer for the page: title, total, change, table, notes, freshness. */
export function viewOf(a: Answer): AnswerView {
  const change = a.compare ? describeChange(a.compare.change) : null;
  const c = a.compare?.change;
  const groupBy = a.query.groupBy;
  return {
    title: describeQuestion(a),
    range: describeRange(a.range),
    metric: metricLabel(a.metric),
    total: money(a.total, a.currency),
    change: a.compare ? (change ?? 'no previous cost') : null,
    direction: c === undefined || c === null ? null : c > 0 ? 'up' : c < 0 ? 'down' : 'flat',
    compare: a.compare ? `vs ${describeRange(a.compare.range)}: ${money(a.compare.total, a.currency)}` : null,
    forecast: a.forecast
      ? `Forecast ${money(a.forecast.total, a.currency)} for ${describeRange(a.forecast.range)} (run rate ${money(a.forecast.dailyRunRate, a.currency)}/day)`
      : null,
    freshness: a.freshness ? `Data fresh to ${a.freshness}` : 'Data freshness unknown',
    columns: groupBy,
    rows: a.rows.slice(0, MAX_TABLE_ROWS).map((r) => ({
      cells: groupBy.length ? groupBy.map((k) => r.key[k] || '(empty)') : [keyLabel(r.key, groupBy)],
      cost: money(r.cost, a.currency),
      share: percent(r.share),
      shareValue: Number.isFinite(r.share) ? Math.max(0, Math.min(1, r.share)) : 0,
      other: r.other === true,
    })),
    moreRows: Math.max(0, a.rows.length - MAX_TABLE_ROWS),
    points: (a.series ?? []).map((p) => ({ start: p.start, cost: money(p.cost, a.currency) })),
    notes: a.notes,
    ms: a.stats.ms,
  };
}

/** The console's reply to an answer: the answer JSON, its wording, the buttons (no sharing: the console is private) and the chart. */
export function consoleReply(reply: Extract<Reply, { kind: 'answer' }>): ConsoleReply {
  const actions = reply.actions.filter((b) => b.verb !== 'share');
  return {
    kind: 'answer',
    answer: reply.answer,
    view: viewOf(reply.answer),
    followUps: actions.filter((b) => b.verb === 'ask').map((b, i) => ({ id: b.name ?? String(i), label: b.label, text: b.id })),
    actions,
    chart: reply.chart?.config ?? null,
    chartAlt: reply.chart?.alt ?? null,
  };
}
