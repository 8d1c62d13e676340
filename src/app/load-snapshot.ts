import type { Logger } from 'pino';
import type { Allocator } from '../core/allocation/build-allocator.js';
import { DatasetBuilder, RecordError, type Dataset } from '../core/engine/dataset.js';
import type { RejectedRow } from '../core/types.js';
import type { LoadResult, SnapshotProvider } from '../providers/types.js';

/** A snapshot provider's data in memory, with what loading it found. */
export interface LoadedSnapshot {
  provider: SnapshotProvider;
  dataset: Dataset;
  load: LoadResult;
  /** When the load finished (epoch ms, the real clock). */
  loadedAt: number;
}

/** At most this many loads for one snapshot: each new one leaves out files that failed half-way. */
const MAX_PASSES = 3;

/**
 * Loads one snapshot provider into a fresh dataset. A file that fails after some of its
 * rows reached the dataset (a truncated .csv.gz fails at its end) taints it, so the load
 * is done again without that file: the dataset never holds part of a file. Files that
 * could not be read are listed in `load.unreadable`. Throws when the provider cannot
 * load at all. Nothing here touches what questions are answered from: the caller swaps
 * the result in.
 */
export async function loadSnapshot(provider: SnapshotProvider, allocator: Allocator, timezone: string, logger: Logger): Promise<LoadedSnapshot> {
  const skip = new Set<string>();
  const unreadable = new Map<string, { file: string; message: string; partial: boolean }>();
  for (let pass = 1; ; pass++) {
    const builder = new DatasetBuilder(allocator, timezone, provider.id);
    const rejectedByBuilder: RejectedRow[] = [];
    let builderRejects = 0;
    const load = await provider.load(
      (rec, tagsKey) => {
        try {
          builder.add(rec, tagsKey);
        } catch (err) {
          if (!(err instanceof RecordError)) throw err;
          builderRejects++;
          if (rejectedByBuilder.length < 20) rejectedByBuilder.push({ source: provider.id, line: 0, reason: err.message });
        }
      },
      skip.size > 0 ? { skipFiles: skip } : undefined,
    );
    const tainted = (load.unreadable ?? []).filter((u) => u.partial);
    for (const u of load.unreadable ?? []) unreadable.set(u.file, u);
    if (tainted.length > 0 && pass < MAX_PASSES) {
      for (const u of tainted) skip.add(u.file);
      logger.info({ provider: provider.id, files: tainted.map((u) => u.file) }, 'loading again without the files that failed half-way');
      continue;
    }
    load.rejected += builderRejects;
    load.rejectedSamples.push(...rejectedByBuilder);
    if (unreadable.size > 0) load.unreadable = [...unreadable.values()];
    const dataset = builder.build();
    logger.info({ provider: provider.id, rows: dataset.sourceRows, compactedRows: dataset.rows, rejected: load.rejected, unreadableFiles: unreadable.size, ms: load.ms }, 'provider loaded');
    return { provider, dataset, load, loadedAt: Date.now() };
  }
}
