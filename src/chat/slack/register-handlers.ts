import type { App, BlockAction, ButtonAction, RespondArguments, RespondFn, types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { handleAction } from '../../app/conversation/actions.js';
import { isHelpRequest } from '../../app/conversation/help.js';
import { replyChart } from '../../app/conversation/chart-spec.js';
import type { ConversationDeps } from '../../app/conversation/ports.js';
import { reply } from '../../app/conversation/reply.js';
import type { ActionResult, Conversation, Identity, Notice, Reply } from '../../app/conversation/types.js';
import { ACTION_PREFIX, decodeAction, LEGACY_ACTION_PREFIX } from './render-buttons.js';
import { renderFailure, renderWorking } from './render-help.js';
import { renderNoticeBlocks } from './render-notice.js';
import { renderReply } from './render-reply.js';
import { normalizeIncoming } from './normalize-incoming.js';
import { CHART_REFUSED_NOTE, privateUploader, sendWithChartFallback, slackChartImage, type SlackChartDeps } from './slack-charts.js';
import type { SlackMessage } from './types.js';

export interface HandlerDeps extends Omit<ConversationDeps, 'logger'>, Omit<SlackChartDeps, 'upload'> {
  /** The slash command to answer, `/cost` by default. */
  command: string;
  /** Registers work that continues after the acknowledgement, so `stop()` can wait for it. */
  track: <T>(work: Promise<T>) => Promise<T>;
}

type Blocks = (types.KnownBlock | types.Block)[];
const asArgs = (m: SlackMessage): { text: string; blocks: Blocks } => ({ text: m.text, blocks: m.blocks as unknown as Blocks });

/**
 * Lets the acknowledgement leave before the answer is computed: Node flushes an HTTP
 * response on a later tick, and the engine's work is synchronous CPU, which would hold
 * the ack back past Slack's 3 seconds on a large question.
 */
const afterAck = () => new Promise<void>((resolve) => setImmediate(resolve));

const isDmChannel = (id: string | undefined | null, name?: string) => (id?.startsWith('D') ?? false) || name === 'directmessage';

/** Who acts: the user id from Slack's signed request (Bolt verified the signature). */
const identityOf = (userId: string | undefined, teamId: string | undefined | null): Identity => ({ platform: 'slack', userId: userId ?? '', ...(teamId ? { tenant: teamId } : {}) });

/**
 * A reply rendered with its chart (uploaded privately, or a QuickChart URL), and the same
 * without the chart for when Slack refuses the image.
 */
async function renderWithChart(deps: HandlerDeps, logger: Logger, client: WebClient, r: Reply, opts: { prefix: string; sharedBy?: string }) {
  const spec = replyChart(r);
  const title = r.kind === 'answer' ? r.answer.query.text : r.kind === 'notice' ? r.notice.title : '';
  const { chart, note } = await slackChartImage({ ...deps, logger, upload: privateUploader(client) }, spec, title);
  const message = renderReply(r, { ...opts, chart, extraNotes: note ? [note] : [] });
  const withoutChart = chart ? () => renderReply(r, { ...opts, chart: null, extraNotes: [CHART_REFUSED_NOTE] }) : null;
  return { message, withoutChart };
}

/**
 * The Bolt listeners: verify (Bolt), decode, call a use case of the conversation layer
 * with the verified identity, render and send. Each acknowledges first (Slack waits 3 s
 * at most), then answers through the response_url or chat.postMessage.
 */
export function registerHandlers(app: App, deps: HandlerDeps & { logger: Logger }): void {
  const prefix = `${deps.command} `;
  const conversationDeps = (logger: Logger): ConversationDeps => ({ asker: deps.asker, clock: deps.clock, logger });

  app.command(deps.command, async ({ command, ack, respond, client }) => {
    const log = deps.logger.child({ slack: 'command', team: command.team_id, channel: command.channel_id, user: command.user_id });
    const text = normalizeIncoming(command.text ?? '');
    const identity = identityOf(command.user_id, command.team_id);
    const isDm = isDmChannel(command.channel_id, command.channel_name);
    const conversation: Conversation = { channelId: command.channel_id ?? null, private: true, isDm, canShare: !isDm };
    if (isHelpRequest(text)) {
      const help = await reply(conversationDeps(log), { text, identity, conversation });
      await ack({ response_type: 'ephemeral', ...asArgs(renderReply(help, { prefix })) });
      return;
    }
    await ack({ response_type: 'ephemeral', ...asArgs(renderWorking(text)) });
    await deps.track(
      (async () => {
        await afterAck();
        const r = await reply(conversationDeps(log), { text, identity, conversation });
        const inChannel = r.kind === 'answer' && r.public;
        const { message, withoutChart } = await renderWithChart(deps, log, client, r, { prefix, sharedBy: inChannel ? command.user_id : undefined });
        const extra: Partial<RespondArguments> = { response_type: inChannel ? 'in_channel' : 'ephemeral' };
        await sendWithChartFallback((m) => respond({ ...extra, ...asArgs(m) } as RespondArguments), message, withoutChart, log).catch((err) => log.error({ err }, 'slack answer could not be sent'));
      })(),
    );
  });

  app.action<BlockAction<ButtonAction>>(new RegExp(`^(${ACTION_PREFIX}|${LEGACY_ACTION_PREFIX})`), async ({ ack, body, action, respond, client }) => {
    await ack();
    await afterAck();
    const channelId = body.channel?.id ?? (body.container as { channel_id?: string } | undefined)?.channel_id ?? null;
    const log = deps.logger.child({ slack: 'action', action: action.action_id, team: body.team?.id, channel: channelId, user: body.user.id });
    const decoded = decodeAction(action.action_id, action.value);
    if (!decoded) return;
    const isDm = isDmChannel(channelId);
    const ephemeralSource = (body.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral === true;
    const messageTs = body.message?.ts ?? (body.container as { message_ts?: string } | undefined)?.message_ts;
    await deps.track(
      (async () => {
        const result = await handleAction(conversationDeps(log), {
          verb: decoded.verb,
          id: decoded.id,
          identity: identityOf(body.user.id, body.team?.id),
          conversation: { channelId, private: ephemeralSource || isDm, isDm, canShare: !isDm },
          ...(channelId && messageTs ? { message: { platform: 'slack' as const, channel: channelId, id: messageTs } } : {}),
          now: deps.clock(),
        });
        await deliverActionResult(result, { deps, log, client, respond, channelId, messageTs, ephemeralSource, isDm, userId: body.user.id, prefix }).catch((err) =>
          log.error({ err }, 'slack follow-up could not be sent'),
        );
      })(),
    );
  });

  const answerInConversation = async (client: WebClient, event: { text?: string; channel: string; user?: string; ts: string; thread_ts?: string; team?: string }, kind: 'mention' | 'dm') => {
    const log = deps.logger.child({ slack: kind, team: event.team, channel: event.channel, user: event.user });
    const text = normalizeIncoming(event.text ?? '');
    const where = kind === 'mention' ? { channel: event.channel, thread_ts: event.thread_ts ?? event.ts } : { channel: event.channel, ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}) };
    try {
      await afterAck();
      const r = await reply(conversationDeps(log), {
        text,
        identity: identityOf(event.user, event.team),
        conversation: { channelId: event.channel, private: kind === 'dm', isDm: kind === 'dm', canShare: false },
      });
      const { message, withoutChart } = await renderWithChart(deps, log, client, r, { prefix: '' });
      await sendWithChartFallback((m) => client.chat.postMessage({ ...where, ...asArgs(m) }), message, withoutChart, log);
    } catch (err) {
      log.error({ err }, 'slack reply could not be sent');
      await client.chat.postMessage({ ...where, ...asArgs(renderFailure({ asked: text, reference: 'post-failed', examples: [] }, '')) }).catch(() => undefined);
    }
  };

  app.event('app_mention', async ({ event, client }) => {
    await deps.track(answerInConversation(client, event, 'mention'));
  });

  app.event('message', async ({ event, client }) => {
    // Only what a person writes to the bot directly: no edits, joins or bot posts.
    const m = event as { channel_type?: string; subtype?: string; bot_id?: string; text?: string; channel: string; user?: string; ts: string; thread_ts?: string; team?: string };
    if (m.channel_type !== 'im' || m.subtype !== undefined || m.bot_id !== undefined) return;
    await deps.track(answerInConversation(client, m, 'dm'));
  });

  app.error(async (err) => {
    deps.logger.error({ err }, 'slack listener failed');
  });
}

interface Delivery {
  deps: HandlerDeps;
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
async function deliverActionResult(result: ActionResult, d: Delivery): Promise<void> {
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
      if (d.channelId && d.messageTs) await d.client.chat.update({ channel: d.channelId, ts: d.messageTs, ...asArgs(renderNoticeBlocks(result.notice)) });
      else await d.respond({ replace_original: true, ...asArgs(renderNoticeBlocks(result.notice)) } as RespondArguments);
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
