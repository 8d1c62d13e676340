import type { types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { ChartRenderer } from '../../app/conversation/ports.js';
import type { MessageRef, Notice, Notifier } from '../../app/conversation/types.js';
import type { ChartsConfig } from '../../config/index.js';
import { NOTICE_EVENT_TYPE, renderNoticeBlocks } from './render-notice.js';
import { CHART_REFUSED_NOTE, privateUploader, sendWithChartFallback, slackChartImage } from './slack-charts.js';
import type { SlackMessage } from './types.js';

export interface SlackNotifierDeps {
  client: WebClient;
  logger: Logger;
  charts: ChartRenderer | null;
  chartsConfig: ChartsConfig;
}

/** How many history pages `findPosted` reads at most (200 messages each). */
const MAX_HISTORY_PAGES = 5;

type Blocks = (types.KnownBlock | types.Block)[];

/**
 * Posts notices to Slack with the bot token (`Notifier`):
 * - `post`: `chat.postMessage` with blocks, the plain-text fallback and, when the notice
 *   has a ledger key, message metadata `{event_type: 'finops_notice', event_payload: {key}}`;
 * - `update`: `chat.update` of the same message (the metadata kept);
 * - `reply`: `chat.postMessage` with `thread_ts`;
 * - `direct`: `conversations.open` with the user, then a post there;
 * - `findPosted`: `conversations.history` since the given time, with metadata, looking
 *   for the key — how a job resolves a ledger entry left claimed by a crash.
 * Scopes: `chat:write`, `im:write` (direct), `channels:history`, `groups:history` and
 * `im:history` (findPosted), `files:write` (charts).
 */
export function slackNotifier(deps: SlackNotifierDeps): Notifier {
  const { client, logger } = deps;
  const metadataOf = (notice: Notice) => (notice.key ? { metadata: { event_type: NOTICE_EVENT_TYPE, event_payload: { key: notice.key } } } : {});

  /** The notice rendered with its chart, and a way to send it again without the chart. */
  const rendered = async (notice: Notice) => {
    const { chart, note } = await slackChartImage({ charts: deps.charts, chartsConfig: deps.chartsConfig, upload: privateUploader(client), logger }, notice.chart, notice.title);
    const message = renderNoticeBlocks(notice, { chart, extraNotes: note ? [note] : [] });
    const withoutChart = chart ? () => renderNoticeBlocks(notice, { extraNotes: [CHART_REFUSED_NOTE] }) : null;
    return { message, withoutChart };
  };
  const args = (m: SlackMessage) => ({ text: m.text, blocks: m.blocks as unknown as Blocks });

  const postTo = async (channel: string, notice: Notice, threadTs?: string): Promise<MessageRef> => {
    const { message, withoutChart } = await rendered(notice);
    const res = await sendWithChartFallback(
      (m) => client.chat.postMessage({ channel, ...(threadTs ? { thread_ts: threadTs } : {}), ...args(m), ...metadataOf(notice) }),
      message,
      withoutChart,
      logger,
    );
    if (!res.ts) throw new Error(`chat.postMessage to ${channel} returned no message ts`);
    return { platform: 'slack', channel: res.channel ?? channel, id: res.ts };
  };

  return {
    platform: 'slack',
    post: (channel, notice) => postTo(channel, notice),
    update: async (ref, notice) => {
      const { message, withoutChart } = await rendered(notice);
      await sendWithChartFallback((m) => client.chat.update({ channel: ref.channel, ts: ref.id, ...args(m), ...metadataOf(notice) }), message, withoutChart, logger);
    },
    reply: (ref, notice) => postTo(ref.channel, notice, ref.id),
    direct: async (userId, notice) => {
      const opened = await client.conversations.open({ users: userId });
      const channel = opened.channel?.id;
      if (!channel) throw new Error(`conversations.open gave no DM channel for ${userId}`);
      return postTo(channel, notice);
    },
    findPosted: async (channel, key, since) => {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
        const res = await client.conversations.history({ channel, oldest: (since.getTime() / 1000).toFixed(6), include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) });
        const found = (res.messages ?? []).find((m) => m.metadata?.event_type === NOTICE_EVENT_TYPE && (m.metadata.event_payload as { key?: unknown } | undefined)?.key === key);
        if (found?.ts) return { platform: 'slack', channel, id: found.ts };
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!res.has_more || !cursor) return null;
      }
      // Too much history to be sure: the caller reports the entry as uncertain rather than post twice.
      return 'unknown';
    },
  };
}
