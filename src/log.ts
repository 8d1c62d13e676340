import pino, { type Logger } from 'pino';

/** Paths that may hold secrets anywhere in a log object: never written out. */
export const REDACT_PATHS = [
  '*.token', '*.botToken', '*.signingSecret', '*.appToken', '*.appPassword', '*.password', '*.secret', '*.authorization',
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-slack-signature"]', 'headers.authorization',
  'env.SLACK_BOT_TOKEN', 'env.SLACK_SIGNING_SECRET', 'env.SLACK_APP_TOKEN', 'env.MICROSOFT_APP_PASSWORD', 'env.DATABASE_URL',
];

/**
 * The one logger, injected everywhere: JSON lines on stderr (stdout stays clean for
 * `--json` output), level from LOG_LEVEL, secrets redacted.
 */
export function createLogger(opts: { level?: string; name?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      name: opts.name ?? 'finops-bot',
      level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    opts.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

export type { Logger };
