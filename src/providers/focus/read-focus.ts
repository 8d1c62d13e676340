import { open } from 'node:fs/promises';
import type { RejectedRow } from '../../core/types.js';
import type { FileSink } from './file-sink.js';
import { FocusFormatError } from './focus-format-error.js';
import type { RowWarnings } from './focus-row-mapper.js';
import { listFocusFiles } from './list-focus-files.js';
import { readCsvFile } from './read-csv-file.js';
import { readParquetFile } from './read-parquet-file.js';
import type { FocusReadOptions, FocusReadStats } from './types.js';

export type { FocusReadOptions, FocusReadStats } from './types.js';

const MAX_REJECTED_SAMPLES = 20;

/**
 * Stream FOCUS 1.x cost rows from a file, a folder (recursively: *.csv, *.csv.gz,
 * *.parquet) or a glob into `onRecord`, one file at a time in sorted path order.
 *
 * Rows that cannot be read (a cost that is not a number, a ChargePeriodStart that is not
 * a time, a wrong number of fields, broken quoting) are rejected: counted, passed to
 * `onReject` with file and physical line, and sampled in the stats — never dropped
 * silently. A file that is not FOCUS at all, binary or corrupt throws FocusFormatError;
 * records already delivered by then belong to an incomplete read.
 */
export async function readFocus(path: string, opts: FocusReadOptions): Promise<FocusReadStats> {
  const t0 = performance.now();
  opts.signal?.throwIfAborted();
  const files = await listFocusFiles(path);
  const stats: FocusReadStats = {
    files,
    rows: 0,
    rejected: 0,
    rejectedSamples: [],
    currencies: {},
    minStart: null,
    maxEnd: null,
    ms: 0,
    warnings: [],
    invalidTagRows: 0,
    unreadable: [],
  };
  let minStart = Infinity;
  let maxEnd = -Infinity;
  const currencies = new Map<string, number>();

  // Rows of one currency come in long runs: count a run, add it to the map when it ends
  // (a map update per row hashes the text every time).
  let runCurrency: string | null = null;
  let runRows = 0;
  const endRun = (): void => {
    if (runCurrency !== null) currencies.set(runCurrency, (currencies.get(runCurrency) ?? 0) + runRows);
    runCurrency = null;
    runRows = 0;
  };

  for (const file of files) {
    if (opts.skipFiles?.has(file)) continue;
    let fileRows = 0;
    let fileRejects = 0;
    const sink: FileSink = {
      record(rec) {
        fileRows++;
        if (rec.chargePeriodStart < minStart) minStart = rec.chargePeriodStart;
        if (rec.chargePeriodEnd > maxEnd) maxEnd = rec.chargePeriodEnd;
        if (rec.currency !== runCurrency) {
          endRun();
          runCurrency = rec.currency;
        }
        runRows++;
        opts.onRecord(rec);
      },
      reject(r: RejectedRow) {
        fileRejects++;
        stats.rejected++;
        if (stats.rejectedSamples.length < MAX_REJECTED_SAMPLES) stats.rejectedSamples.push(r);
        opts.onReject?.(r);
      },
      progress(bytes) {
        opts.onProgress?.({ file, rows: fileRows, bytes });
      },
    };

    let warnings: RowWarnings | null;
    try {
      warnings = await readFile(file, sink, opts.signal);
    } catch (err) {
      if (!opts.tolerateUnreadableFiles || opts.signal?.aborted) throw err;
      const message = err instanceof FocusFormatError ? err.message : `${file} could not be read: ${(err as Error).message ?? String(err)}`;
      stats.unreadable.push({ file, message, partial: fileRows > 0 || fileRejects > 0 });
      // Its rows are not counted: the caller reads again without the file when it delivered some.
      stats.rejected -= fileRejects;
      continue;
    }

    stats.rows += fileRows;
    if (warnings === null) stats.warnings.push(`${file} is empty (not even a header line); skipped.`);
    else {
      stats.invalidTagRows += warnings.invalidTags;
      stats.warnings.push(...describe(file, warnings));
    }
  }

  endRun();
  stats.currencies = Object.fromEntries(currencies);
  stats.minStart = minStart === Infinity ? null : minStart;
  stats.maxEnd = maxEnd === -Infinity ? null : maxEnd;
  stats.ms = Math.round(performance.now() - t0);
  return stats;
}

async function readFile(file: string, sink: FileSink, signal: AbortSignal | undefined): Promise<RowWarnings | null> {
  const kind = await sniff(file);
  if (kind === 'empty') return null;
  if (kind === 'parquet') return readParquetFile(file, sink, signal);
  if (/\.parquet$/i.test(file)) {
    throw new FocusFormatError(
      'corrupt',
      file,
      `${file} is named .parquet but is not a Parquet file (no PAR1 signature). Export it again, or rename it to what it is.`,
    );
  }
  return readCsvFile(file, kind === 'gzip', sink, signal);
}

/** Decide the format by content, not by name: exports get renamed and re-compressed. */
async function sniff(file: string): Promise<'empty' | 'gzip' | 'parquet' | 'text'> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    if (bytesRead === 0) return 'empty';
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
    if (bytesRead === 4 && head.toString('latin1') === 'PAR1') return 'parquet';
    return 'text';
  } finally {
    await fh.close();
  }
}

function describe(file: string, w: RowWarnings): string[] {
  const out: string[] = [];
  const rows = (n: number): string => `${n} row${n === 1 ? '' : 's'}`;
  if (w.invalidTags > 0) out.push(`${file}: ${rows(w.invalidTags)} with Tags that are not a JSON object; read as untagged.`);
  if (w.effectiveFromBilled > 0) out.push(`${file}: ${rows(w.effectiveFromBilled)} with no EffectiveCost; BilledCost used.`);
  if (w.billedFromEffective > 0) out.push(`${file}: ${rows(w.billedFromEffective)} with no BilledCost; EffectiveCost used.`);
  if (w.noCurrency > 0) out.push(`${file}: ${rows(w.noCurrency)} with no BillingCurrency.`);
  return out;
}
