import type { NoticePlatform, Notifier, Notifiers } from './types.js';

/**
 * The notifier of one platform, or an error that says how to connect it: a job or an
 * approval that must post to Slack when the bot has no Slack credentials learns why.
 */
export function notifierFor(notifiers: Notifiers, platform: NoticePlatform): Notifier {
  const notifier = notifiers[platform];
  if (notifier) return notifier;
  const how: Record<NoticePlatform, string> = {
    slack: 'set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN',
    teams: 'set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD',
    console: 'run the bot with its web console (finops-bot serve)',
  };
  throw new Error(`The bot is not connected to ${platform}: ${how[platform]}.`);
}
