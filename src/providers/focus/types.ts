import type { CostRecord, RejectedRow } from '../../core/types.js';

/** Callbacks and controls for one `readFocus` call. */
export interface FocusReadOptions {
  /** Called once per readable row, in file order (files sorted by path). */
  onRecord(rec: CostRecord): void;
  /** Called for every row that could not be read (also counted in the stats). */
  onReject?(r: RejectedRow): void;
  /** Called after each chunk read; `bytes` is bytes of the file on disk read so far. */
  onProgress?(p: { file: string; rows: number; bytes: number }): void;
  /** Aborts the read between chunks; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Keep reading past a file that cannot be read (binary, corrupt, truncated, not FOCUS,
   * unreadable on disk): it is listed in `stats.unreadable` and the other files are read.
   * Without it, such a file ends the read with a FocusFormatError.
   */
  tolerateUnreadableFiles?: boolean;
  /** Files to leave out (found unreadable by an earlier read). */
  skipFiles?: ReadonlySet<string>;
}

/** A file a tolerant read could not read. */
export interface UnreadableFile {
  file: string;
  /** What is wrong and how to fix it. */
  message: string;
  /** True when rows of the file had been delivered before the failure: the read is tainted by them. */
  partial: boolean;
}

/** What a read found. Times are epoch milliseconds. */
export interface FocusReadStats {
  /** The files read, in order. */
  files: string[];
  /** Records delivered to `onRecord`. */
  rows: number;
  rejected: number;
  /** The first rejected rows (at most 20), for the answer's notes. */
  rejectedSamples: RejectedRow[];
  /** Records per BillingCurrency ('' = rows without one). */
  currencies: Record<string, number>;
  minStart: number | null;
  /** The end of the latest charge period: the data's freshness. */
  maxEnd: number | null;
  ms: number;
  /** Rows read with a substitution (unreadable Tags, a missing cost) or files skipped. */
  warnings: string[];
  /** Rows whose Tags cell was not a JSON object (read as untagged). */
  invalidTagRows: number;
  /** Files that could not be read (`tolerateUnreadableFiles`), and files skipped (`skipFiles`) are not listed. */
  unreadable: UnreadableFile[];
}
