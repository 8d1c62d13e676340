import { CardFactory, MessageFactory, TurnContext, type Activity, type CloudAdapterBase, type ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { FinopsConfig } from '../../config/index.js';
import type { Json, Store } from '../../store/index.js';
import type { AdaptiveCard } from './types.js';

/** The store's `platform` for Teams conversation references. */
export const TEAMS_PLATFORM = 'teams';

/**
 * `19:abc@thread.tacv2;messageid=1732…` (a reply thread in a channel) → `19:abc@thread.tacv2`
 * (the channel): the id the configuration names (`teams.<team>.teams.conversation`) and
 * the one a proactive post should go to, as a new post rather than into an old thread.
 */
export function baseConversationId(id: string): string {
  return id.split(';')[0]!;
}

/** The configured team that owns a Teams conversation, if any. */
export function owningTeam(config: Pick<FinopsConfig, 'teams'>, conversationId: string): string | null {
  const base = baseConversationId(conversationId);
  for (const [team, settings] of Object.entries(config.teams)) {
    if (settings.teams && baseConversationId(settings.teams.conversation) === base) return team;
  }
  return null;
}

export interface SaveRefDeps {
  store: Store;
  config: Pick<FinopsConfig, 'teams'>;
  clock: () => number;
  logger: Logger;
}

/** The key of a user's personal chat with the bot (where `direct` messages go). */
export function userConversationKey(userId: string): string {
  return `user:${userId.toLowerCase()}`;
}

/**
 * Remembers where a conversation is so jobs can post to it later (`sendProactive`).
 * Keyed by the base conversation id, with the owning team when the configuration names
 * one; a personal chat is also kept under its user (`user:<Entra object id>`), for direct
 * messages. A store failure is logged, never allowed to cost the user their answer.
 */
export async function saveConversation(activity: Partial<Activity>, deps: SaveRefDeps): Promise<boolean> {
  const id = activity.conversation?.id;
  if (!id || !activity.serviceUrl) return false;
  const base = baseConversationId(id);
  const ref: Partial<ConversationReference> = TurnContext.getConversationReference(activity);
  // A proactive post is a new message, not a reply to whatever was said last.
  delete ref.activityId;
  const reference = JSON.parse(JSON.stringify({ ...ref, conversation: { ...ref.conversation, id: base } })) as Json;
  const user = activity.from?.aadObjectId ?? activity.from?.id;
  const now = new Date(deps.clock());
  try {
    await deps.store.saveConversationRef({ platform: TEAMS_PLATFORM, conversationId: base, reference, team: owningTeam(deps.config, base) }, now);
    if (activity.conversation?.conversationType === 'personal' && user) {
      await deps.store.saveConversationRef({ platform: TEAMS_PLATFORM, conversationId: userConversationKey(user), reference, team: null }, now);
    }
    return true;
  } catch (err) {
    deps.logger.warn({ err, conversationId: base }, 'could not save the Teams conversation reference');
    return false;
  }
}

/** Thrown when the bot has never been in the conversation it is asked to post to. */
export class UnknownConversationError extends Error {
  override readonly name = 'UnknownConversationError';
}

export interface ProactiveDeps {
  adapter: Pick<CloudAdapterBase, 'continueConversationAsync'>;
  store: Pick<Store, 'getConversationRef'>;
  /** The bot's app id (MICROSOFT_APP_ID); null in emulator mode. */
  appId: string | null;
}

/**
 * Runs `fn` in a stored conversation, from a job rather than a reply. `thread` (a channel
 * message's id) continues in that message's reply chain instead of the channel itself.
 */
export async function continueIn(deps: ProactiveDeps, conversationKey: string, fn: (ctx: TurnContext, ref: Partial<ConversationReference>) => Promise<void>, opts: { thread?: string; unknown?: string } = {}): Promise<void> {
  const key = conversationKey.startsWith('user:') ? conversationKey : baseConversationId(conversationKey);
  const stored = await deps.store.getConversationRef(TEAMS_PLATFORM, key);
  if (!stored) {
    throw new UnknownConversationError(
      opts.unknown ??
        `The bot has no reference for the Teams conversation ${key}: add the bot to that team or chat (or send it one message there) so it learns where to post, and check the id in teams.<team>.teams.conversation.`,
    );
  }
  const ref = stored.reference as Partial<ConversationReference>;
  const target = opts.thread && ref.conversation ? { ...ref, conversation: { ...ref.conversation, id: `${baseConversationId(ref.conversation.id)};messageid=${opts.thread}` } } : ref;
  await deps.adapter.continueConversationAsync(deps.appId ?? '', target, async (ctx) => {
    // The continuation event carries a made-up id that sendActivity would reply to; without
    // it the card is posted to the conversation (POST …/activities) as a new message.
    ctx.activity.id = undefined;
    await fn(ctx, target);
  });
}

/**
 * Posts a card to a conversation the bot has seen before (a channel it was added to, a
 * chat it was messaged in), from a job rather than a reply. Returns the new message's
 * id (the ledger's message reference, to update it later).
 */
export async function sendProactive(deps: ProactiveDeps, conversationId: string, card: AdaptiveCard): Promise<{ conversationId: string; activityId: string | null }> {
  let activityId: string | null = null;
  await continueIn(deps, conversationId, async (ctx) => {
    const sent = await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    activityId = sent?.id ?? null;
  });
  return { conversationId: baseConversationId(conversationId), activityId };
}
