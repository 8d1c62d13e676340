import type { App, BlockAction, ButtonAction, RespondArguments, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { handleAction } from '../../app/conversation/actions.js';
import { isHelpRequest } from '../../app/conversation/help.js';
import type { ConversationDeps } from '../../app/conversation/ports.js';
import { reply } from '../../app/conversation/reply.js';
import type { Conversation, Identity } from '../../app/conversation/types.js';
import { asArgs, deliverActionResult, renderWithChart } from './deliver-action.js';
import { INPUT_VIEW_CALLBACK, inputModal, readInputSubmission, responseUrlResponder, type InputContext } from './input-modal.js';
import { ACTION_PREFIX, decodeAction, INPUT_ACTION_PREFIX, LEGACY_ACTION_PREFIX } from './render-buttons.js';
import { renderFailure, renderWorking } from './render-help.js';
import { renderReply } from './render-reply.js';
import { normalizeIncoming } from './normalize-incoming.js';
import { sendWithChartFallback, type SlackChartDeps } from './slack-charts.js';

export interface HandlerDeps extends Omit<ConversationDeps, 'logger'>, Omit<SlackChartDeps, 'upload'> {
  /** The slash command to answer, `/cost` by default. */
  command: string;
  /** Registers work that continues after the acknowledgement, so `stop()` can wait for it. */
  track: <T>(work: Promise<T>) => Promise<T>;
}

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
 * The Bolt listeners: verify (Bolt), decode, call a use case of the conversation layer
 * with the verified identity, render and send. Each acknowledges first (Slack waits 3 s
 * at most), then answers through the response_url or chat.postMessage.
 */
export function registerHandlers(app: App, deps: HandlerDeps & { logger: Logger }): void {
  const prefix = `${deps.command} `;
  const conversationDeps = (logger: Logger): ConversationDeps => ({ asker: deps.asker, clock: deps.clock, logger, ...(deps.services ? { services: deps.services } : {}) });

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

  app.action<BlockAction<ButtonAction>>(new RegExp(`^(${ACTION_PREFIX}|${LEGACY_ACTION_PREFIX}|${INPUT_ACTION_PREFIX})`), async ({ ack, body, action, respond, client }) => {
    await ack();
    const channelId = body.channel?.id ?? (body.container as { channel_id?: string } | undefined)?.channel_id ?? null;
    const log = deps.logger.child({ slack: 'action', action: action.action_id, team: body.team?.id, channel: channelId, user: body.user.id });
    const decoded = decodeAction(action.action_id, action.value);
    if (!decoded) {
      log.warn({ value: String(action.value ?? '').slice(0, 200) }, 'button without a usable verb and id');
      return;
    }
    const isDm = isDmChannel(channelId);
    const ephemeralSource = (body.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral === true;
    const messageTs = body.message?.ts ?? (body.container as { message_ts?: string } | undefined)?.message_ts;
    if (decoded.input) {
      // Ask for the text first: the modal's submission is the click (a trigger_id lasts 3 s).
      const ctx: InputContext = { verb: decoded.verb, id: decoded.id, channelId, ...(messageTs ? { messageTs } : {}), ...(body.response_url ? { responseUrl: body.response_url } : {}), ephemeral: ephemeralSource, isDm };
      const view = inputModal(decoded.input, ctx);
      if (view) await client.views.open({ trigger_id: body.trigger_id, view: view as never }).catch((err) => log.error({ err }, 'slack input modal could not be opened'));
      return;
    }
    await afterAck();
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

  app.view(INPUT_VIEW_CALLBACK, async ({ ack, body, view, client }) => {
    await ack();
    const log = deps.logger.child({ slack: 'input', team: body.team?.id, user: body.user.id });
    const submitted = readInputSubmission(view);
    if (!submitted) {
      log.warn('input modal without its click');
      return;
    }
    const { ctx, text } = submitted;
    await deps.track(
      (async () => {
        const result = await handleAction(conversationDeps(log), {
          verb: ctx.verb,
          id: ctx.id,
          input: text,
          identity: identityOf(body.user.id, body.team?.id),
          conversation: { channelId: ctx.channelId, private: ctx.ephemeral || ctx.isDm, isDm: ctx.isDm, canShare: !ctx.isDm },
          ...(ctx.channelId && ctx.messageTs ? { message: { platform: 'slack' as const, channel: ctx.channelId, id: ctx.messageTs } } : {}),
          now: deps.clock(),
        });
        const respond: RespondFn = responseUrlResponder(ctx.responseUrl);
        await deliverActionResult(result, { deps, log, client, respond, channelId: ctx.channelId, messageTs: ctx.messageTs, ephemeralSource: ctx.ephemeral, isDm: ctx.isDm, userId: body.user.id, prefix }).catch((err) =>
          log.error({ err }, 'slack answer to an input could not be sent'),
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
