import type { CostRecord, RejectedRow } from '../../core/types.js';

/** Where a per-format file reader delivers what it reads (the orchestrator keeps stats). */
export interface FileSink {
  record(rec: CostRecord): void;
  reject(r: RejectedRow): void;
  /** Bytes of the file on disk read so far. */
  progress(bytes: number): void;
}
