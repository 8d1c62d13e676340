import pino from 'pino';
import { CostEngine } from '../../src/app/cost-engine.js';
import { SAMPLE_ALLOCATION } from '../../src/providers/sample/index.js';
import { createSampleProvider } from '../../src/providers/sample/sample-provider.js';
import type { CostRecord } from '../../src/core/types.js';
import type { SnapshotProvider } from '../../src/providers/types.js';

export const silentLogger = pino({ level: 'silent' });

/** An engine on the bundled sample data, as `npm start` has it with no configuration. */
export async function sampleEngine(today = '2026-11-26'): Promise<CostEngine> {
  return CostEngine.load([createSampleProvider({ type: 'sample' }, { logger: silentLogger, today })], {
    timezone: 'UTC', weekStart: 'monday', currency: 'USD', defaultRange: 'this month', metric: 'effective', allocation: structuredClone(SAMPLE_ALLOCATION),
  }, silentLogger);
}

/** A snapshot provider over a fixed list of records. */
export function recordsProvider(records: CostRecord[], id = 'records'): SnapshotProvider {
  return {
    kind: 'snapshot', id, type: 'focus', describe: () => id,
    async load(sink) {
      records.forEach((r) => sink(r));
      return { rows: records.length, rejected: 0, rejectedSamples: [], warnings: [], ms: 0 };
    },
  };
}
