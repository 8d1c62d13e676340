/** Why a provider call failed, in terms a person can act on. */
export type ProviderErrorCode = 'throttled' | 'timeout' | 'permission' | 'not-found' | 'invalid-request' | 'unavailable' | 'too-expensive' | 'unknown';

/**
 * A provider failure. `retryable` tells the retry loop whether trying again can help;
 * the message names what to fix (the missing permission, the table that does not exist).
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';

  constructor(
    readonly provider: string,
    readonly code: ProviderErrorCode,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
