/**
 * One thread of the answer pool (piscina). It answers questions over its own copy of the
 * in-memory data (loaded when the thread starts, so the first question does not wait),
 * and draws chart PNGs. Nothing here touches the store or a push-down provider: those
 * stay on the main thread (src/app/pool/answer-pool.ts).
 */
import { workerData } from 'node:worker_threads';
import type { ChartSpec } from '../conversation/types.js';
import { createLogger } from '../../log.js';
import { createRuntime, type Runtime } from '../runtime.js';
import type { WorkerInit, WorkerTask, WorkerResult } from './protocol.js';

const init = workerData as WorkerInit;
const logger = createLogger({ level: init.logLevel, name: 'finops-bot-worker' });

// Loading starts when the thread starts; a failure is reported to each question.
const runtime: Promise<Runtime> | null = init.runtime
  ? createRuntime({ ...init.runtime, logger, store: null })
  : null;
runtime?.catch((err: unknown) => logger.error({ err }, 'the answer worker could not load the data'));

type Charts = typeof import('../../charts/index.js');
let charts: Promise<Charts> | null = null;

async function png(chart: ChartSpec, maxSide: number | undefined): Promise<WorkerResult> {
  const mod = await (charts ??= import('../../charts/index.js'));
  const image = await mod.renderChartSpecPng(chart, { ...(maxSide !== undefined ? { maxSide } : {}), onError: (err) => logger.warn({ err }, 'chart drawing failed') });
  return { kind: 'chart', image: image ? { png: new Uint8Array(image.png.buffer, image.png.byteOffset, image.png.byteLength), width: image.width, height: image.height, alt: image.alt } : null };
}

/** The pool calls this for every task. */
export default async function run(task: WorkerTask): Promise<WorkerResult> {
  // A task that waited past its deadline in the queue is not worth starting.
  if (Date.now() > task.deadline) return { kind: 'late' };
  switch (task.kind) {
    case 'ready':
      if (runtime) await runtime;
      return { kind: 'ready' };
    case 'ask': {
      if (!runtime) throw new Error('this pool was started without data: questions are answered on the main thread');
      const rt = await runtime;
      return { kind: 'ask', result: await rt.engine.ask(task.text, task.now) };
    }
    case 'chart':
      return png(task.chart, task.maxSide);
    case 'spin': {
      // Tests: keeps the thread busy the way a long scan does (CPU, no awaits).
      const until = Date.now() + task.ms;
      while (Date.now() < until);
      return { kind: 'spin' };
    }
  }
}
