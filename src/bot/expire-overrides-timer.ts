import type { Logger } from 'pino';
import type { BudgetDeps } from '../app/budgets/budget-deps.js';
import { expireOverrides } from '../app/budgets/expire-overrides.js';

/** How often pending override requests are checked for expiry (they expire 7 days after filing). */
export const EXPIRY_CHECK_MS = 15 * 60_000;

/**
 * Expires override requests left pending for 7 days: at start-up, then every 15 minutes.
 * Safe with several replicas: each expiry is one conditional update (a request is expired,
 * audited and announced once, by whichever replica gets there first). Returns the stop.
 */
export function startOverrideExpiry(deps: BudgetDeps, clock: () => number, logger: Logger, everyMs = EXPIRY_CHECK_MS): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = running.then(() => expireOverrides(deps, clock())).catch((err: unknown) => logger.warn({ err }, 'expiring override requests failed; tried again later'));
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
