import type { App, BlockAction, ButtonAction, RespondArguments, RespondFn, types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { composeReply, type ComposeDeps, type Reply, type UploadChart } from './compose-reply.js';
import { ACTION_PREFIX } from './render-blocks.js';
import { isHelpRequest, renderFailure, renderHelp, renderWorking } from './render-help.js';
import { normalizeIncoming } from './normalize-incoming.js';
import type { SlackMessage } from './types.js';

export interface HandlerDeps extends Omit<ComposeDeps, 'upload'> {
  /** The slash command to answer, `/cost` by default. */
  command: string;
  /** Registers work that continues after the acknowledgement, so `stop()` can wait for it. */
  track: <T>(work: Promise<T>) => Promise<T>;
}

type Blocks = (types.KnownBlock | types.Block)[];
const asArgs = (m: SlackMessage): { text: string; blocks: Blocks } => ({ text: m.text, blocks: m.blocks as unknown as Blocks });

/** files.uploadV2 through the request's client; the file id comes from the completion. */
function uploaderFor(client: WebClient): UploadChart {
  return async (chart, where) => {
    const res = await client.files.uploadV2({
      channel_id: where.channelId,
      ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
      file: chart.png,
      filename: 'chart.png',
      title: where.title,
      alt_text: chart.alt,
    } as Parameters<WebClient['files']['uploadV2']>[0]);
    const files = (res as { files?: { files?: { id?: string }[] }[] }).files;
    const id = files?.[0]?.files?.[0]?.id;
    if (!id) throw new Error('files.uploadV2 returned no file id');
    return id;
  };
}

/** Sends through the response_url; when Slack refuses the message with its chart, sends it without. */
async function respondWithFallback(respond: RespondFn, reply: Reply, extra: Partial<RespondArguments>, deps: HandlerDeps): Promise<void> {
  try {
    await respond({ ...extra, ...asArgs(reply.message) } as RespondArguments);
  } catch (err) {
    if (reply.kind !== 'answer' || reply.chart === null) throw err;
    deps.logger.warn({ err }, 'slack refused the answer with its chart; sending it without');
    await respond({ ...extra, ...asArgs(reply.withoutChart()) } as RespondArguments);
  }
}

/** Posts with chat.postMessage; when Slack refuses the message with its chart, posts it without. */
async function postWithFallback(client: WebClient, reply: Reply, where: { channel: string; thread_ts?: string }, deps: HandlerDeps): Promise<void> {
  try {
    await client.chat.postMessage({ ...where, ...asArgs(reply.message) });
  } catch (err) {
    if (reply.kind !== 'answer' || reply.chart === null) throw err;
    deps.logger.warn({ err }, 'slack refused the answer with its chart; posting it without');
    await client.chat.postMessage({ ...where, ...asArgs(reply.withoutChart()) });
  }
}

/**
 * Lets the acknowledgement leave before the answer is computed: Node flushes an HTTP
 * response on a later tick, and the engine's work is synchronous CPU, which would hold
 * the ack back past Slack's 3 seconds on a large question.
 */
const afterAck = () => new Promise<void>((resolve) => setImmediate(resolve));

const isDmChannel = (id: string | undefined, name?: string) => (id?.startsWith('D') ?? false) || name === 'directmessage';

/**
 * The Bolt listeners. Each one acknowledges first (Slack waits 3 s at most), then
 * computes and answers through the response_url or chat.postMessage. Business
 * rules stay in `composeReply` and the engine; this is transport.
 */
export function registerHandlers(app: App, deps: HandlerDeps): void {
  const prefix = `${deps.command} `;

  app.command(deps.command, async ({ command, ack, respond, client }) => {
    const log = deps.logger.child({ slack: 'command', team: command.team_id, channel: command.channel_id, user: command.user_id });
    const text = normalizeIncoming(command.text ?? '');
    if (isHelpRequest(text)) {
      await ack({ response_type: 'ephemeral', ...asArgs(renderHelp(prefix)) });
      return;
    }
    await ack({ response_type: 'ephemeral', ...asArgs(renderWorking(text)) });
    await deps.track(
      (async () => {
        await afterAck();
        const isDm = isDmChannel(command.channel_id, command.channel_name);
        const reply = await composeReply({ ...deps, logger: log, upload: uploaderFor(client) }, text, {
          userId: command.user_id, channelId: command.channel_id, isDm, conversationVisible: false, canShare: !isDm, sharedBy: command.user_id,
        }, prefix);
        const inChannel = reply.kind === 'answer' && reply.public;
        await respondWithFallback(respond, reply, { response_type: inChannel ? 'in_channel' : 'ephemeral' }, deps).catch((err) => log.error({ err }, 'slack answer could not be sent'));
      })(),
    );
  });

  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ACTION_PREFIX}`), async ({ ack, body, action, respond, client }) => {
    await ack();
    await afterAck();
    const channelId = body.channel?.id ?? (body.container as { channel_id?: string } | undefined)?.channel_id ?? null;
    const log = deps.logger.child({ slack: 'action', action: action.action_id, team: body.team?.id, channel: channelId, user: body.user.id });
    const text = typeof action.value === 'string' ? action.value : '';
    await deps.track(
      (async () => {
        const isDm = isDmChannel(channelId ?? undefined);
        const reply = await composeReply({ ...deps, logger: log, upload: uploaderFor(client) }, text, {
          userId: body.user.id, channelId, isDm, conversationVisible: false, canShare: !isDm, sharedBy: body.user.id,
        }, prefix);
        // A public answer (Share in channel) is a new message for everyone; a drill-down
        // replaces the clicker's own answer (ephemeral or in a DM) and never a message
        // others see: there it arrives as a new answer only the clicker sees.
        const ephemeralSource = (body.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral === true;
        const extra: Partial<RespondArguments> =
          reply.kind === 'answer' && reply.public
            ? { response_type: 'in_channel', replace_original: false }
            : ephemeralSource || isDm
              ? { replace_original: true }
              : { response_type: 'ephemeral', replace_original: false };
        await respondWithFallback(respond, reply, extra, deps).catch((err) => log.error({ err }, 'slack follow-up could not be sent'));
      })(),
    );
  });

  const answerInConversation = async (client: WebClient, event: { text?: string; channel: string; user?: string; ts: string; thread_ts?: string; team?: string }, kind: 'mention' | 'dm') => {
    const log = deps.logger.child({ slack: kind, team: event.team, channel: event.channel, user: event.user });
    const text = normalizeIncoming(event.text ?? '');
    const where = kind === 'mention' ? { channel: event.channel, thread_ts: event.thread_ts ?? event.ts } : { channel: event.channel, ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}) };
    try {
      await afterAck();
      if (isHelpRequest(text)) {
        await client.chat.postMessage({ ...where, ...asArgs(renderHelp('')) });
        return;
      }
      const reply = await composeReply({ ...deps, logger: log, upload: uploaderFor(client) }, text, {
        userId: event.user ?? '', channelId: event.channel, isDm: kind === 'dm', conversationVisible: true, canShare: false, threadTs: where.thread_ts,
      }, '');
      await postWithFallback(client, reply, where, deps);
    } catch (err) {
      log.error({ err }, 'slack reply could not be sent');
      await client.chat.postMessage({ ...where, ...asArgs(renderFailure(text, 'post-failed', '')) }).catch(() => undefined);
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
