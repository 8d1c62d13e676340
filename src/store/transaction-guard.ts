import { AsyncLocalStorage } from 'node:async_hooks';
import { StoreError } from './types.js';

/**
 * Remembers which driver's transaction the current async call chain is inside, so that a
 * call to the driver itself from within `transaction(fn)` fails loudly. On PGlite such a
 * call would wait for the transaction that is waiting for it (a deadlock); on `pg` it
 * would run on another connection, outside the transaction.
 */
export class TransactionGuard {
  readonly #inside = new AsyncLocalStorage<true>();

  /** Runs `fn` marked as inside this driver's transaction. */
  within<T>(fn: () => Promise<T>): Promise<T> {
    return this.#inside.run(true, fn);
  }

  /** Throws when called from inside this driver's transaction. */
  assertOutside(): void {
    if (this.#inside.getStore() === true) {
      throw new StoreError(
        'nested-query',
        'A query was sent to the driver from inside one of its transactions. Inside transaction(fn), use the executor passed to fn (or the Store passed to store.transaction).',
      );
    }
  }
}
