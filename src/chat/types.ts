import type { Logger } from 'pino';
import type { CostEngine } from '../app/cost-engine.js';
import type { Environment, FinopsConfig } from '../config/index.js';
import type { Store } from '../store/index.js';

/**
 * What a chat surface (Slack, Teams, the web console) gets. Adapters only verify,
 * decode and render: the answer comes from `engine.ask`, the buttons from
 * `followUps` (src/app/follow-ups.ts), charts from src/charts/.
 */
export interface ChatDeps {
  engine: CostEngine;
  logger: Logger;
  /** The bot's clock (epoch ms): `--now` in demos and tests. */
  clock: () => number;
  config: FinopsConfig;
  env: Environment;
  store: Store;
  /** The bot's public base URL when known (for hosted chart images), e.g. https://bot.example.com */
  publicUrl?: string;
}
