/** The Slack surface (Bolt): `/cost`, mentions, DMs and the follow-up buttons. See README.md. */
export { mountSlack, SLACK_EVENTS_PATH, type SlackMount, type SlackMountOptions } from './mount-slack.js';
export { renderAnswerBlocks, ACTION_PREFIX, type RenderOptions } from './render-blocks.js';
export { validateBlocks } from './validate-blocks.js';
export { SLACK_LIMITS, SLACK_IMAGE_URL_LIMIT } from './slack-text.js';
export type { ChartImage, ChartPng, SlackBlock, SlackChartPort, SlackMessage } from './types.js';
