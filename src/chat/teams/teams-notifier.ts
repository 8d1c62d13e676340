import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { ChartRenderer } from '../../app/conversation/ports.js';
import type { Notice, Notifier } from '../../app/conversation/types.js';
import { chartImage } from './chart-image.js';
import { baseConversationId, continueIn, userConversationKey, type ProactiveDeps } from './conversation-refs.js';
import { noticeCard } from './notice-card.js';
import { CHART_REFUSED_NOTE } from './reply-to.js';
import type { AdaptiveCard, ChartStore } from './types.js';

export interface TeamsNotifierDeps extends ProactiveDeps {
  logger: Logger;
  charts?: ChartRenderer | null;
  chartHost?: ChartStore;
  publicUrl?: string;
}

/** True for the connector's refusal of a message over its size limit. */
export function isTooLarge(err: unknown): boolean {
  const e = err as { statusCode?: number; code?: string; message?: string };
  return e?.statusCode === 413 || e?.code === 'MessageSizeTooBig' || /MessageSizeTooBig|413/.test(String(e?.message ?? ''));
}

/**
 * Sends a card; when the connector refuses it as too large and it embedded a chart, sends
 * it again without the chart (saying why once, in that card). Returns the activity id.
 */
export async function sendCard(ctx: TurnContext, card: AdaptiveCard, withoutChart: (() => AdaptiveCard) | null, logger: Logger): Promise<string | null> {
  const activityOf = (c: AdaptiveCard) => {
    const a = MessageFactory.attachment(CardFactory.adaptiveCard(c));
    if (c.fallbackText) a.summary = c.fallbackText;
    return a;
  };
  try {
    return (await ctx.sendActivity(activityOf(card)))?.id ?? null;
  } catch (err) {
    if (!withoutChart || !isTooLarge(err)) throw err;
    logger.warn({ err }, 'Teams refused the card with its embedded chart; sending it without');
    return (await ctx.sendActivity(activityOf(withoutChart())))?.id ?? null;
  }
}

/**
 * Posts notices to Teams from stored conversation references (`Notifier`):
 * - `post`: a proactive message to the conversation (a channel, a chat);
 * - `update`: `updateActivity` of that message;
 * - `reply`: in a channel, a reply in the message's thread (`…;messageid=<id>`); in a
 *   chat, a message replying to it;
 * - `direct`: the user's personal chat with the bot, known once they wrote to it;
 * - `findPosted`: `'unknown'` — the Bot Framework cannot list a conversation's messages.
 */
export function teamsNotifier(deps: TeamsNotifierDeps): Notifier {
  const cards = async (notice: Notice) => {
    const chart = await chartImage(notice.chart, deps);
    return { card: noticeCard(notice, { chart }), withoutChart: chart?.embedded ? () => noticeCard(notice, { extraNotes: [CHART_REFUSED_NOTE] }) : null };
  };
  const postIn = async (key: string, notice: Notice, opts: { thread?: string; replyTo?: string; unknown?: string } = {}) => {
    const { card, withoutChart } = await cards(notice);
    let id: string | null = null;
    let channel = key;
    await continueIn(deps, key, async (ctx, ref) => {
      channel = baseConversationId(ref.conversation?.id ?? key);
      if (opts.replyTo) ctx.activity.id = opts.replyTo;
      id = await sendCard(ctx, card, withoutChart, deps.logger);
    }, opts);
    if (!id) throw new Error(`the Teams connector returned no activity id for the message to ${channel}`);
    return { platform: 'teams' as const, channel, id };
  };
  return {
    platform: 'teams',
    post: (channel, notice) => postIn(channel, notice),
    update: async (ref, notice) => {
      const { card } = await cards(notice);
      await continueIn(deps, ref.channel, async (ctx) => {
        await ctx.updateActivity({ ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), id: ref.id, ...(card.fallbackText ? { summary: card.fallbackText } : {}) });
      });
    },
    reply: async (ref, notice) => {
      const stored = await deps.store.getConversationRef('teams', baseConversationId(ref.channel));
      const type = (stored?.reference as { conversation?: { conversationType?: string } } | undefined)?.conversation?.conversationType;
      const posted = await postIn(ref.channel, notice, type === 'channel' ? { thread: ref.id } : { replyTo: ref.id });
      return { ...posted, channel: baseConversationId(ref.channel) };
    },
    direct: (userId, notice) =>
      postIn(userConversationKey(userId), notice, {
        unknown: `The bot has no personal chat with the Teams user ${userId}: they must send the bot one message (or have the app installed for them) before it can write to them.`,
      }),
    findPosted: async () => 'unknown',
  };
}
