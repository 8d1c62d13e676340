import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from 'pino';

function write(log: Logger, level: 'debug' | 'info' | 'warn' | 'error', args: unknown[]): void {
  const err = args.find((a): a is Error => a instanceof Error);
  const msg = args.filter((a) => !(a instanceof Error)).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  if (err) log[level]({ err }, msg || err.message);
  else log[level](msg);
}

/**
 * Bolt's and the Web API client's logs through our pino logger (one stream, the
 * same redaction). The level stays pino's: Bolt's `setLevel` calls are ignored.
 */
export function toBoltLogger(log: Logger): BoltLogger {
  return {
    debug: (...args) => write(log, 'debug', args),
    info: (...args) => write(log, 'info', args),
    warn: (...args) => write(log, 'warn', args),
    error: (...args) => write(log, 'error', args),
    setLevel: () => undefined,
    getLevel: () => (log.isLevelEnabled('debug') ? 'debug' : 'info') as LogLevel,
    setName: () => undefined,
  };
}
