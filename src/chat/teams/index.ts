/** The Microsoft Teams surface (see README.md in this folder). */
export { mountTeams, TEAMS_MESSAGES_PATH, type TeamsMount } from './mount-teams.js';
export { sendProactive, saveConversation, continueIn, baseConversationId, owningTeam, userConversationKey, TEAMS_PLATFORM, UnknownConversationError, type ProactiveDeps } from './conversation-refs.js';
export { answerCard, MAX_TABLE_ROWS, type AnswerCardOptions, type AnswerCardResult } from './answer-card.js';
export { helpCard, rejectedCard, failureCard } from './message-cards.js';
export { noticeCard } from './notice-card.js';
export { replyCard } from './render-reply.js';
export { teamsNotifier, sendCard, type TeamsNotifierDeps } from './teams-notifier.js';
export { ACTION_VERB, FOLLOW_UP_VERB, MAX_CARD_BYTES, MAX_EMBEDDED_IMAGE_BYTES, cardBytes, actionButton } from './card-elements.js';
export { replyTo, renderTeamsReply, normalizeText, identityOf, conversationOf, type TeamsReply, type ReplyKind } from './reply-to.js';
export { chartImage, TEAMS_MAX_IMAGE_SIDE } from './chart-image.js';
export type { AdaptiveCard, CardImage, ChartStore, TeamsDeps } from './types.js';
