import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecordReader, RecordTooLongError } from '../../../src/providers/focus/csv-record-reader.js';

interface Row {
  fields: string[];
  line: number;
  malformed: string | null;
}

function readAll(chunks: string[], keep?: (header: string[]) => Uint8Array): Row[] {
  const rows: Row[] = [];
  const reader = new CsvRecordReader((fields, count, line, malformed) => {
    if (rows.length === 0 && keep) reader.keep = keep(fields.slice(0, count));
    rows.push({ fields: fields.slice(0, count), line, malformed });
  });
  for (const c of chunks) reader.push(c);
  reader.end();
  return rows;
}

describe('CsvRecordReader', () => {
  it('reads quoted fields with commas, escaped quotes and line breaks, and counts physical lines', () => {
    const text = 'a,b,c\n1,"x, ""y""\nz",3\n"",,"last"';
    expect(readAll([text])).toEqual([
      { fields: ['a', 'b', 'c'], line: 1, malformed: null },
      { fields: ['1', 'x, "y"\nz', '3'], line: 2, malformed: null },
      { fields: ['', '', 'last'], line: 4, malformed: null },
    ]);
  });

  it('handles CRLF, blank lines and a missing final line break', () => {
    const rows = readAll(['a,b\r\n\r\n1,"2"\r\n\n3,4']);
    expect(rows.map((r) => [r.fields, r.line])).toEqual([
      [['a', 'b'], 1],
      [['1', '2'], 3],
      [['3', '4'], 5],
    ]);
  });

  it('flags broken quoting on the row instead of failing the file', () => {
    const rows = readAll(['a,b\n"x"y,2\n3,4\n"open,5\n']);
    expect(rows[1]).toEqual({ fields: ['x', '2'], line: 2, malformed: 'unexpected text after a closing quote' });
    expect(rows[2]).toEqual({ fields: ['3', '4'], line: 3, malformed: null });
    expect(rows[3].malformed).toBe('unterminated quoted field');
    expect(rows[3].line).toBe(4);
  });

  it('materializes only the kept columns', () => {
    const rows = readAll(['a,b,c\n1,"2",3\n'], (h) => Uint8Array.from(h.map((n) => (n === 'b' ? 1 : 0))));
    expect(rows[1].fields).toEqual(['', '2', '']);
  });

  it('stops on a record longer than the limit (an unterminated quote in a big file)', () => {
    const reader = new CsvRecordReader(() => {}, { maxRecordChars: 100 });
    reader.push('a,b\n');
    let caught: unknown;
    try {
      for (let i = 0; i < 50; i++) reader.push('"' + 'x'.repeat(10));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RecordTooLongError);
    expect((caught as RecordTooLongError).line).toBe(2);
  });

  it('gives the same records however the text is split into chunks (property)', () => {
    const field = fc.oneof(
      fc.stringMatching(/^[a-z0-9 .:-]{0,8}$/),
      fc.string({ maxLength: 8, unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', ' ', 'é') }).map((s) => '"' + s.replaceAll('"', '""') + '"'),
    );
    const record = fc.array(field, { minLength: 1, maxLength: 5 }).map((fs) => fs.join(','));
    const doc = fc.tuple(fc.array(record, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean());
    fc.assert(
      fc.property(doc, fc.array(fc.nat(), { maxLength: 6 }), ([records, eol, trailing], cuts) => {
        const text = records.join(eol) + (trailing ? eol : '');
        const whole = readAll([text]);
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let prev = 0;
        for (const p of points) {
          chunks.push(text.slice(prev, p));
          prev = p;
        }
        chunks.push(text.slice(prev));
        expect(readAll(chunks)).toEqual(whole);
      }),
      { numRuns: 500 },
    );
  });
});
