/** The Microsoft Teams surface (see README.md in this folder). */
export { mountTeams, TEAMS_MESSAGES_PATH, type TeamsMount } from './mount-teams.js';
export { sendProactive, saveConversation, baseConversationId, owningTeam, TEAMS_PLATFORM, UnknownConversationError, type ProactiveDeps } from './conversation-refs.js';
export { answerCard, MAX_TABLE_ROWS, type AnswerCardOptions, type AnswerCardResult } from './answer-card.js';
export { helpCard, rejectedCard, failureCard, examplesFor } from './message-cards.js';
export { FOLLOW_UP_VERB, MAX_CARD_BYTES, cardBytes } from './card-elements.js';
export { replyTo, normalizeText, type Reply, type ReplyKind } from './reply-to.js';
export type { AdaptiveCard, CardImage, ChartImage, TeamsChartPort, TeamsDeps } from './types.js';
