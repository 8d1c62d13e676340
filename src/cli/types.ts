import { nowOutOfRange } from '../core/now-range.js';

/** Where a command reads and writes (injected so tests run commands in-process). */
export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
}

export interface CommandArgs {
  positionals: string[];
  values: {
    now?: string;
    config?: string;
    data?: string;
    json?: boolean;
    port?: string;
    out?: string;
    rows?: string;
    today?: string;
    queries?: string;
    since?: string;
    'dry-run'?: boolean;
  };
}

export type Command = (args: CommandArgs, io: CommandIO) => Promise<number>;

/** A command line that cannot be run as given; the message says how to fix it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses `--now`: an ISO time (a date alone means its midnight UTC). */
export function parseNow(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(ms)) throw new UsageError(`--now expects an ISO time such as 2026-11-26T12:00:00Z, got “${value}”.`);
  const wrong = nowOutOfRange(ms);
  if (wrong !== null) throw new UsageError(`--now ${wrong}, got “${value}”.`);
  return ms;
}
