import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ChunkDecoder } from './chunk-decoder.js';
import { CsvRecordReader, RAW, RecordTooLongError, VALUE } from './csv-record-reader.js';
import { indexColumns } from './focus-columns.js';
import { FOCUS_EXPORT_HINT, FocusFormatError } from './focus-format-error.js';
import { FocusRowMapper, type RowWarnings } from './focus-row-mapper.js';
import type { FileSink } from './file-sink.js';

const CHUNK_BYTES = 1 << 20;
/** A NUL within the first this many characters (always inside a FOCUS header) marks a binary file. */
const BINARY_SNIFF_CHARS = 512;

function binaryFile(file: string): FocusFormatError {
  return new FocusFormatError('binary', file, `${file} is a binary file, not a FOCUS CSV export. ${FOCUS_EXPORT_HINT}`);
}
/** A header longer than this is not a CSV header (a binary file without line breaks). */
const MAX_HEADER_CHARS = 1 << 20;

/**
 * Stream one CSV or gzip-compressed CSV file (detected by its magic bytes, whatever the
 * extension) into the sink. Returns the row warnings, or `null` for an empty file.
 */
export async function readCsvFile(file: string, gzip: boolean, sink: FileSink, signal?: AbortSignal): Promise<RowWarnings | null> {
  let mapper: FocusRowMapper | null = null;
  let headerCount = 0;

  const reader = new CsvRecordReader(
    (fields, count, line, malformed) => {
      if (mapper === null) {
        if (malformed === 'the row contains a NUL byte') throw binaryFile(file);
        const col = indexColumns(fields.slice(0, count), file);
        mapper = new FocusRowMapper(col, true);
        headerCount = count;
        const keep = new Uint8Array(count);
        for (const i of col.used) keep[i] = VALUE;
        // Tags repeat per resource: cache them on the text as written, unescaping only new ones.
        if (col.tags >= 0) keep[col.tags] = RAW;
        reader.keep = keep;
        reader.maxRecordChars = 64 * 1024 * 1024;
        return;
      }
      let result: ReturnType<FocusRowMapper['map']>;
      if (malformed !== null) result = `malformed CSV: ${malformed}`;
      else if (count !== headerCount) result = `the row has ${count} fields, the header has ${headerCount}`;
      else result = mapper.map(fields);
      if (typeof result === 'string') sink.reject({ source: file, line, reason: result });
      else sink.record(result);
    },
    { maxRecordChars: MAX_HEADER_CHARS },
  );

  const raw = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  let bytes = 0;
  let source: Readable = raw;
  if (gzip) {
    raw.on('data', (chunk: string | Buffer) => {
      bytes += chunk.length;
    });
    source = pipeline(raw, createGunzip({ chunkSize: CHUNK_BYTES }), () => {});
  }

  let decoder: ChunkDecoder | null = null;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      if (!gzip) bytes += chunk.length;
      let text: string;
      if (decoder === null) {
        decoder = new ChunkDecoder(detectEncoding(chunk, file));
        text = decoder.write(chunk).replace(/^\uFEFF/, '');
        // A NUL at the very start is a binary file; one in a later row rejects that row only.
        const nul = text.indexOf('\u0000');
        if (nul >= 0 && nul < BINARY_SNIFF_CHARS) throw binaryFile(file);
      } else {
        text = decoder.write(chunk, decoder.encoding === 'utf8' ? reader.takeTail() : '');
      }
      reader.push(text);
      sink.progress(bytes);
    }
    if (decoder !== null) reader.push(decoder.end());
    reader.end();
  } catch (err) {
    throw explain(err, file, gzip);
  }
  sink.progress(bytes);
  return mapper === null ? null : (mapper as FocusRowMapper).warnings;
}

function detectEncoding(first: Buffer, file: string): 'utf8' | 'utf16le' {
  if (first.length >= 2 && first[0] === 0xff && first[1] === 0xfe) return 'utf16le';
  if (first.length >= 2 && first[0] === 0xfe && first[1] === 0xff) {
    throw new FocusFormatError(
      'unsupported',
      file,
      `${file} is UTF-16 big-endian text, which this reader does not decode. Save it as UTF-8 (or export it again).`,
    );
  }
  return 'utf8';
}

/** Turn low-level failures into messages that name the file and the fix. */
function explain(err: unknown, file: string, gzip: boolean): unknown {
  if (err instanceof FocusFormatError) return err;
  if (err instanceof RecordTooLongError) {
    return new FocusFormatError(
      'record-too-long',
      file,
      err.line === 1
        ? `${file} has no header line in its first ${err.limit} characters: it is not a CSV file. ${FOCUS_EXPORT_HINT}`
        : `${file}: the record starting on line ${err.line} runs past ${err.limit} characters without ending — ` +
            'most likely an unterminated quote. Fix that line or export the file again.',
      { cause: err },
    );
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (gzip && typeof code === 'string' && code.startsWith('Z_')) {
    return new FocusFormatError(
      'corrupt',
      file,
      `${file} is not a complete gzip file (${(err as Error).message}): it was probably cut off while ` +
        'downloading or still being written. Download or export it again.',
      { cause: err },
    );
  }
  return err;
}
