/**
 * Thrown when the answer pool's queue is full: the reply is `busy` (HTTP 503 with
 * `Retry-After`, a polite chat message), never a failure.
 */
export class BusyError extends Error {
  override readonly name = 'BusyError';
  constructor(readonly retryAfterSeconds: number) {
    super(`too many questions at once: ask again in ${retryAfterSeconds} s`);
  }
}
