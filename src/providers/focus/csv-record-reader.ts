/**
 * A streaming RFC 4180 CSV record reader, hand-written because csv-parse reads the
 * 44-column FOCUS shape at ~29k rows/s on our 2-core target, and a month of hourly
 * exports is millions of rows. Text is pushed in chunks; complete records are handed to
 * `onRow` with the physical line they start on (1-based), so rejected rows can be found
 * in an editor. It scans with `indexOf` (fast builtin) rather than char by char, and only
 * materializes the columns marked in `keep`.
 */

/** `keep` marks: skip the column (it comes through as ''), read its value, or its raw text. */
export const SKIP = 0;
export const VALUE = 1;
/**
 * The field as written: a quoted field keeps its quotes and doubled `""` (a cache can key
 * on it without unescaping every row; see `unquoteRaw`), an unquoted field is its text.
 */
export const RAW = 2;

/**
 * Receives one record. `fields` is reused between calls — copy what you keep.
 * `malformed` is a reason when the record broke CSV quoting rules (it should be rejected).
 */
export type CsvRowHandler = (fields: string[], count: number, line: number, malformed: string | null) => void;

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Signals that the buffer ends inside a record: wait for more text. */
const INCOMPLETE = -1;

export class CsvRecordReader {
  /** Per column (by index): SKIP, VALUE or RAW; `null` = every value. Skipped ones come through as ''. */
  keep: Uint8Array | null = null;
  /** A record longer than this (in characters) aborts the read: an unterminated quote. */
  maxRecordChars: number;

  private buf = '';
  private pending: string[] = [];
  private pendingChars = 0;
  /** When one record spans the whole buffer, wait until this much text is buffered. */
  private needChars = 0;
  private line = 1;
  private readonly fields: string[] = [];

  constructor(
    private readonly onRow: CsvRowHandler,
    options: { maxRecordChars?: number } = {},
  ) {
    this.maxRecordChars = options.maxRecordChars ?? 64 * 1024 * 1024;
  }

  /** Feed the next chunk of decoded text. */
  push(text: string): void {
    if (text.length === 0) return;
    // Re-scanning a record that spans chunks on every chunk would be quadratic for a
    // huge quoted field; buffer until the text has doubled instead (amortized linear).
    if (this.buf.length + this.pendingChars + text.length < this.needChars) {
      this.pending.push(text);
      this.pendingChars += text.length;
      return;
    }
    this.buf = this.pending.length > 0 ? this.buf + this.pending.join('') + text : this.buf + text;
    this.pending = [];
    this.pendingChars = 0;
    this.parse(false);
  }

  /** No more text: the last record may lack its line break. */
  end(): void {
    if (this.pending.length > 0) this.buf += this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    this.parse(true);
    this.buf = '';
  }

  /**
   * Hand back the unfinished record so the caller can prepend it to the next chunk
   * itself (see ChunkDecoder.write). Returns '' while a long record is being buffered.
   */
  takeTail(): string {
    if (this.pending.length > 0 || this.needChars > 0) return '';
    const tail = this.buf;
    this.buf = '';
    return tail;
  }

  /** Physical line number (1-based) the reader has reached. */
  get currentLine(): number {
    return this.line;
  }

  private parse(final: boolean): void {
    const s = this.buf;
    const n = s.length;
    let pos = 0;
    let line = this.line;
    // Cached positions of the next comma / line feed at or after the scan point
    // (n + 1 = none left in the buffer); recomputed only when the scan passes them.
    let nextComma = -1;
    let nextLf = -1;
    // A NUL byte rejects the record it is in, not the file: exports are text, and a NUL
    // is a sign of corruption on disk or in transfer. One search per buffer when there is none.
    let nextNul = s.indexOf('\u0000');
    const fields = this.fields;

    while (pos < n) {
      const recStart = pos;
      const recLine = line;
      const c0 = s.charCodeAt(pos);
      // Blank lines are not records (trailing newlines are common in exports).
      if (c0 === LF) {
        pos++;
        line++;
        continue;
      }
      if (c0 === CR && pos + 1 < n && s.charCodeAt(pos + 1) === LF) {
        pos += 2;
        line++;
        continue;
      }
      // Read per record: the handler sets `keep` after the header, mid-buffer.
      const keep = this.keep;
      let count = 0;
      let malformed: string | null = null;
      let i = pos;
      let recEnd = INCOMPLETE; // index just past the record's terminator

      for (;;) {
        const want = keep === null ? VALUE : keep[count];
        let value = '';
        let end: number; // index of the character that ends the field (',' '\n' or n)

        if (i < n && s.charCodeAt(i) === QUOTE) {
          // 1. Quoted field: jump from quote to quote; `""` is an escaped quote.
          let j = i + 1;
          let escaped = false;
          let close = INCOMPLETE;
          for (;;) {
            const q = s.indexOf('"', j);
            if (q < 0) break;
            if (q + 1 < n && s.charCodeAt(q + 1) === QUOTE) {
              escaped = true;
              j = q + 2;
              continue;
            }
            if (q + 1 >= n && !final) break; // the next chunk may start with '"'
            close = q;
            break;
          }
          if (close === INCOMPLETE) {
            if (!final) break;
            // EOF inside quotes: the rest of the file is this one broken record.
            malformed = 'unterminated quoted field';
            close = n;
          }
          if (want === RAW) value = s.slice(i, close + 1);
          else if (want !== SKIP) {
            value = s.slice(i + 1, close);
            if (escaped) value = value.replaceAll('""', '"');
          }
          // Line breaks inside the quotes still advance the physical line count.
          if (nextLf <= i) nextLf = lfAfter(s, i + 1, n);
          while (nextLf < close) {
            line++;
            nextLf = lfAfter(s, nextLf + 1, n);
          }
          end = close + 1;
          if (end < n) {
            const c = s.charCodeAt(end);
            if (c === CR) {
              if (end + 1 < n && s.charCodeAt(end + 1) === LF) end++;
              else if (end + 1 >= n && !final) break;
              else malformed ??= 'unexpected text after a closing quote';
            } else if (c !== COMMA && c !== LF) {
              malformed ??= 'unexpected text after a closing quote';
            }
            if (malformed !== null && s.charCodeAt(end) !== COMMA && s.charCodeAt(end) !== LF) {
              // Skip the junk to the next delimiter so the rest of the file stays in sync.
              if (nextComma < end) nextComma = commaAfter(s, end, n);
              if (nextLf < end) nextLf = lfAfter(s, end, n);
              end = nextComma < nextLf ? nextComma : nextLf;
              if (end > n) {
                if (!final) break;
                end = n;
              }
            }
          } else if (!final) {
            break; // need the terminator to know the record ended
          }
        } else {
          // 2. Unquoted field: up to the next comma or line feed.
          if (nextComma < i) nextComma = commaAfter(s, i, n);
          if (nextLf < i) nextLf = lfAfter(s, i, n);
          end = nextComma < nextLf ? nextComma : nextLf;
          if (end > n) {
            if (!final) break;
            end = n;
          }
          if (want !== SKIP) {
            const stop = end > i && s.charCodeAt(end - 1) === CR && end !== nextComma ? end - 1 : end;
            value = s.slice(i, stop);
          }
        }

        fields[count++] = value;
        if (end < n && s.charCodeAt(end) === COMMA) {
          i = end + 1;
          continue;
        }
        // 3. End of record: a line feed or the end of the text.
        if (end < n) line++;
        recEnd = end < n ? end + 1 : n;
        break;
      }

      if (recEnd === INCOMPLETE) {
        this.keepTail(s, recStart, recLine);
        return;
      }
      fields.length = count;
      if (nextNul >= 0 && nextNul < recEnd) {
        if (nextNul >= recStart) malformed ??= 'the row contains a NUL byte';
        nextNul = s.indexOf('\u0000', recEnd);
      }
      this.onRow(fields, count, recLine, malformed);
      pos = recEnd;
    }
    this.buf = '';
    this.line = line;
    this.needChars = 0;
  }

  private keepTail(s: string, recStart: number, recLine: number): void {
    const tail = s.length - recStart;
    if (tail > this.maxRecordChars) {
      throw new RecordTooLongError(recLine, this.maxRecordChars);
    }
    this.buf = recStart === 0 ? s : s.slice(recStart);
    this.line = recLine;
    this.needChars = recStart === 0 ? s.length * 2 : 0;
  }
}

/** A record outgrew `maxRecordChars` (almost always an unterminated quote). */
export class RecordTooLongError extends Error {
  constructor(
    readonly line: number,
    readonly limit: number,
  ) {
    super(`the record starting on line ${line} is longer than ${limit} characters`);
  }
}

/** The value of a field read as RAW: quoted text loses its quotes and `""` escapes. */
export function unquoteRaw(raw: string): string {
  if (raw.length < 2 || raw.charCodeAt(0) !== QUOTE) return raw;
  const inner = raw.slice(1, -1);
  return inner.includes('"') ? inner.replaceAll('""', '"') : inner;
}

function commaAfter(s: string, from: number, n: number): number {
  const k = s.indexOf(',', from);
  return k < 0 ? n + 1 : k;
}

function lfAfter(s: string, from: number, n: number): number {
  const k = s.indexOf('\n', from);
  return k < 0 ? n + 1 : k;
}
