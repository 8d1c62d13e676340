import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  GetWorkGroupCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
} from '@aws-sdk/client-athena';
import type { Logger } from 'pino';
import { withRetry, type RetryOptions } from '../shared/with-retry.js';
import { classifyAthenaError, type ErrorContext } from './classify-error.js';

/** Retry knobs of one API call (a test, or the lead's wiring, may override them). */
export type RetrySettings = Pick<RetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs' | 'timeoutMs' | 'random' | 'sleep'>;

export const DEFAULT_RETRY: RetrySettings = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, timeoutMs: 20_000 };

/** How often a running query is polled: `initialMs`, doubling up to `maxMs`. */
export interface PollSettings {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_POLL: PollSettings = { initialMs: 200, maxMs: 2_000 };

/** Deadline of one query, from StartQueryExecution to its last page. */
export const DEFAULT_QUERY_TIMEOUT_MS = 60_000;

/** Everything a query needs besides its SQL. */
export interface AthenaEnv {
  client: AthenaClient;
  errors: ErrorContext;
  catalog: string;
  retry: RetrySettings;
  poll: PollSettings;
  timeoutMs: number;
  /** Injectable for tests: the wait between polls. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Requests sent: every attempt, poll, page and stop counts. */
export interface Tally {
  calls: number;
}

export type AthenaOperation = 'StartQueryExecution' | 'GetQueryExecution' | 'GetQueryResults' | 'StopQueryExecution' | 'GetWorkGroup' | 'GetTableMetadata';

const COMMANDS = {
  StartQueryExecution: StartQueryExecutionCommand,
  GetQueryExecution: GetQueryExecutionCommand,
  GetQueryResults: GetQueryResultsCommand,
  StopQueryExecution: StopQueryExecutionCommand,
  GetWorkGroup: GetWorkGroupCommand,
  GetTableMetadata: GetTableMetadataCommand,
} as const;

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One API call with a per-attempt timeout and bounded, jittered retries of throttling and
 * outages (the SDK's own retries are off: `maxAttempts: 1`). Every attempt is counted.
 * When `signal` aborts, the call stops and rejects with the signal's reason.
 */
export async function send<T>(env: AthenaEnv, op: AthenaOperation, input: object, signal: AbortSignal, tally: Tally, logger?: Logger, retry: Partial<RetrySettings> = {}): Promise<T> {
  return withRetry(
    env.errors.provider,
    async (attemptSignal) => {
      tally.calls++;
      const Command = COMMANDS[op] as unknown as new (i: object) => Parameters<AthenaClient['send']>[0];
      return (await env.client.send(new Command(input), { abortSignal: attemptSignal })) as T;
    },
    (err) => classifyAthenaError(err, env.errors, op),
    {
      ...env.retry,
      ...retry,
      signal,
      onRetry: ({ attempt, delayMs, error }) => logger?.warn({ provider: env.errors.provider, op, attempt, delayMs, code: error.code }, 'athena call failed; retrying'),
    },
  );
}
