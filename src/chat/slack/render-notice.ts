import type { Notice } from '../../app/conversation/types.js';
import { imageBlock } from './render-blocks.js';
import { actionsBlock } from './render-buttons.js';
import { noticeTableBlocks } from './render-table.js';
import { escapeMrkdwn, SLACK_LIMITS, truncate } from './slack-text.js';
import type { ChartImage, SlackBlock, SlackMessage } from './types.js';

/** The message metadata event type that carries a notice's ledger key (`findPosted` looks for it). */
export const NOTICE_EVENT_TYPE = 'finops_notice';

/** Blocks kept free for header, body, facts, chart, notes and buttons. */
const RESERVED_BLOCKS = 12;

/**
 * A notice (a digest, an alert, an approval request, a decision) as Block Kit: the title,
 * the body (`*bold*` and `` `code` `` pass through, everything else is escaped), the facts
 * as fields, the table in monospace, the chart, the notes, the buttons. Within Slack's
 * limits whatever the notice holds.
 */
export function renderNoticeBlocks(notice: Notice, opts: { chart?: ChartImage | null; extraNotes?: string[] } = {}): SlackMessage {
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(notice.title || notice.text || 'finops-bot', SLACK_LIMITS.header), emoji: false } }];
  for (const paragraph of (notice.body ?? []).slice(0, 5)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(paragraph), SLACK_LIMITS.sectionText) } });
  const facts = notice.facts ?? [];
  for (let i = 0; i < facts.length && i < 20; i += SLACK_LIMITS.fields) {
    blocks.push({
      type: 'section',
      fields: facts.slice(i, i + SLACK_LIMITS.fields).map((f) => ({ type: 'mrkdwn', text: truncate(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, SLACK_LIMITS.fieldText) })),
    });
  }
  if (notice.table) blocks.push(...noticeTableBlocks(notice.table, SLACK_LIMITS.blocks - RESERVED_BLOCKS - blocks.length));
  if (opts.chart) blocks.push(imageBlock(opts.chart, notice.title));
  const notes = [...(notice.notes ?? []), ...(opts.extraNotes ?? [])].map((n) => escapeMrkdwn(n));
  if (notes.length) {
    const shown = notes.slice(0, SLACK_LIMITS.contextElements - 1);
    if (notes.length > shown.length) shown.push(truncate(notes.slice(shown.length).join(' · '), SLACK_LIMITS.fieldText));
    blocks.push({ type: 'context', elements: shown.map((text) => ({ type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.fieldText) })) });
  }
  const actions = actionsBlock(notice.actions ?? [], 'finops_notice_actions');
  if (actions) blocks.push(actions);
  return { text: truncate(notice.text || notice.title, SLACK_LIMITS.messageText), blocks };
}
