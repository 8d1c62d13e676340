import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { CostRecord, RejectedRow } from '../../../src/core/types.js';
import { CsvRecordReader, RAW, SKIP, unquoteRaw, VALUE } from '../../../src/providers/focus/csv-record-reader.js';
import { parseDecimalText } from '../../../src/providers/focus/decimal-text.js';
import { readFocus } from '../../../src/providers/focus/read-focus.js';

// The load path's shortcuts (RAW cells, per-row caches, run counting) must never change
// what is read: these tests pin each one against the plain behaviour.

const dir = mkdtempSync(join(tmpdir(), 'focus-fast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ServiceName,Tags';

async function read(name: string, lines: string[]): Promise<{ records: CostRecord[]; rejects: RejectedRow[]; stats: Awaited<ReturnType<typeof readFocus>> }> {
  const file = join(dir, name);
  writeFileSync(file, [HEADER, ...lines].join('\n') + '\n');
  const records: CostRecord[] = [];
  const rejects: RejectedRow[] = [];
  const stats = await readFocus(file, { onRecord: (r) => records.push(r), onReject: (r) => rejects.push(r) });
  return { records, rejects, stats };
}

describe('CsvRecordReader RAW columns', () => {
  function rows(text: string, keep: number[]): string[][] {
    const out: string[][] = [];
    const reader = new CsvRecordReader((fields, count) => {
      if (out.length === 0) reader.keep = Uint8Array.from(keep);
      out.push(fields.slice(0, count));
    });
    reader.push(text);
    reader.end();
    return out;
  }

  it('hands over a RAW field as written, quotes and doubled quotes included', () => {
    const text = 'a,b,c\r\n"x ""y"", z",plain,"{""k"":""v""}"\r\n"",,"q"\n';
    expect(rows(text, [VALUE, SKIP, RAW])).toEqual([
      ['a', 'b', 'c'],
      ['x "y", z', '', '"{""k"":""v""}"'],
      ['', '', '"q"'],
    ]);
    expect(rows(text, [RAW, RAW, VALUE]).slice(1)).toEqual([
      ['"x ""y"", z"', 'plain', '{"k":"v"}'],
      ['""', '', 'q'],
    ]);
  });

  it('unquoteRaw gives back exactly the VALUE reading of any field', () => {
    const field = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', ' ', 'é'), maxLength: 12 });
    fc.assert(
      fc.property(field, (v) => {
        const quoted = `"${v.replaceAll('"', '""')}"`;
        const [, [asValue]] = rows(`h\n${quoted}\n`, [VALUE]);
        const [, [asRaw]] = rows(`h\n${quoted}\n`, [RAW]);
        expect(asRaw).toBe(quoted);
        expect(unquoteRaw(asRaw!)).toBe(asValue);
      }),
    );
    expect(unquoteRaw('plain')).toBe('plain');
    expect(unquoteRaw('')).toBe('');
  });
});

describe('FocusRowMapper caches', () => {
  it('reads quoted, empty and NULL Tags cells like unquoted ones, and caches by the written text', async () => {
    const { records, rejects, stats } = await read('tags.csv', [
      '2026-11-01 00:00:00,,1,1,USD,S,"{""team"":""nlp""}"',
      '2026-11-01 00:00:00,,1,1,USD,S,""',
      '2026-11-01 00:00:00,,1,1,USD,S,"NULL"',
      '2026-11-01 00:00:00,,1,1,USD,S,NULL',
      '2026-11-01 00:00:00,,1,1,USD,S,"{""team"":""nlp""}"',
      '2026-11-01 00:00:00,,1,1,USD,S,"[1]"',
      '2026-11-01 00:00:00,,1,1,USD,S,"[1]"',
      '2026-11-01 00:00:00,,1,1,USD,S,{}',
    ]);
    expect(rejects).toEqual([]);
    expect(records.map((r) => r.tags)).toEqual([{ team: 'nlp' }, {}, {}, {}, { team: 'nlp' }, {}, {}, {}]);
    expect(records[4]!.tags).toBe(records[0]!.tags);
    expect(stats.invalidTagRows).toBe(2);
  });

  it('keeps one tags object per distinct Tags text however many there are (no cache emptied when full)', async () => {
    const sets = 10_000;
    const line = (i: number) => `2026-11-01 00:00:00,,1,1,USD,S,"{""team"":""t${i % 5}"",""Name"":""node-${i}""}"`;
    const lines = [...Array.from({ length: sets }, (_, i) => line(i)), ...Array.from({ length: sets }, (_, i) => line(sets - 1 - i))];
    const { records } = await read('many-tags.csv', lines);
    expect(records).toHaveLength(2 * sets);
    expect(records[2 * sets - 1]!.tags).toEqual({ team: 't0', Name: 'node-0' });
    let shared = 0;
    for (let i = 0; i < sets; i++) if (records[i]!.tags === records[2 * sets - 1 - i]!.tags) shared++;
    expect(shared).toBe(sets);
  });

  it('parses each charge period text once per run, and still rejects a bad one every time it appears', async () => {
    const { records, rejects } = await read('periods.csv', [
      '2026-11-01 00:00:00,2026-11-01 01:00:00,1,1,USD,S,',
      '2026-11-01 00:00:00,2026-11-01 01:00:00,2,2,USD,S,',
      'soon,2026-11-01 01:00:00,3,3,USD,S,',
      'soon,2026-11-01 01:00:00,3,3,USD,S,',
      '2026-11-01 00:00:00,2026-10-01 01:00:00,4,4,USD,S,',
      '2026-11-01 02:00:00,2026-11-01 01:00:00,5,5,USD,S,',
      '2026-11-01 00:00:00,later,6,6,USD,S,',
      '2026-11-01 00:00:00,2026-11-01 01:00:00,7,7,USD,S,',
      ',2026-11-01 01:00:00,8,8,USD,S,',
      '2026-11-01T00:00:00Z,,9,9,USD,S,',
    ]);
    const t0 = Date.UTC(2026, 10, 1);
    expect(records.map((r) => [r.billedCost, r.chargePeriodStart - t0, r.chargePeriodEnd - t0])).toEqual([
      ['1', 0, 3_600_000],
      ['2', 0, 3_600_000],
      ['7', 0, 3_600_000],
      ['9', 0, 0],
    ]);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [4, 'ChargePeriodStart "soon" is not a time'],
      [5, 'ChargePeriodStart "soon" is not a time'],
      [6, 'ChargePeriodEnd "2026-10-01 01:00:00" is before ChargePeriodStart "2026-11-01 00:00:00"'],
      [7, 'ChargePeriodEnd "2026-11-01 01:00:00" is before ChargePeriodStart "2026-11-01 02:00:00"'],
      [8, 'ChargePeriodEnd "later" is not a time'],
      [10, 'ChargePeriodStart is empty'],
    ]);
  });

  it('counts currencies over runs and files, in order of first appearance', async () => {
    const sub = mkdtempSync(join(dir, 'cur-'));
    const row = (c: string): string => `2026-11-01 00:00:00,,1,1,${c},S,`;
    writeFileSync(join(sub, 'a.csv'), [HEADER, row('EUR'), row('EUR'), row(''), row('USD'), row('EUR')].join('\n'));
    writeFileSync(join(sub, 'b.csv'), [HEADER, row('EUR'), row('JPY'), row('USD')].join('\n'));
    const stats = await readFocus(sub, { onRecord: () => {} });
    expect(Object.entries(stats.currencies)).toEqual([
      ['EUR', 4],
      ['', 1],
      ['USD', 2],
      ['JPY', 1],
    ]);
  });
});

describe('parseDecimalText plain check', () => {
  it('agrees with the plain-decimal pattern on any short text of digits, signs, points and exponents', () => {
    const PLAIN = /^-?\d+(?:\.\d+)?$/;
    fc.assert(
      // Output is always plain decimal, so it equals the input exactly when the input is plain.
      fc.property(fc.string({ unit: fc.constantFrom('0', '7', '-', '+', '.', 'e', ' '), maxLength: 8 }), (s) => {
        expect(parseDecimalText(s) === s).toBe(PLAIN.test(s));
      }),
    );
    for (const s of ['0', '-0.5', '12.000', '007']) expect(parseDecimalText(s)).toBe(s);
    expect(parseDecimalText('1.')).toBe('1');
    expect(parseDecimalText('-')).toBeNull();
    expect(parseDecimalText('.')).toBeNull();
    expect(parseDecimalText('1.2.3')).toBeNull();
  });
});
