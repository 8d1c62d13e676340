import { money, percent } from '../../render/describe-answer.js';
import type { NoticeTable } from '../../app/conversation/types.js';
import type { Answer } from '../../core/types.js';
import { escapeMrkdwn, SLACK_LIMITS, truncate } from './slack-text.js';
import type { SlackBlock } from './types.js';

/** Longest group label shown; longer keys are cut with `…` so columns stay aligned. */
const MAX_LABEL = 36;
const FENCE = '```';

function pad(s: string, width: number, right = false): string {
  const len = [...s].length;
  if (len >= width) return s;
  return right ? ' '.repeat(width - len) + s : s + ' '.repeat(width - len);
}

/** Text inside a code block: mrkdwn still reads `<…>` and `&` there, and a fence would end it. */
function codeSafe(s: string): string {
  return escapeMrkdwn(s.replace(/`/g, "'"));
}

/**
 * Lines packed into as few monospace `section` blocks as the 3,000-character limit
 * allows, at most `maxBlocks`; lines that do not fit are summarised in the last one.
 */
export function codeSections(header: string, lines: string[], maxBlocks: number): SlackBlock[] {
  const budget = SLACK_LIMITS.sectionText - FENCE.length * 2 - 2;
  const chunks: string[][] = [];
  let current: string[] = [header];
  let size = header.length;
  let shown = 0;
  for (const line of lines) {
    if (size + line.length + 1 > budget) {
      if (chunks.length + 1 >= maxBlocks) break;
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(line);
    size += line.length + 1;
    shown++;
  }
  let hidden = lines.length - shown;
  if (hidden > 0) {
    const more = (n: number) => `… and ${n} more line${n === 1 ? '' : 's'} (ask with top N to fold them)`;
    while (current.length > 1 && size + more(hidden + 1).length + 1 > budget) {
      size -= current.pop()!.length + 1;
      hidden++;
    }
    current.push(more(hidden));
  }
  chunks.push(current);
  return chunks.map((c) => ({ type: 'section', text: { type: 'mrkdwn', text: `${FENCE}${c.join('\n')}${FENCE}` } }));
}

/** The breakdown (`rows`) as an aligned monospace table: label, cost, share. */
export function breakdownBlocks(a: Answer, maxBlocks: number): SlackBlock[] {
  if (a.rows.length === 0 || maxBlocks <= 0) return [];
  const keys = a.query.groupBy;
  const head = keys.join(' · ') || 'group';
  const labels = a.rows.map((r) => codeSafe(truncate(keys.map((k) => r.key[k] ?? '').join(' · ') || '(all)', MAX_LABEL)));
  const costs = a.rows.map((r) => money(r.cost, a.currency));
  const w1 = Math.max([...head].length, ...labels.map((l) => [...l].length));
  const w2 = Math.max(4, ...costs.map((c) => c.length));
  const header = `${pad(codeSafe(head), w1)}  ${pad('cost', w2, true)}  ${pad('share', 6, true)}`;
  const lines = a.rows.map((r, i) => `${pad(labels[i]!, w1)}  ${pad(costs[i]!, w2, true)}  ${pad(percent(r.share), 6, true)}`);
  return codeSections(header, lines, maxBlocks);
}

/** Up to this many points are listed; a longer series is summarised (the chart shows it). */
export const MAX_SERIES_LINES = 31;

/** The series as a short table, or a one-line summary when it is long. */
export function seriesBlocks(a: Answer, maxBlocks: number): SlackBlock[] {
  const series = a.series ?? [];
  if (series.length === 0 || maxBlocks <= 0) return [];
  if (series.length > MAX_SERIES_LINES) {
    const high = series.reduce((m, p) => (p.cost > m.cost ? p : m));
    const low = series.reduce((m, p) => (p.cost < m.cost ? p : m));
    const last = series[series.length - 1]!;
    const text =
      `*${series.length} ${a.query.granularity ?? 'period'} points* from ${series[0]!.start} to ${last.start}. ` +
      `Highest ${high.start}: ${money(high.cost, a.currency)} · lowest ${low.start}: ${money(low.cost, a.currency)} · ` +
      `latest ${last.start}: ${money(last.cost, a.currency)}.`;
    return [{ type: 'section', text: { type: 'mrkdwn', text } }];
  }
  const costs = series.map((p) => money(p.cost, a.currency));
  const w = Math.max(...costs.map((c) => c.length));
  const max = Math.max(...series.map((p) => Math.abs(p.cost)), 0.01);
  const lines = series.map((p, i) => `${p.start}  ${pad(costs[i]!, w, true)}  ${'█'.repeat(Math.round((Math.abs(p.cost) / max) * 16))}`);
  return codeSections(`${pad(a.query.granularity ?? 'start', 10)}  ${pad('cost', w, true)}`, lines, maxBlocks);
}

/** A notice's table (already worded) as an aligned monospace table; numeric columns right-aligned. */
export function noticeTableBlocks(table: NoticeTable, maxBlocks: number): SlackBlock[] {
  if (table.rows.length === 0 || maxBlocks <= 0) return [];
  const cells = [table.columns, ...table.rows].map((row) => row.map((c) => codeSafe(truncate(c, MAX_LABEL))));
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => [...(row[i] ?? '')].length)));
  const line = (row: string[]) => row.map((c, i) => pad(c, widths[i] ?? 0, table.numeric?.[i] === true)).join('  ').trimEnd();
  return codeSections(line(cells[0]!), cells.slice(1).map(line), maxBlocks);
}
