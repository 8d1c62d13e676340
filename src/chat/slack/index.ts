/** The Slack surface (Bolt): `/cost`, mentions, DMs, buttons and the Slack `Notifier`. See README.md. */
export { mountSlack, SLACK_EVENTS_PATH, type SlackMount, type SlackMountOptions } from './mount-slack.js';
export { renderAnswerBlocks, imageBlock, type RenderOptions } from './render-blocks.js';
export { ACTION_PREFIX, LEGACY_ACTION_PREFIX, actionsBlock, decodeAction } from './render-buttons.js';
export { renderNoticeBlocks, NOTICE_EVENT_TYPE } from './render-notice.js';
export { renderReply } from './render-reply.js';
export { slackNotifier, type SlackNotifierDeps } from './slack-notifier.js';
export { validateBlocks } from './validate-blocks.js';
export { SLACK_LIMITS, SLACK_IMAGE_URL_LIMIT } from './slack-text.js';
export type { ChartImage, SlackBlock, SlackMessage } from './types.js';
