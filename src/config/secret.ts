const REDACTED = '[redacted]';

/**
 * A secret value (token, password, connection string) that does not leak by accident:
 * string conversion, JSON (so pino logs) and `util.inspect` all print `[redacted]`.
 * Call `reveal()` at the one place that hands it to an SDK.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself; only for handing it to the client that needs it. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Secret(${REDACTED})`;
  }
}
