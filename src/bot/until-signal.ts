import type { Logger } from 'pino';

/**
 * Resolves on the first SIGINT or SIGTERM (a graceful stop: the caller then stops the
 * bot, letting answers in flight finish); a second signal exits at once.
 */
export function untilSignal(logger: Logger, proc: Pick<NodeJS.Process, 'once' | 'exit'> = process): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      proc.once(signal as NodeJS.Signals, () => proc.exit(130));
      resolve(signal);
    };
    proc.once('SIGINT', () => on('SIGINT'));
    proc.once('SIGTERM', () => on('SIGTERM'));
  });
}
