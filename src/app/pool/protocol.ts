import type { AskResult } from '../conversation/ports.js';
import type { ChartSpec } from '../conversation/types.js';
import type { RuntimeOptions } from '../runtime.js';

/** What each thread starts with: the runtime's options (null: charts only). */
export interface WorkerInit {
  runtime: Pick<RuntimeOptions, 'configPath' | 'dataPath' | 'now' | 'env' | 'cwd' | 'rescan'> | null;
  logLevel: string;
}

/** A task; `deadline` (epoch ms) past which it is not started. */
export type WorkerTask = { deadline: number } & (
  | { kind: 'ask'; text: string; now: number }
  | { kind: 'chart'; chart: ChartSpec; maxSide?: number }
  | { kind: 'ready' }
  | { kind: 'spin'; ms: number }
);

export type WorkerResult =
  | { kind: 'ask'; result: AskResult }
  | { kind: 'chart'; image: { png: Uint8Array; width: number; height: number; alt: string } | null }
  | { kind: 'ready' }
  | { kind: 'spin' }
  | { kind: 'late' };
