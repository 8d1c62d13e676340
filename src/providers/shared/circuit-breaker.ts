/** Settings of a provider's circuit breaker (`FINOPS_BREAKER_FAILURES`, `FINOPS_BREAKER_COOLDOWN_MS`). */
export interface BreakerSettings {
  /** Consecutive failures that open the circuit (default 5). */
  failures: number;
  /** How long it stays open before one probe is let through (default 30 s). */
  cooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerSettings = { failures: 5, cooldownMs: 30_000 };

export type BreakerState = 'closed' | 'open' | 'half-open';

/** Thrown instead of asking a provider whose circuit is open: the answer goes without it, at once. */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
  constructor(
    readonly provider: string,
    readonly failures: number,
    readonly retryAt: number,
    now: number,
  ) {
    super(`not asked: it failed ${failures} times in a row; the next try is in ${Math.max(1, Math.ceil((retryAt - now) / 1000))} s`);
  }
}

/**
 * One provider's circuit breaker. Closed: every request goes. After `failures`
 * consecutive failures it opens: requests fail at once with `CircuitOpenError` for
 * `cooldownMs`. Then half-open: one request (the probe) goes; its success closes the
 * circuit, its failure opens it again for another cooldown. The clock is passed in.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openedAt: number | null = null;
  private probing = false;

  constructor(
    readonly provider: string,
    private readonly settings: BreakerSettings = DEFAULT_BREAKER,
    private readonly clock: () => number = Date.now,
    private readonly onChange?: (state: BreakerState) => void,
  ) {}

  get state(): BreakerState {
    if (this.openedAt === null) return 'closed';
    return this.clock() - this.openedAt >= this.settings.cooldownMs ? 'half-open' : 'open';
  }

  /** Runs `work` through the breaker. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.probing)) {
      throw new CircuitOpenError(this.provider, this.consecutive, (this.openedAt ?? 0) + this.settings.cooldownMs, this.clock());
    }
    const probe = state === 'half-open';
    if (probe) this.probing = true;
    try {
      const out = await work();
      this.succeeded();
      return out;
    } catch (err) {
      this.failed();
      throw err;
    } finally {
      if (probe) this.probing = false;
    }
  }

  private succeeded(): void {
    const was = this.state;
    this.consecutive = 0;
    this.openedAt = null;
    if (was !== 'closed') this.onChange?.('closed');
  }

  private failed(): void {
    this.consecutive++;
    if (this.openedAt !== null || this.consecutive >= this.settings.failures) {
      this.openedAt = this.clock();
      this.onChange?.('open');
    }
  }
}

/** The breaker's settings from `FINOPS_BREAKER_FAILURES` and `FINOPS_BREAKER_COOLDOWN_MS`. */
export function breakerSettings(env: Record<string, string | undefined>): BreakerSettings {
  const read = (name: string, fallback: number) => {
    const text = env[name]?.trim();
    if (!text) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, got “${text}”.`);
    return n;
  };
  return { failures: read('FINOPS_BREAKER_FAILURES', DEFAULT_BREAKER.failures), cooldownMs: read('FINOPS_BREAKER_COOLDOWN_MS', DEFAULT_BREAKER.cooldownMs) };
}
