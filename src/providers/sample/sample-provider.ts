/** The bundled sample as a snapshot provider (config `{ type: sample }`, or no providers at all). */
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProviderDeps, RecordSink, SnapshotProvider, LoadResult } from '../types.js';
import { generateSample, DEFAULT_SAMPLE_MONTHS } from './generate-sample.js';
import { ORG_NAME } from './org.js';

export interface SampleProviderConfig {
  type: 'sample';
  name?: string;
}

/** Generates the sample in memory on `load`, ending yesterday of `deps.today`. */
export function createSampleProvider(config: SampleProviderConfig, deps: ProviderDeps): SnapshotProvider {
  return {
    kind: 'snapshot',
    id: config.name ?? 'sample',
    type: 'sample',
    describe: () => `sample: ${ORG_NAME}, ${DEFAULT_SAMPLE_MONTHS} months of generated data up to the day before ${deps.today}`,
    // The same day's sample is the same data, as long as the generator's code is unchanged:
    // its built dataset can be kept on disk and reused (a restart, `finops-bot ask`).
    identity: async () => JSON.stringify({ sample: deps.today, months: DEFAULT_SAMPLE_MONTHS, generator: await generatorStamp() }),
    async load(sink: RecordSink, opts = {}): Promise<LoadResult> {
      opts.signal?.throwIfAborted();
      const t0 = performance.now();
      const stats = generateSample({ today: deps.today }, (r) => sink(r));
      opts.onProgress?.({ rows: stats.records });
      deps.logger.debug({ records: stats.records, start: stats.start, end: stats.end }, 'sample data generated');
      return { rows: stats.records, rejected: 0, rejectedSamples: [], warnings: [], ms: Math.round(performance.now() - t0) };
    },
  };
}

/** The generator's own files (this folder), by name, size and modification time. */
async function generatorStamp(): Promise<[string, number, number][]> {
  const dir = dirname(fileURLToPath(import.meta.url));
  const names = (await readdir(dir)).filter((n) => /\.(js|ts)$/.test(n)).sort();
  return Promise.all(names.map(async (n) => {
    const st = await stat(join(dir, n));
    return [n, st.size, st.mtimeMs] as [string, number, number];
  }));
}
