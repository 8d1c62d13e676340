import { Application } from '@microsoft/teams-ai/lib/Application.js';
import type { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter.js';
import { ActivityTypes, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { handleAction } from '../../app/conversation/actions.js';
import { exampleQuestions } from '../../app/conversation/help.js';
import type { ConversationDeps } from '../../app/conversation/ports.js';
import { ACTION_VERBS, type ActionResult } from '../../app/conversation/types.js';
import { ACTION_VERB, FOLLOW_UP_VERB } from './card-elements.js';
import { saveConversation } from './conversation-refs.js';
import { rejectedCard } from './message-cards.js';
import { noticeCard } from './notice-card.js';
import { conversationOf, identityOf, renderTeamsReply, replyTo } from './reply-to.js';
import { sendCard } from './teams-notifier.js';
import type { AdaptiveCard, TeamsDeps } from './types.js';

/** A reply activity holding one Adaptive Card (with a text for notifications). */
export function cardActivity(card: AdaptiveCard) {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  if (card.fallbackText) activity.summary = card.fallbackText;
  return activity;
}

function turnLogger(deps: TeamsDeps, ctx: TurnContext): Logger {
  const a = ctx.activity;
  return deps.logger.child({ platform: 'teams', activityId: a.id, conversationId: a.conversation?.id, activityType: a.type });
}

type ButtonData = { verb?: unknown; id?: unknown; text?: unknown; input?: unknown };

/**
 * A click as the action table takes it: `finops.action` buttons carry `{verb, id}` (and
 * the typed `input` when the button asked for one); `finops.followup` buttons of cards
 * posted before carry query text, and are `ask` clicks. Null when the data is unusable.
 */
function decodeButton(routeVerb: string, data: ButtonData | undefined): { verb: string; id: string; input?: string } | null {
  if (routeVerb === FOLLOW_UP_VERB) return typeof data?.text === 'string' ? { verb: 'ask', id: data.text } : null;
  if (typeof data?.verb !== 'string' || typeof data.id !== 'string') return null;
  return { verb: data.verb, id: data.id, ...(typeof data.input === 'string' ? { input: data.input } : {}) };
}

/**
 * The Teams bot: verifies (the adapter), decodes activities, calls the conversation
 * layer with the validated identity, and renders cards. Route order matters (teams-ai
 * runs the first match; a catch-all registered early swallowed `actionSubmit`), so the
 * specific routes come first:
 *  1. `membersAdded`: remember the conversation, greet when the bot itself was added;
 *  2. `Action.Execute` with verb `finops.action` (and `finops.followup` of older cards),
 *     an invoke: the action table; a returned card replaces the one clicked for the
 *     clicker (Universal Actions), a returned text is shown to the clicker only;
 *  3. `Action.Submit` with data.verb (clients without Universal Actions);
 *  4. every other message (plain or @mention, the mention already removed): `reply`.
 */
export function createTeamsApplication(adapter: TeamsAdapter, deps: TeamsDeps, appId: string | null): Application {
  const app = new Application({
    adapter,
    ...(appId ? { botAppId: appId } : {}),
    // No storage: the bot keeps nothing per turn; what it remembers lives in the store.
    removeRecipientMention: true,
    startTypingTimer: true,
    longRunningMessages: false,
    adaptiveCards: { actionSubmitFilter: 'verb' },
  });
  const conversationDeps = (logger: Logger): ConversationDeps => ({ asker: deps.asker, clock: deps.clock, logger, ...(deps.services ? { services: deps.services } : {}) });

  /** Runs a click through the action table; what it gives is rendered by the caller. */
  const click = async (ctx: TurnContext, routeVerb: string, data: ButtonData | undefined): Promise<{ result: ActionResult; logger: Logger } | { invalid: AdaptiveCard; logger: Logger }> => {
    const logger = turnLogger(deps, ctx);
    await saveConversation(ctx.activity, deps);
    const button = decodeButton(routeVerb, data);
    if (!button) {
      logger.warn({ data: JSON.stringify(data ?? null).slice(0, 200) }, 'button without a usable verb and id');
      const message = 'This button carries no question (the card may be from an older version of the bot). Type your question instead.';
      return { invalid: rejectedCard({ asked: '', message, suggestions: [], examples: exampleQuestions(deps.asker, deps.clock()) }), logger };
    }
    const conversation = conversationOf(ctx.activity);
    const messageId = ctx.activity.replyToId;
    const result = await handleAction(conversationDeps(logger), {
      ...button,
      identity: identityOf(ctx.activity),
      conversation,
      ...(messageId && conversation.channelId ? { message: { platform: 'teams' as const, channel: conversation.channelId, id: messageId } } : {}),
      now: deps.clock(),
    });
    return { result, logger };
  };

  /**
   * What a click's result becomes: the card (or text) for the clicker, after posting what
   * everyone sees — a shared answer as a new message, a decision as an update of the
   * clicked message, a Why? in its thread.
   */
  const deliver = async (ctx: TurnContext, result: ActionResult, logger: Logger): Promise<AdaptiveCard | string> => {
    switch (result.kind) {
      case 'reply': {
        const rendered = await renderTeamsReply(result.reply, deps, logger);
        if (rendered.public && conversationOf(ctx.activity).canShare) await sendCard(ctx, rendered.card, rendered.withoutChart, logger);
        return rendered.card;
      }
      case 'update': {
        const card = noticeCard(result.notice);
        if (ctx.activity.replyToId) await ctx.updateActivity({ ...cardActivity(card), id: ctx.activity.replyToId });
        return result.toClicker ? result.toClicker.text : card;
      }
      case 'thread':
        await sendCard(ctx, noticeCard(result.notice), null, logger);
        return 'Posted in the thread.';
      case 'private':
        return result.notice.text;
    }
  };

  app.conversationUpdate('membersAdded', async (ctx) => {
    await saveConversation(ctx.activity, deps);
    const botId = ctx.activity.recipient?.id;
    if (ctx.activity.membersAdded?.some((m) => m.id === botId)) {
      const help = await replyTo('help', deps, { logger: turnLogger(deps, ctx), identity: identityOf(ctx.activity), conversation: conversationOf(ctx.activity) });
      await ctx.sendActivity(cardActivity(help.card));
    }
  });

  for (const routeVerb of [ACTION_VERB, FOLLOW_UP_VERB]) {
    app.adaptiveCards.actionExecute<ButtonData>(routeVerb, async (ctx, _state, data) => {
      const outcome = await click(ctx, routeVerb, data);
      if ('invalid' in outcome) return outcome.invalid;
      return deliver(ctx, outcome.result, outcome.logger);
    });
  }

  // Clients without Universal Actions send Action.Submit with the button's data: routed by data.verb.
  for (const submitVerb of [FOLLOW_UP_VERB, ...ACTION_VERBS]) {
    app.adaptiveCards.actionSubmit<ButtonData>(submitVerb, async (ctx, _state, data) => {
      const routeVerb = submitVerb === FOLLOW_UP_VERB ? FOLLOW_UP_VERB : ACTION_VERB;
      const outcome = await click(ctx, routeVerb, routeVerb === FOLLOW_UP_VERB && typeof data?.text !== 'string' ? { ...data, text: 'help' } : data);
      if ('invalid' in outcome) {
        await ctx.sendActivity(cardActivity(outcome.invalid));
        return;
      }
      const shown = await deliver(ctx, outcome.result, outcome.logger);
      const r = outcome.result;
      const posted = r.kind === 'reply' && r.reply.kind === 'answer' && r.reply.public && conversationOf(ctx.activity).canShare;
      if (typeof shown === 'string') await ctx.sendActivity(shown);
      else if (!posted) await ctx.sendActivity(cardActivity(shown));
    });
  }

  app.activity(ActivityTypes.Message, async (ctx) => {
    await saveConversation(ctx.activity, deps);
    const logger = turnLogger(deps, ctx);
    const r = await replyTo(ctx.activity.text ?? '', deps, { logger, identity: identityOf(ctx.activity), conversation: conversationOf(ctx.activity) });
    await sendCard(ctx, r.card, r.withoutChart, logger);
  });

  return app;
}
