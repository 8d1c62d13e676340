import { Piscina } from 'piscina';
import type { Logger } from 'pino';
import type { AskResult } from '../conversation/ports.js';
import type { ChartPng, ChartRenderer } from '../conversation/ports.js';
import type { ChartSpec } from '../conversation/types.js';
import { BusyError } from './busy.js';
import type { PoolSettings } from './pool-size.js';
import type { WorkerInit, WorkerResult, WorkerTask } from './protocol.js';

/** How much lower the threads' CPU priority is than the event loop's (`nice` steps). */
const WORKER_NICE = 10;

/** What the pool tells the metrics. */
export interface PoolObserver {
  /** A task left the pool: its kind, seconds from admission to result, and how it ended. */
  task?(kind: WorkerTask['kind'], seconds: number, outcome: 'ok' | 'busy' | 'error'): void;
}

export interface AnswerPoolOptions {
  settings: PoolSettings;
  /** The runtime's options, for threads to load the same in-memory data; null: charts only. */
  runtime: WorkerInit['runtime'];
  logger: Logger;
  observer?: PoolObserver;
}

/** The worker's module: the compiled .js next to this file, or the .ts source under tsx / vitest. */
function workerFile(): { filename: string; execArgv: string[] } {
  const here = new URL(import.meta.url);
  const ts = here.pathname.endsWith('.ts');
  return { filename: new URL(ts ? './answer-worker-dev.mjs' : './answer-worker.js', here).href, execArgv: [] };
}

/**
 * The worker pool that keeps the event loop free: answers over the in-memory data and
 * chart PNGs run on `settings.threads` threads (piscina), each with its own copy of the
 * data. At most `threads + queueLimit` tasks are admitted; past that `BusyError` (the reply
 * is `busy`: HTTP 503 with `Retry-After`, a polite chat message). A task that waited past
 * the answer deadline in the queue is not started (also `busy`).
 */
export class AnswerPool {
  private readonly pool: Piscina | null;
  private admitted = 0;
  /** Mean task time (ms), smoothed: what `Retry-After` is estimated from. */
  private meanMs = 50;
  private closed = false;

  constructor(private readonly opts: AnswerPoolOptions) {
    const { threads, queueLimit } = opts.settings;
    if (threads === 0) {
      this.pool = null;
      return;
    }
    const { filename, execArgv } = workerFile();
    const workerData: WorkerInit = { runtime: opts.runtime, logLevel: opts.logger.level === 'silent' ? 'silent' : 'warn' };
    // The threads run at a lower CPU priority than the event loop (Linux: `nice`), so on a
    // saturated machine probes, acknowledgements and I/O still get the CPU first.
    this.pool = new Piscina({ filename, execArgv, minThreads: threads, maxThreads: threads, maxQueue: queueLimit, idleTimeout: 2 ** 31 - 1, workerData, niceIncrement: opts.settings.niceIncrement ?? WORKER_NICE });
  }

  get threads(): number {
    return this.pool ? this.opts.settings.threads : 0;
  }

  /** Tasks admitted and not yet finished (running or queued). */
  get pending(): number {
    return this.admitted;
  }

  /** Tasks waiting for a thread. */
  get queued(): number {
    return this.pool?.queueSize ?? 0;
  }

  /** Whether questions go to the threads (false: charts only, or no threads). */
  get answersInThreads(): boolean {
    return this.pool !== null && this.opts.runtime !== null;
  }

  /** Settles when every thread has loaded its data (readiness). */
  async ready(): Promise<void> {
    if (!this.pool) return;
    await Promise.all(Array.from({ length: this.opts.settings.threads }, () => this.pool!.run({ kind: 'ready', deadline: Number.MAX_SAFE_INTEGER } satisfies WorkerTask)));
  }

  /** Admits one task or throws `BusyError`; the returned function releases it. */
  admit(): () => void {
    const { threads, queueLimit } = this.opts.settings;
    if (this.closed || this.admitted >= Math.max(1, threads) + queueLimit) throw new BusyError(this.retryAfterSeconds());
    this.admitted++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.admitted--;
    };
  }

  /** Seconds until the queue has likely drained, at least 1. */
  retryAfterSeconds(): number {
    const perThread = this.admitted / Math.max(1, this.threads);
    return Math.min(60, Math.max(1, Math.ceil((perThread * this.meanMs) / 1000)));
  }

  /** Runs admitted work on the event loop (no threads, or push-down providers): same admission, same accounting. */
  async inline<T>(kind: WorkerTask['kind'], work: () => Promise<T>): Promise<T> {
    const release = this.admit();
    const started = performance.now();
    try {
      const out = await work();
      this.finished(kind, started, 'ok');
      return out;
    } catch (err) {
      this.finished(kind, started, err instanceof BusyError ? 'busy' : 'error');
      throw err;
    } finally {
      release();
    }
  }

  /** Runs a task on a thread; `BusyError` when the queue is full or the deadline passed in it. */
  async run(task: WorkerTask): Promise<WorkerResult> {
    if (!this.pool) throw new Error('the pool has no threads');
    const release = this.admit();
    const started = performance.now();
    try {
      const out = (await this.pool.run(task)) as WorkerResult;
      if (out.kind === 'late') throw new BusyError(this.retryAfterSeconds());
      this.finished(task.kind, started, 'ok');
      return out;
    } catch (err) {
      const busy = err instanceof BusyError || /queue is at limit/i.test((err as Error).message);
      this.finished(task.kind, started, busy ? 'busy' : 'error');
      throw busy && !(err instanceof BusyError) ? new BusyError(this.retryAfterSeconds()) : err;
    } finally {
      release();
    }
  }

  private finished(kind: WorkerTask['kind'], started: number, outcome: 'ok' | 'busy' | 'error'): void {
    const ms = performance.now() - started;
    if (outcome === 'ok') this.meanMs = this.meanMs * 0.9 + ms * 0.1;
    this.opts.observer?.task?.(kind, ms / 1000, outcome);
  }

  /** One question over the in-memory data, on a thread. */
  async ask(text: string, now: number): Promise<AskResult> {
    const out = await this.run({ kind: 'ask', text, now, deadline: Date.now() + this.opts.settings.deadlineMs });
    if (out.kind !== 'ask') throw new Error(`the answer worker returned ${out.kind}`);
    return out.result;
  }

  /** A chart's PNG drawn on a thread; null when drawing failed. */
  async png(chart: ChartSpec, maxSide?: number): Promise<ChartPng | null> {
    const out = await this.run({ kind: 'chart', chart, ...(maxSide !== undefined ? { maxSide } : {}), deadline: Date.now() + this.opts.settings.deadlineMs });
    if (out.kind !== 'chart') throw new Error(`the chart worker returned ${out.kind}`);
    if (!out.image) return null;
    return { png: Buffer.from(out.image.png.buffer, out.image.png.byteOffset, out.image.png.byteLength), width: out.image.width, height: out.image.height, alt: out.image.alt, mime: 'image/png' };
  }

  /** Stops admitting; waits for tasks in flight, then ends the threads. */
  async close(): Promise<void> {
    this.closed = true;
    await this.pool?.close();
  }
}

/**
 * The chart port over the pool: PNGs drawn on a thread; when the pool is busy the message
 * goes without its picture (the text is what matters). QuickChart URLs are cheap: `fallback`.
 */
export function pooledCharts(pool: AnswerPool, fallback: ChartRenderer, logger: Logger): ChartRenderer {
  if (pool.threads === 0) return fallback;
  return {
    png: async (chart, o) => {
      try {
        return await pool.png(chart, o?.maxSide);
      } catch (err) {
        if (err instanceof BusyError) {
          logger.info('chart left out: the pool is busy');
          return null;
        }
        logger.warn({ err }, 'chart drawing failed');
        return null;
      }
    },
    quickChartUrl: (chart, target) => fallback.quickChartUrl(chart, target),
  };
}
