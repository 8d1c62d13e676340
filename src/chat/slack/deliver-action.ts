import type { RespondArguments, RespondFn, types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { replyChart } from '../../app/conversation/chart-spec.js';
import type { ActionResult, Notice, Reply } from '../../app/conversation/types.js';
import { renderNoticeBlocks } from './render-notice.js';
import { renderReply } from './render-reply.js';
import { CHART_REFUSED_NOTE, privateUploader, sendWithChartFallback, slackChartImage, type SlackChartDeps } from './slack-charts.js';
import type { SlackMessage } from './types.js';

type Blocks = (types.KnownBlock | types.Block)[];
/** A message as Bolt's and the Web API's arguments take it. */
export const asArgs = (m: SlackMessage): { text: string; blocks: Blocks } => ({ text: m.text, blocks: m.blocks as unknown as Blocks });

/**
 * A reply rendered with its chart (uploaded privately, or a QuickChart URL), and the same
 * without the chart for when Slack refuses the image.
 */
export async function renderWithChart(deps: Omit<SlackChartDeps, 'upload' | 'logger'>, logger: Logger, client: WebClient, r: Reply, opts: { prefix: string; sharedBy?: string }) {
  const spec = replyChart(r);
  const title = r.kind === 'answer' ? r.answer.query.text : r.kind === 'notice' ? r.notice.title : '';
  const { chart, note } = await slackChartImage({ ...deps, logger, upload: privateUploader(client) }, spec, title);
  const message = renderReply(r, { ...opts, chart, extraNotes: note ? [note] : [] });
  const withoutChart = chart ? () => renderReply(r, { ...opts, chart: null, extraNotes: [CHART_REFUSED_NOTE] }) : null;
  return { message, withoutChart };
}

export interface Delivery {
  deps: Omit<SlackChartDeps, 'upload' | 'logger'>;
  log: Logger;
  client: WebClient;
  respond: RespondFn;
  channelId: string | null;
  messageTs: string | undefined;
  ephemeralSource: boolean;
  isDm: boolean;
  userId: string;
  prefix: string;
}

/**
 * What a click's result becomes in Slack:
 * - a reply: a public answer (Share) is a new message for everyone; a drill-down replaces
 *   the clicker's own answer (ephemeral or in a DM) and never a message others see —
 *   there it arrives as a new answer only the clicker sees;
 * - an update: the clicked message changes for everyone (`chat.update`), the clicker may
 *   be told more privately;
 * - a thread: a reply in the clicked message's thread;
 * - private: only the clicker sees it.
 */
export async function deliverActionResult(result: ActionResult, d: Delivery): Promise<void> {
  const ephemeral = (notice: Notice) => d.respond({ response_type: 'ephemeral', replace_original: false, ...asArgs(renderNoticeBlocks(notice)) } as RespondArguments);
  switch (result.kind) {
    case 'reply': {
      const r = result.reply;
      const isPublic = r.kind === 'answer' && r.public;
      const extra: Partial<RespondArguments> = isPublic
        ? { response_type: 'in_channel', replace_original: false }
        : (d.ephemeralSource || d.isDm) && result.replace
          ? { replace_original: true }
          : { response_type: 'ephemeral', replace_original: false };
      const { message, withoutChart } = await renderWithChart(d.deps, d.log, d.client, r, { prefix: d.prefix, sharedBy: isPublic ? d.userId : undefined });
      await sendWithChartFallback((m) => d.respond({ ...extra, ...asArgs(m) } as RespondArguments), message, withoutChart, d.log);
      return;
    }
    case 'update': {
      // The decision stands even when the message cannot be updated: the clicker is still told.
      try {
        if (d.channelId && d.messageTs) await d.client.chat.update({ channel: d.channelId, ts: d.messageTs, ...asArgs(renderNoticeBlocks(result.notice)) });
        else await d.respond({ replace_original: true, ...asArgs(renderNoticeBlocks(result.notice)) } as RespondArguments);
      } catch (err) {
        d.log.warn({ err }, 'the clicked message could not be updated');
      }
      if (result.toClicker) await ephemeral(result.toClicker);
      return;
    }
    case 'thread': {
      if (d.channelId && d.messageTs) await d.client.chat.postMessage({ channel: d.channelId, thread_ts: d.messageTs, ...asArgs(renderNoticeBlocks(result.notice)) });
      else await ephemeral(result.notice);
      return;
    }
    case 'private':
      await ephemeral(result.notice);
  }
}
