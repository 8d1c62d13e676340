import type { CostEngine } from '../cost-engine.js';
import type { Asker, AskResult } from '../conversation/ports.js';
import type { ParsedQuery } from '../../core/types.js';
import type { AnswerPool } from './answer-pool.js';

/** What one question cost and how it ended, for the metrics. */
export type AskObserver = (outcome: 'answer' | 'rejected' | 'busy' | 'failed', seconds: number) => void;

/**
 * The engine as every surface sees it, with questions answered through the pool: on a
 * thread when the data is all in memory, on the event loop (waiting on cloud APIs, under
 * the same admission limit and deadline) when push-down providers are configured. Parsing,
 * known values and the data's description stay on the main engine (cheap, cached).
 */
export class PooledAsker implements Asker {
  constructor(
    private readonly engine: CostEngine,
    private readonly pool: AnswerPool,
    private readonly observe?: AskObserver,
  ) {}

  async ask(text: string, now: number): Promise<AskResult> {
    const started = performance.now();
    let outcome: Parameters<AskObserver>[0] = 'failed';
    try {
      const result = this.pool.answersInThreads ? await this.pool.ask(text, now) : await this.pool.inline('ask', () => this.engine.ask(text, now));
      outcome = result.ok ? 'answer' : 'rejected';
      return result;
    } catch (err) {
      if ((err as Error).name === 'BusyError') outcome = 'busy';
      throw err;
    } finally {
      this.observe?.(outcome, (performance.now() - started) / 1000);
    }
  }

  parse(text: string, now: number): ParsedQuery {
    return this.engine.parse(text, now);
  }

  dimensionKeys(): string[] {
    return this.engine.dimensionKeys();
  }

  knownValues(): Record<string, string[]> {
    return this.engine.knownValues();
  }

  get loads() {
    return this.engine.loads;
  }

  get failures() {
    return this.engine.failures;
  }

  get settings() {
    return this.engine.settings;
  }
}
