import { Application } from '@microsoft/teams-ai/lib/Application.js';
import type { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter.js';
import { ActivityTypes, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { FOLLOW_UP_VERB } from './card-elements.js';
import { saveConversation } from './conversation-refs.js';
import { helpCard, rejectedCard } from './message-cards.js';
import { replyTo } from './reply-to.js';
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

/** In a personal chat everything is already private: sharing only makes sense in a channel or group chat. */
function canShare(ctx: TurnContext): boolean {
  return ctx.activity.conversation?.conversationType !== 'personal';
}

/**
 * The Teams bot: routes activities to the ask use case and renders its replies.
 * Route order matters (teams-ai runs the first match; a catch-all registered early
 * swallowed `actionSubmit`), so the specific routes come first:
 *  1. `membersAdded`: remember the conversation, greet when the bot itself was added;
 *  2. `Action.Execute` with verb `finops.followup` (an invoke): answer the button's query
 *     and return the card, which replaces the one clicked (Universal Actions);
 *  3. `Action.Submit` with data.verb `finops.followup` (clients without Universal Actions);
 *  4. every other message (plain or @mention, the mention already removed): help or an answer.
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

  app.conversationUpdate('membersAdded', async (ctx) => {
    await saveConversation(ctx.activity, deps);
    const botId = ctx.activity.recipient?.id;
    if (ctx.activity.membersAdded?.some((m) => m.id === botId)) await ctx.sendActivity(cardActivity(helpCard(deps.engine.dimensionKeys())));
  });

  app.adaptiveCards.actionExecute<{ text?: unknown }>(FOLLOW_UP_VERB, async (ctx, _state, data) => {
    const logger = turnLogger(deps, ctx);
    await saveConversation(ctx.activity, deps);
    if (typeof data?.text !== 'string') {
      logger.warn({ data: JSON.stringify(data ?? null).slice(0, 200) }, 'follow-up button without a query');
      return rejectedCard('This button carries no question (the card may be from an older version of the bot). Type your question instead.', '', deps.engine.dimensionKeys());
    }
    const reply = await replyTo(data.text, deps, { canShare: canShare(ctx), logger });
    // "Share in channel": the answer goes to everyone as a new message; the clicked card shows it too.
    if (reply.public && canShare(ctx)) await ctx.sendActivity(cardActivity(reply.card));
    return reply.card;
  });

  app.adaptiveCards.actionSubmit<{ text?: unknown }>(FOLLOW_UP_VERB, async (ctx, _state, data) => {
    await saveConversation(ctx.activity, deps);
    const text = typeof data?.text === 'string' ? data.text : 'help';
    const reply = await replyTo(text, deps, { canShare: canShare(ctx), logger: turnLogger(deps, ctx) });
    await ctx.sendActivity(cardActivity(reply.card));
  });

  app.activity(ActivityTypes.Message, async (ctx) => {
    await saveConversation(ctx.activity, deps);
    const reply = await replyTo(ctx.activity.text ?? '', deps, { canShare: canShare(ctx), logger: turnLogger(deps, ctx) });
    await ctx.sendActivity(cardActivity(reply.card));
  });

  return app;
}
