import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CostRecord, RejectedRow } from '../../../src/core/types.js';
import { FocusFormatError, readFocus } from '../../../src/providers/focus/index.js';
import type { FocusReadStats } from '../../../src/providers/focus/index.js';

const fx = (name: string): string => fileURLToPath(new URL(`../../../fixtures/focus/${name}`, import.meta.url));
const SAMPLE = fx('focus-1.0-sample.csv');

async function readAll(path: string): Promise<{ records: CostRecord[]; rejects: RejectedRow[]; stats: FocusReadStats }> {
  const records: CostRecord[] = [];
  const rejects: RejectedRow[] = [];
  const stats = await readFocus(path, { onRecord: (r) => records.push(r), onReject: (r) => rejects.push(r) });
  return { records, rejects, stats };
}

/** Exact sum of decimal strings at 11 decimals (the sample's scale), as decimal text. */
function sum11(values: string[]): string {
  let total = 0n;
  for (const v of values) {
    const neg = v.startsWith('-');
    const [i, f = ''] = v.replace(/^[-+]/, '').split('.');
    expect(f.length).toBeLessThanOrEqual(11);
    const scaled = BigInt(i + f.padEnd(11, '0'));
    total += neg ? -scaled : scaled;
  }
  const neg = total < 0n;
  const s = (neg ? -total : total).toString().padStart(12, '0');
  return `${neg ? '-' : ''}${s.slice(0, -11)}.${s.slice(-11)}`;
}

/** A deliberately different CSV parse (char by char, whole file) for an independent check. */
function naiveCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe('readFocus on the FinOps Foundation FOCUS 1.0 sample', () => {
  it('loads all 1,000 rows with nothing rejected and exact totals', async () => {
    const { records, rejects, stats } = await readAll(SAMPLE);
    expect(rejects).toEqual([]);
    expect(stats.rows).toBe(1000);
    expect(stats.rejected).toBe(0);
    expect(stats.currencies).toEqual({ USD: 1000 });
    expect(stats.warnings).toEqual([]);
    // Pre-computed with Python's Decimal over the raw file.
    expect(sum11(records.map((r) => r.billedCost))).toBe('20.52022672899');
    expect(sum11(records.map((r) => r.effectiveCost))).toBe('14.97651418586');
    expect(sum11(records.map((r) => r.listCost))).toBe('20.39090575119');
    const byProvider: Record<string, number> = {};
    for (const r of records) byProvider[r.provider] = (byProvider[r.provider] ?? 0) + 1;
    expect(byProvider).toEqual({ AWS: 942, Microsoft: 51, Oracle: 7 });
    expect(stats.minStart).toBe(Date.UTC(2024, 8, 1));
    expect(stats.maxEnd).toBe(Date.UTC(2024, 9, 1));
  });

  it('matches an independent parse of the raw file, record by record', async () => {
    const { records } = await readAll(SAMPLE);
    const [header, ...rows] = naiveCsv(readFileSync(SAMPLE, 'utf8'));
    const col = (name: string): number => header.indexOf(name);
    expect(rows).toHaveLength(records.length);
    rows.forEach((row, i) => {
      expect(records[i].billedCost).toBe(row[col('BilledCost')]);
      expect(records[i].effectiveCost).toBe(row[col('EffectiveCost')]);
      expect(records[i].resourceId).toBe(row[col('ResourceId')] === 'NULL' ? '' : row[col('ResourceId')]);
      expect(records[i].tags).toEqual(row[col('Tags')] === 'NULL' ? {} : JSON.parse(row[col('Tags')]));
    });
    expect(sum11(records.map((r) => r.billedCost))).toBe(sum11(rows.map((r) => r[col('BilledCost')])));
  });

  it('maps one real row field by field, with NULL as empty text', async () => {
    const { records } = await readAll(SAMPLE);
    expect(records[1]).toEqual({
      chargePeriodStart: Date.UTC(2024, 8, 30, 22),
      chargePeriodEnd: Date.UTC(2024, 8, 30, 23),
      billedCost: '0.00001605990',
      effectiveCost: '0.00000000000',
      listCost: '0.00001605990',
      currency: 'USD',
      provider: 'AWS',
      subAccountId: '43883916739',
      subAccountName: 'Zenith Eclipse',
      serviceName: 'Elastic Load Balancing',
      serviceCategory: 'Networking',
      skuId: '2ETY8Y426S4237JU',
      chargeDescription: '$0.008 per used Application load balancer capacity unit-hour (or partial hour)',
      resourceId: 'arn:ats:emastilmoalfamanling:us-test-2:586597448978:moalfamanler/app/tungsten-lonbmuenle-amf/l365455f461l4e4a',
      resourceName: '',
      resourceType: '',
      regionId: 'us-west-2',
      chargeCategory: 'Usage',
      pricingCategory: 'Standard',
      consumedQuantity: '0.002007490000000',
      consumedUnit: 'LCU-Hours',
      tags: { application: 'BrightLensMatrix', environment: 'dev', business_unit: 'ViennaAI' },
    });
  });

  it('reads the same sample as Parquet with the same exact totals', async () => {
    const { records, stats } = await readAll(fx('focus-sample.parquet'));
    expect(stats.rejected).toBe(0);
    expect(records).toHaveLength(1000);
    expect(sum11(records.map((r) => r.billedCost))).toBe('20.52022672899');
    expect(sum11(records.map((r) => r.effectiveCost))).toBe('14.97651418586');
    expect(sum11(records.map((r) => r.listCost))).toBe('20.39090575119');
    const csv = (await readAll(SAMPLE)).records;
    expect(records).toEqual(csv);
  });
});

describe('readFocus on messy but valid exports', () => {
  it('takes any column order, a BOM, spaced header names, CRLF, x_ columns, exponents, credits and odd tags', async () => {
    const { records, rejects, stats } = await readAll(fx('messy.csv'));
    expect(rejects).toEqual([]);
    expect(records.map((r) => [r.billedCost, r.effectiveCost, r.listCost])).toEqual([
      ['0.12345678901', '0.10000000001', '0.12345678901'], // ListCost NULL → BilledCost
      ['-1.50000000000', '-1.5', '-1.5'], // a credit stays negative
      ['0.00000015', '0.00000015', '250'], // exponent notation; EffectiveCost empty → BilledCost
      ['3', '3', '3'], // "+3." normalized; both others missing
      ['0', '0.00000000001', '0'],
    ]);
    expect(records[0].tags).toEqual({ model: 'llama-3', ' org': 'nlp', Env: 'prd', gpus: '8', spot: 'true', owner: '' });
    expect(records[1].tags).toEqual({});
    expect(records[2].tags).toEqual({}); // invalid JSON: the row is kept, untagged
    expect(records[4].tags).toEqual({}); // a JSON array is not a tag object
    expect(records[2].chargePeriodStart).toBe(Date.UTC(2024, 8, 18, 20)); // +02:00 honoured
    expect(records[3].chargePeriodStart).toBe(Date.UTC(2024, 8, 19)); // date only
    expect(records[3].chargePeriodEnd).toBe(Date.UTC(2024, 8, 20));
    expect(records[4].chargePeriodEnd).toBe(records[4].chargePeriodStart); // NULL end → start
    expect(records[4].chargePeriodStart).toBe(Date.UTC(2024, 8, 19, 1, 0, 0, 123));
    expect(records[2].consumedQuantity).toBe('1000');
    expect(records[3].consumedQuantity).toBe('0.5');
    expect(records[1].pricingCategory).toBe('');
    expect(stats.invalidTagRows).toBe(2);
    expect(stats.currencies).toEqual({ USD: 3, EUR: 1, '': 1 });
    expect(stats.warnings).toEqual([
      `${fx('messy.csv')}: 2 rows with Tags that are not a JSON object; read as untagged.`,
      `${fx('messy.csv')}: 2 rows with no EffectiveCost; BilledCost used.`,
      `${fx('messy.csv')}: 1 row with no BillingCurrency.`,
    ]);
  });

  it('keeps tags read-only and shared rather than copying them per row', async () => {
    const { records } = await readAll(SAMPLE);
    expect(Object.isFrozen(records[1].tags)).toBe(true);
    expect(() => {
      records[1].tags.team = 'x';
    }).toThrow(TypeError);
  });

  it('reads embedded line breaks and quotes, and reports later rows on their physical line', async () => {
    const { records, rejects } = await readAll(fx('quoted.csv'));
    expect(records.map((r) => r.chargeDescription)).toEqual([
      'first line\nsecond line with "quotes", and a comma\nthird line',
      '"fully quoted"',
      '',
    ]);
    expect(rejects).toEqual([{ source: fx('quoted.csv'), line: 6, reason: 'BilledCost "lots" is not a number' }]);
  });

  it('decodes UTF-16 exports (Excel "Unicode text") with their BOM', async () => {
    const { records, rejects } = await readAll(fx('utf16.csv'));
    expect(rejects).toEqual([]);
    expect(records[0].chargeDescription).toBe('Speicher für Müller');
    expect(records[0].tags).toEqual({ Kostenstelle: 'Ä1' });
  });
});

describe('readFocus rejects bad rows with file and line, never silently', () => {
  it('rejects each bad row with its reason and keeps the good ones', async () => {
    const file = fx('bad-rows.csv');
    const { records, rejects, stats } = await readAll(file);
    expect(records.map((r) => r.chargeDescription)).toEqual(['ok', 'ok again']);
    expect(rejects).toEqual([
      { source: file, line: 3, reason: 'BilledCost "$1.25" is not a number' },
      { source: file, line: 4, reason: 'ChargePeriodStart "yesterday" is not a time' },
      { source: file, line: 5, reason: 'ChargePeriodStart "2024-02-30 22:00:00" is not a time' },
      { source: file, line: 6, reason: 'the row has 9 fields, the header has 10' },
      { source: file, line: 7, reason: 'BilledCost and EffectiveCost are both empty' },
      { source: file, line: 8, reason: 'ChargePeriodEnd "2024-09-18 21:00:00" is before ChargePeriodStart "2024-09-18 22:00:00"' },
      { source: file, line: 9, reason: 'BilledCost "1e999999" is not a number' },
      { source: file, line: 11, reason: 'malformed CSV: unterminated quoted field' },
    ]);
    expect(stats.rejected).toBe(8);
    expect(stats.rejectedSamples).toEqual(rejects);
    expect(stats.rows).toBe(2);
  });
});

describe('readFocus refuses input that is not FOCUS', () => {
  async function failure(path: string): Promise<FocusFormatError> {
    const err = await readFocus(path, { onRecord: () => {} }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FocusFormatError);
    return err as FocusFormatError;
  }

  it('names the file, the missing columns, a case near-miss and the fix', async () => {
    const err = await failure(fx('not-focus.csv'));
    expect(err.code).toBe('not-focus');
    expect(err.file).toBe(fx('not-focus.csv'));
    expect(err.message).toContain(fx('not-focus.csv'));
    expect(err.message).toContain('no ChargePeriodStart, BilledCost, EffectiveCost columns');
    expect(err.message).toContain('found "billedcost", "effectivecost"; FOCUS column names are case-sensitive');
    expect(err.message).toContain('Export FOCUS 1.0 or later');
  });

  it('refuses binary garbage', async () => {
    const err = await failure(fx('garbage.csv'));
    expect(err.code).toBe('binary');
    expect(err.message).toContain('garbage.csv is a binary file');
  });

  it('refuses a truncated .gz, with the cause attached', async () => {
    const err = await failure(fx('truncated.csv.gz'));
    expect(err.code).toBe('corrupt');
    expect(err.message).toMatch(/truncated\.csv\.gz is not a complete gzip file .*Download or export it again/);
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('refuses a file named .parquet that is not Parquet', async () => {
    expect((await failure(fx('mislabeled.parquet'))).code).toBe('corrupt');
  });

  it('refuses a path that matches nothing, saying how to fix it', async () => {
    const missing = await failure(fx('no-such-file.csv'));
    expect(missing.code).toBe('not-found');
    expect(missing.message).toContain('Check the `path` of the focus provider');
    const noMatch = await failure(fx('mixed/**/*.nothing.csv'));
    expect(noMatch.code).toBe('not-found');
    expect(noMatch.message).toContain('No FOCUS files');
  });

  it('skips an empty file with a warning and reads a header-only file as no rows', async () => {
    const empty = await readAll(fx('empty.csv'));
    expect(empty.records).toEqual([]);
    expect(empty.stats.warnings).toEqual([`${fx('empty.csv')} is empty (not even a header line); skipped.`]);
    const headerOnly = await readAll(fx('header-only.csv'));
    expect(headerOnly.stats).toMatchObject({ rows: 0, rejected: 0, warnings: [], minStart: null, maxEnd: null });
  });
});

describe('readFocus across many chunks', () => {
  it('reads multi-megabyte CSV and CSV.gz files with non-ASCII text the same as the parts', async () => {
    // Big enough for several 1 MB chunks, so records and UTF-8 characters straddle chunk edges.
    const header = 'ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,BillingCurrency,ChargeDescription,Tags';
    const lines = [header];
    for (let i = 0; i < 12_000; i++) {
      const desc = `"Speicher für Müller ${i} — €${'x'.repeat(i % 50)}, ""quoted""\nsecond line"`;
      lines.push(`2024-09-01T${String(i % 24).padStart(2, '0')}:00:00Z,NULL,0.00000000001,${i % 7 === 0 ? 'NULL' : '-0.00000000001'},,EUR,${desc},"{""n"": ${i}}"`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'focus-reader-'));
    const text = lines.join('\n') + '\n';
    writeFileSync(join(dir, 'big.csv'), text);
    writeFileSync(join(dir, 'big.csv.gz'), gzipSync(text));
    try {
      for (const name of ['big.csv', 'big.csv.gz']) {
        const { records, rejects } = await readAll(join(dir, name));
        expect(rejects).toEqual([]);
        expect(records).toHaveLength(12_000);
        expect(records[11_999].chargeDescription).toBe(`Speicher für Müller 11999 — €${'x'.repeat(11_999 % 50)}, "quoted"\nsecond line`);
        expect(records[10_345].tags).toEqual({ n: '10345' });
        expect(sum11(records.map((r) => r.billedCost))).toBe('0.00000012000');
        // 1,715 rows (i % 7 === 0) have no EffectiveCost and fall back to +1e-11.
        expect(sum11(records.map((r) => r.effectiveCost))).toBe(sum11(['0.00000001715', '-0.00000010285']));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('readFocus on folders and globs', () => {
  it('reads a folder recursively (csv, csv.gz, gzip content under a .CSV name), sorted, skipping other files', async () => {
    const { records, stats } = await readAll(fx('mixed'));
    expect(stats.files).toEqual([fx('mixed/b-first.csv'), fx('mixed/sub/a-second.csv.gz'), fx('mixed/sub/renamed.CSV')]);
    expect(records.map((r) => r.chargeDescription)).toEqual(['plain', 'gzipped', 'gzip named csv']);
    expect(sum11(records.map((r) => r.effectiveCost))).toBe('6.00000000000');
  });

  it('reads a glob', async () => {
    const { stats } = await readAll(fx('mixed/**/*.csv.gz'));
    expect(stats.files).toEqual([fx('mixed/sub/a-second.csv.gz')]);
    expect(stats.rows).toBe(1);
  });

  it('reports progress and stops when aborted', async () => {
    const seen: { file: string; rows: number; bytes: number }[] = [];
    await readFocus(SAMPLE, { onRecord: () => {}, onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toEqual({ file: SAMPLE, rows: 1000, bytes: 755423 });

    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    await expect(readFocus(SAMPLE, { onRecord: () => {}, signal: controller.signal })).rejects.toThrow('user cancelled');
  });
});
