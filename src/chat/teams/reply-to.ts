import type { Activity } from 'botbuilder';
import type { Logger } from 'pino';
import { replyChart } from '../../app/conversation/chart-spec.js';
import { reply } from '../../app/conversation/reply.js';
import type { Conversation, Identity, Reply } from '../../app/conversation/types.js';
import { chartImage } from './chart-image.js';
import { baseConversationId } from './conversation-refs.js';
import { replyCard } from './render-reply.js';
import type { AdaptiveCard, TeamsDeps } from './types.js';

export type ReplyKind = Reply['kind'];

/** A reply rendered for Teams. */
export interface TeamsReply {
  kind: ReplyKind;
  card: AdaptiveCard;
  /** True when the answer is for everyone in the conversation (`public`, the Share button). */
  public: boolean;
  /** The engine's total, for logs and tests. */
  total?: number;
  /** The same card without its embedded chart, for a connector that refuses the message with it; null without one. */
  withoutChart: (() => AdaptiveCard) | null;
}

/** Said once, in the card sent again without its chart, when Teams refused the message with it embedded. */
export const CHART_REFUSED_NOTE = 'The chart is left out: Teams refused the message with the image embedded. Set FINOPS_PUBLIC_URL so Teams loads charts from the bot.';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/**
 * What the user typed, as the query language reads it. Teams sends HTML-ish text: other
 * people's mentions as `<at>Name</at>`, non-breaking spaces, a trailing newline. A
 * leading `cost` (as in the Slack command `/cost by team`) is dropped, so both
 * `cost by team last week` and `by team last week` work.
 */
export function normalizeText(raw: string | undefined | null): string {
  return (raw ?? '')
    .replace(/&nbsp;|\u00a0/gi, ' ')
    .replace(/<\/?[a-z][^>]*>/gi, ' ')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ENTITIES[e]!)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\/?costs?(?=\s|$)/i, '')
    .trim();
}

/** Who acts: the validated activity's Entra object id (lower case), else the channel account id. */
export function identityOf(activity: Partial<Activity>): Identity {
  const from = activity.from;
  const tenant = activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return { platform: 'teams', userId: from?.aadObjectId?.toLowerCase() ?? from?.id ?? '', ...(from?.name ? { displayName: from.name } : {}), ...(tenant ? { tenant } : {}) };
}

/** Where the activity was: a personal chat is private; a channel or group chat can be shared with. */
export function conversationOf(activity: Partial<Activity>): Conversation {
  const personal = activity.conversation?.conversationType === 'personal';
  const id = activity.conversation?.id;
  return { channelId: id ? baseConversationId(id) : null, private: personal, isDm: personal, canShare: !personal };
}

/** A reply of the conversation layer as a Teams card, with its chart (hosted or embedded). */
export async function renderTeamsReply(r: Reply, deps: TeamsDeps, logger: Logger): Promise<TeamsReply> {
  const chart = await chartImage(replyChart(r), { ...deps, logger });
  const dimensionKeys = deps.asker.dimensionKeys();
  const built = replyCard(r, { chart, dimensionKeys });
  if (built.shownRows !== undefined && built.totalRows !== undefined && built.shownRows < built.totalRows) logger.info({ shown: built.shownRows, rows: built.totalRows }, 'answer card truncated to fit Teams');
  return {
    kind: r.kind,
    card: built.card,
    public: r.kind === 'answer' && r.public,
    ...(r.kind === 'answer' ? { total: r.answer.total } : {}),
    withoutChart: chart?.embedded ? () => replyCard(r, { chart: null, dimensionKeys, extraNotes: [CHART_REFUSED_NOTE] }).card : null,
  };
}

/**
 * The reply to one message, whatever the route (a message, a mention): the conversation
 * layer's `reply` with the activity's identity, rendered as a card. A bare mention or an
 * empty message gets help; a bare `cost` asks for the default range. Never throws for a
 * bad question or a failing engine — the user always hears back.
 */
export async function replyTo(rawText: string, deps: TeamsDeps, opts: { logger: Logger; canShare?: boolean; identity?: Identity; conversation?: Conversation }): Promise<TeamsReply> {
  const normalized = normalizeText(rawText);
  const text = normalized === '' && /(^|\s)\/?costs?(\s|$)/i.test(rawText) ? 'cost' : normalized;
  const identity = opts.identity ?? { platform: 'teams', userId: '' };
  const canShare = opts.canShare ?? opts.conversation?.canShare ?? false;
  const conversation = { ...(opts.conversation ?? { channelId: null, private: !canShare, isDm: !canShare }), canShare };
  const r = await reply({ asker: deps.asker, clock: deps.clock, logger: opts.logger, ...(deps.services ? { services: deps.services } : {}) }, { text, identity, conversation });
  return renderTeamsReply(r, deps, opts.logger);
}
