import { ProviderError } from './provider-error.js';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /** First back-off delay; each retry doubles it, with full jitter, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Hard limit for one attempt; the attempt's signal aborts and it fails as a timeout. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called before each retry (for logs and tests). */
  onRetry?: (info: { attempt: number; delayMs: number; error: ProviderError }) => void;
  /** Injectable for tests: random in [0, 1). */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); }, { once: true });
  });

/**
 * Runs `fn` with a hard timeout per attempt, retrying retryable `ProviderError`s
 * (throttling, unavailability) with exponential back-off and full jitter, a bounded
 * number of times. `classify` turns whatever the SDK threw into a `ProviderError`.
 */
export async function withRetry<T>(
  provider: string,
  fn: (signal: AbortSignal) => Promise<T>,
  classify: (err: unknown) => ProviderError,
  opts: RetryOptions,
): Promise<T> {
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    // An abort before the first attempt fires no event: check it, or the attempt runs to its own timeout.
    if (opts.signal?.aborted) throw classify(opts.signal.reason);
    const ctrl = new AbortController();
    const onAbort = () => ctrl.abort(opts.signal?.reason);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => ctrl.abort(new ProviderError(provider, 'timeout', `${provider} did not answer within ${opts.timeoutMs} ms`, true)), opts.timeoutMs);
    try {
      return await Promise.race([
        fn(ctrl.signal),
        new Promise<never>((_, reject) => ctrl.signal.addEventListener('abort', () => reject(ctrl.signal.reason), { once: true })),
      ]);
    } catch (err) {
      const error = err instanceof ProviderError ? err : classify(err);
      if (opts.signal?.aborted || !error.retryable || attempt >= opts.attempts) throw error;
      const cap = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.round(random() * cap);
      opts.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, opts.signal);
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }
}
