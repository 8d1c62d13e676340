import pino, { type Logger } from 'pino';
import { redactDeep, redactText } from './redact.js';

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
      // Credentials inside URLs and connection strings, wherever they appear: the message,
      // any string field, an error's message and stack (src/redact.ts).
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>);
        },
      },
      formatters: { log: (obj) => redactDeep(obj) },
      serializers: { err: (err: Error) => redactDeep(JSON.parse(JSON.stringify(pino.stdSerializers.err(err))) as Record<string, unknown>) },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    opts.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

export type { Logger };
