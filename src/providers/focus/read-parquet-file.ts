import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import type { FileSink } from './file-sink.js';
import { indexColumns } from './focus-columns.js';
import { FOCUS_EXPORT_HINT, FocusFormatError } from './focus-format-error.js';
import { FocusRowMapper, type RowWarnings } from './focus-row-mapper.js';

/** Columns whose DECIMAL values we decode ourselves, exactly. */
const EXACT_COLUMNS = new Set(['BilledCost', 'EffectiveCost', 'ListCost', 'ConsumedQuantity']);
const utf8 = new TextDecoder();

/**
 * Read one Parquet file, row group by row group (memory stays bounded by one group).
 * hyparquet turns DECIMAL into JavaScript numbers, which would round costs with more
 * than ~15 significant digits; so the DECIMAL annotation is removed from the cost columns
 * before reading and their unscaled integers are converted to exact decimal text here.
 * Rejected rows carry the 1-based row number as `line` (Parquet has no lines).
 */
export async function readParquetFile(file: string, sink: FileSink, signal?: AbortSignal): Promise<RowWarnings> {
  const buffer = await asyncBufferFromFile(file);
  let metadata;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (err) {
    throw new FocusFormatError(
      'corrupt',
      file,
      `${file} is not a readable Parquet file (${(err as Error).message}). Download or export it again.`,
      { cause: err },
    );
  }
  const names = parquetSchema(metadata).children.map((c) => c.element.name);
  const col = indexColumns(names, file);
  const mapper = new FocusRowMapper(col);
  const columns = col.used.map((i) => names[i]);

  const scales = new Map<string, number>();
  for (const el of metadata.schema) {
    if (EXACT_COLUMNS.has(el.name) && (el.converted_type === 'DECIMAL' || el.logical_type?.type === 'DECIMAL')) {
      const scale = el.logical_type?.type === 'DECIMAL' ? el.logical_type.scale : (el.scale ?? 0);
      scales.set(el.name, scale);
      delete el.converted_type;
      delete el.logical_type;
    }
  }

  const cells: string[] = new Array<string>(names.length).fill('');
  let rowStart = 0;
  let bytes = 0;
  for (const group of metadata.row_groups) {
    signal?.throwIfAborted();
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file: buffer, metadata, columns, rowStart, rowEnd, utf8: false });
    } catch (err) {
      throw new FocusFormatError(
        'corrupt',
        file,
        `${file}: rows ${rowStart + 1}–${rowEnd} cannot be decoded (${(err as Error).message}). Download or export it again.`,
        { cause: err },
      );
    }
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      for (const i of col.used) cells[i] = toText(row[names[i]], scales.get(names[i]));
      const result = mapper.map(cells);
      if (typeof result === 'string') sink.reject({ source: file, line: rowStart + r + 1, reason: result });
      else sink.record(result);
    }
    rowStart = rowEnd;
    bytes += Number(group.total_compressed_size ?? group.total_byte_size);
    sink.progress(Math.min(bytes, buffer.byteLength));
  }
  if (names.length === 0) {
    throw new FocusFormatError('not-focus', file, `${file} is a Parquet file without columns. ${FOCUS_EXPORT_HINT}`);
  }
  sink.progress(buffer.byteLength);
  return mapper.warnings;
}

/** A Parquet value as the text a CSV export would hold. */
function toText(v: unknown, scale: number | undefined): string {
  if (v === null || v === undefined) return '';
  if (scale !== undefined) {
    if (v instanceof Uint8Array) return scaled(twosComplement(v), scale);
    if (typeof v === 'bigint' || typeof v === 'number') return scaled(BigInt(v), scale);
  }
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return utf8.decode(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'invalid date' : v.toISOString();
  // Doubles print in shortest round-trip form (`1.6e-7` included): exact for what was stored.
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  // A MAP or STRUCT of tags: the same JSON object a CSV export writes.
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}

function twosComplement(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  if (bytes.length > 0 && bytes[0] & 0x80) value -= 1n << BigInt(bytes.length * 8);
  return value;
}

/** `unscaled × 10^-scale` as plain decimal text. */
function scaled(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString();
  if (scale <= 0) return (neg ? '-' : '') + digits + '0'.repeat(-scale);
  const padded = digits.padStart(scale + 1, '0');
  return (neg ? '-' : '') + padded.slice(0, -scale) + '.' + padded.slice(-scale);
}
