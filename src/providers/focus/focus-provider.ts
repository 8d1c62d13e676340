import { stat } from 'node:fs/promises';
import type { RejectedRow } from '../../core/types.js';
import type { ProviderDeps, SnapshotProvider } from '../types.js';
import { listFocusFiles } from './list-focus-files.js';
import { readFocus } from './read-focus.js';

export interface FocusProviderConfig {
  type: 'focus';
  path: string;
  name?: string;
}

/** FOCUS exports on disk (a file, a folder or a glob), loaded into memory at start-up. */
export function createFocusProvider(config: FocusProviderConfig, deps: ProviderDeps): SnapshotProvider {
  let files: string[] = [];
  return {
    kind: 'snapshot',
    id: config.name ?? 'focus',
    type: 'focus',
    describe: () => `focus: ${config.path}${files.length ? ` (${files.length} file${files.length === 1 ? '' : 's'})` : ''}`,
    async identity() {
      const list = await listFocusFiles(config.path);
      const parts = await Promise.all(
        list.map(async (f) => {
          const st = await stat(f);
          return [f, st.size, st.mtimeMs, st.ctimeMs, st.ino];
        }),
      );
      files = list;
      return JSON.stringify({ path: config.path, files: parts });
    },
    async load(sink, opts) {
      const rejectedSamples: RejectedRow[] = [];
      const stats = await readFocus(config.path, {
        onRecord: (rec) => sink(rec),
        onReject: (r) => {
          if (rejectedSamples.length < 20) rejectedSamples.push(r);
        },
        onProgress: opts?.onProgress ? (p) => opts.onProgress!({ rows: p.rows, file: p.file }) : undefined,
        signal: opts?.signal,
      });
      files = stats.files;
      for (const w of stats.warnings) deps.logger.warn({ provider: config.name ?? 'focus' }, w);
      return { rows: stats.rows, rejected: stats.rejected, rejectedSamples, warnings: stats.warnings, files: stats.files, ms: stats.ms };
    },
  };
}
