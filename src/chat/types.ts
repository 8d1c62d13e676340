import type { Logger } from 'pino';
import type { Asker, ChartRenderer, ConversationServices } from '../app/conversation/ports.js';
import type { Environment, FinopsConfig } from '../config/index.js';
import type { Store } from '../store/index.js';

/**
 * What a chat surface (Slack, Teams) gets. Adapters only verify, decode, call a use case
 * of the conversation layer (src/app/conversation/) with a verified identity, and render;
 * they depend on the `Asker` port, never on the concrete engine.
 */
export interface ChatDeps {
  /** Answers questions (the cost engine). */
  asker: Asker;
  logger: Logger;
  /** The bot's clock (epoch ms): `--now` in demos and tests. */
  clock: () => number;
  config: FinopsConfig;
  env: Environment;
  store: Store;
  /** The chart port (src/chat/default-charts.ts by default); null: no charts. */
  charts?: ChartRenderer | null;
  /** The bot's public base URL when known (for hosted chart images), e.g. https://bot.example.com */
  publicUrl?: string;
  /** What the commands and buttons beyond questions use: budgets and approvals, access control, snooze, GPU questions, the jobs' buttons. */
  services?: ConversationServices;
}
