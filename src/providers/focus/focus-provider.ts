import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { RejectedRow } from '../../core/types.js';
import type { ProviderDeps, SnapshotProvider } from '../types.js';
import { FocusFormatError } from './focus-format-error.js';
import { listFocusFiles } from './list-focus-files.js';
import { readFocus } from './read-focus.js';

export interface FocusProviderConfig {
  type: 'focus';
  path: string;
  name?: string;
  /** How often the path is rescanned for new or changed files: `5m`, `30s`, `1h`, or `off` (false). */
  rescan?: string | false;
}

/**
 * FOCUS exports on disk (a file, a folder or a glob), loaded into memory. A file that
 * cannot be read (truncated, binary, not FOCUS) is reported and the others still load;
 * only when no file can be read does the load fail. `signature` fingerprints the files
 * (paths, sizes, modification times) so a rescan can tell when to load again.
 */
export function createFocusProvider(config: FocusProviderConfig, deps: ProviderDeps): SnapshotProvider {
  let files: string[] = [];
  const id = config.name ?? 'focus';
  return {
    kind: 'snapshot',
    id,
    type: 'focus',
    describe: () => `focus: ${config.path}${files.length ? ` (${files.length} file${files.length === 1 ? '' : 's'})` : ''}`,
    signature: () => focusSignature(config.path),
    async load(sink, opts) {
      const signature = await focusSignature(config.path).catch(() => undefined);
      const rejectedSamples: RejectedRow[] = [];
      const stats = await readFocus(config.path, {
        onRecord: (rec) => sink(rec),
        onReject: (r) => {
          if (rejectedSamples.length < 20) rejectedSamples.push(r);
        },
        onProgress: opts?.onProgress ? (p) => opts.onProgress!({ rows: p.rows, file: p.file }) : undefined,
        signal: opts?.signal,
        tolerateUnreadableFiles: true,
        skipFiles: opts?.skipFiles,
      });
      files = stats.files;
      const readable = stats.files.filter((f) => !opts?.skipFiles?.has(f) && !stats.unreadable.some((u) => u.file === f));
      if (readable.length === 0 && stats.unreadable.length > 0) {
        const first = stats.unreadable[0]!;
        throw new FocusFormatError('corrupt', first.file, stats.unreadable.map((u) => u.message).join('\n'));
      }
      for (const w of stats.warnings) deps.logger.warn({ provider: id }, w);
      for (const u of stats.unreadable) deps.logger.warn({ provider: id, file: u.file }, `unreadable FOCUS file left out: ${u.message}`);
      return {
        rows: stats.rows, rejected: stats.rejected, rejectedSamples, warnings: stats.warnings, files: stats.files, ms: stats.ms,
        unreadable: stats.unreadable, ...(signature !== undefined ? { signature } : {}),
      };
    },
  };
}

/** A fingerprint of the files `path` finds: each path with its size and modification time. */
export async function focusSignature(path: string): Promise<string> {
  const files = await listFocusFiles(path);
  const hash = createHash('sha256');
  for (const f of files) {
    const s = await stat(f).catch(() => null);
    hash.update(`${f}\u0000${s?.size ?? -1}\u0000${s?.mtimeMs ?? -1}\n`);
  }
  return hash.digest('hex');
}
