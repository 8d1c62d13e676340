import type { Reply } from '../../app/conversation/types.js';
import { renderAnswerBlocks } from './render-blocks.js';
import { renderFailure, renderHelp, renderRejected } from './render-help.js';
import { renderNoticeBlocks } from './render-notice.js';
import type { ChartImage, SlackMessage } from './types.js';

export interface ReplyRenderOptions {
  /** `/cost ` for the slash command, empty for mentions and DMs (examples are shown with it). */
  prefix: string;
  chart?: ChartImage | null;
  /** Notes from the adapter (why the chart is missing…). */
  extraNotes?: string[];
  /** Who posted a public answer to the channel. */
  sharedBy?: string;
}

/** Any reply of the conversation layer as a Slack message. */
export function renderReply(reply: Reply, opts: ReplyRenderOptions): SlackMessage {
  switch (reply.kind) {
    case 'help':
      return renderHelp(reply.help, opts.prefix);
    case 'rejected':
      return renderRejected(reply, opts.prefix);
    case 'failed':
      return renderFailure(reply, opts.prefix);
    case 'busy':
      return { text: `I am answering many questions right now: ask again in ${reply.retryAfterSeconds} s.`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:hourglass: I am answering many questions right now: ask again in ${reply.retryAfterSeconds} seconds.` } }] };
    case 'answer':
      return renderAnswerBlocks(reply.answer, reply.actions, { chart: opts.chart ?? null, extraNotes: opts.extraNotes, sharedBy: opts.sharedBy });
    case 'notice':
      return renderNoticeBlocks(reply.notice, { chart: opts.chart ?? null, extraNotes: opts.extraNotes });
  }
}

