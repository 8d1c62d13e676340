import type { ActionButton } from '../../app/conversation/types.js';
import type { Answer } from '../../core/types.js';
import { describeChange, describeQuestion, describeRange, metricLabel, money } from '../../render/describe-answer.js';
import { actionsBlock } from './render-buttons.js';
import { breakdownBlocks, seriesBlocks } from './render-table.js';
import { escapeMrkdwn, SLACK_LIMITS, truncate } from './slack-text.js';
import type { ChartImage, SlackBlock, SlackMessage } from './types.js';

export interface RenderOptions {
  chart?: ChartImage | null;
  /** Extra notes from the adapter (why the chart is missing…), shown with the answer's notes. */
  extraNotes?: string[];
  /** User id of whoever shared this answer into the channel. */
  sharedBy?: string;
}

/** Blocks kept free for everything but the tables: header, total, chart, notes, buttons, shared-by. */
const RESERVED_BLOCKS = 8;

/**
 * The answer as a Block Kit message (pure): a header naming what, when and which
 * metric (cut at 150 characters, so the metric is under the total too); the total
 * with its change; the breakdown and the series as monospace tables (they render the
 * same on every client, unlike the `table` block); the chart; the notes; and the
 * buttons (`render-buttons.ts`: verb in the action id, id in the value). Stays within
 * Slack's limits however large the answer is.
 */
export function renderAnswerBlocks(a: Answer, buttons: ActionButton[], opts: RenderOptions = {}): SlackMessage {
  const blocks: SlackBlock[] = [];
  const question = describeQuestion(a);
  blocks.push({ type: 'header', text: { type: 'plain_text', text: truncate(`${question} · ${describeRange(a.range)} · ${a.metric} cost`, SLACK_LIMITS.header), emoji: false } });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(totalText(a), SLACK_LIMITS.sectionText) } });

  const tableBudget = SLACK_LIMITS.blocks - RESERVED_BLOCKS;
  const breakdown = breakdownBlocks(a, a.series?.length ? Math.ceil(tableBudget / 2) : tableBudget);
  blocks.push(...breakdown);
  blocks.push(...seriesBlocks(a, tableBudget - breakdown.length));

  if (opts.chart) blocks.push(imageBlock(opts.chart, question));
  const context = contextElements(a, opts.extraNotes ?? []);
  blocks.push({ type: 'context', elements: context });
  const actions = actionsBlock(buttons, 'finops_follow_ups');
  if (actions) blocks.push(actions);
  if (opts.sharedBy) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Shared by <@${opts.sharedBy.replace(/[^A-Z0-9]/gi, '')}>` }] });
  return { text: truncate(`${question} · ${describeRange(a.range)}: ${money(a.total, a.currency)}`, SLACK_LIMITS.messageText), blocks };
}

/** `*Total 48,211.07 USD* ▲ 17.6% vs …`, the metric, and the forecast when asked. */
function totalText(a: Answer): string {
  const lines = [`*Total ${money(a.total, a.currency)}*`];
  if (a.compare) {
    const change = describeChange(a.compare.change) ?? 'no cost in the previous period';
    lines[0] += `   ${change} vs ${describeRange(a.compare.range)}: ${money(a.compare.total, a.currency)}`;
  }
  lines.push(`_${metricLabel(a.metric)}_`);
  if (a.forecast) {
    const f = a.forecast;
    lines.push(`Forecast: *${money(f.total, a.currency)}* for ${describeRange(f.range)} at ${money(f.dailyRunRate, a.currency)}/day`);
  }
  return lines.join('\n');
}

/** An image block for an uploaded file (`slack_file`) or a URL Slack fetches. */
export function imageBlock(chart: ChartImage, title: string): SlackBlock {
  const alt = truncate(chart.alt || `Chart: ${title}`, SLACK_LIMITS.altText);
  const heading = { type: 'plain_text', text: truncate(title, 150), emoji: false };
  return chart.kind === 'slack_file'
    ? { type: 'image', slack_file: { id: chart.id }, alt_text: alt, title: heading }
    : { type: 'image', image_url: chart.url, alt_text: alt, title: heading };
}

/** Freshness and metric first, then the notes; past ten elements the rest share the last one. */
function contextElements(a: Answer, extra: string[]): SlackBlock[] {
  const freshness = a.freshness ? `Data fresh to ${a.freshness}` : 'Data freshness unknown';
  const texts = [`${freshness} · ${metricLabel(a.metric)} · ${a.currency}`, ...a.notes, ...extra].map((t) => escapeMrkdwn(t));
  const max = SLACK_LIMITS.contextElements;
  if (texts.length > max) {
    // Each folded note gets an equal share of the last element, so none is lost entirely.
    const folded = texts.splice(max - 1);
    const each = Math.floor(SLACK_LIMITS.fieldText / folded.length) - 3;
    texts.push(folded.map((t) => truncate(t, each)).join(' · '));
  }
  return texts.map((t) => ({ type: 'mrkdwn', text: truncate(t, SLACK_LIMITS.fieldText) }));
}
