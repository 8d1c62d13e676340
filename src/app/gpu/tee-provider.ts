import type { RecordSink, SnapshotProvider } from '../../providers/types.js';

/**
 * The same snapshot provider, whose every loaded record also goes to `tap` (the GPU cost
 * index): one load feeds the cost engine and the GPU work, with no change to either.
 * It has no `identity`, on purpose: the engine then never answers it from an on-disk
 * snapshot, so the records always flow and the tap always sees them.
 */
export function teeProvider(provider: SnapshotProvider, tap: RecordSink): SnapshotProvider {
  return {
    kind: 'snapshot',
    id: provider.id,
    type: provider.type,
    describe: () => provider.describe(),
    // Rescans still see when the data changed.
    ...(provider.signature ? { signature: () => provider.signature!() } : {}),
    load: (sink, opts) =>
      provider.load((rec, tagsKey) => {
        tap(rec, tagsKey);
        sink(rec, tagsKey);
      }, opts),
  };
}
