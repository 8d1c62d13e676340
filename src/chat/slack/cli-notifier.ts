import type { Logger } from 'pino';
import type { Notifier } from '../../app/conversation/types.js';
import type { ChartsConfig, Environment } from '../../config/index.js';
import { defaultCharts } from '../default-charts.js';
import { slackNotifier } from './slack-notifier.js';

/**
 * Slack's notifier for a process that serves no Slack requests (`finops-bot jobs run`):
 * the Web API with `SLACK_BOT_TOKEN` (and `SLACK_API_URL`), or null without a token.
 */
export async function standaloneSlackNotifier(env: Environment, chartsConfig: ChartsConfig, logger: Logger): Promise<Notifier | null> {
  const { botToken, apiUrl } = env.slack;
  if (botToken === null) return null;
  const { WebClient } = await import('@slack/web-api');
  const client = new WebClient(botToken.reveal(), { ...(apiUrl ? { slackApiUrl: apiUrl } : {}), retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 }, timeout: 10_000 });
  const log = logger.child({ component: 'slack' });
  return slackNotifier({ client, logger: log, charts: defaultCharts({ onError: (err) => log.warn({ err }, 'chart drawing failed') }), chartsConfig });
}
