import { readFileSync } from 'node:fs';
import { PassThrough, Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { CostRecord } from '../../../src/core/types.js';
import { sampleRecords } from '../../../src/providers/sample/generate-sample.js';
import { FOCUS_CSV_COLUMNS, csvField, writeFocusCsv } from '../../../src/providers/sample/write-focus-csv.js';

const records = sampleRecords({ today: '2026-11-03', months: 0 });

/** A writable that keeps what it receives; `slow` makes it apply back-pressure. */
function sink(opts: { slow?: boolean } = {}) {
  const chunks: string[] = [];
  let refused = 0;
  const out = new Writable({
    highWaterMark: opts.slow ? 1024 : 16 * 1024,
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      if (opts.slow) setImmediate(cb);
      else cb();
    },
  });
  const write = out.write.bind(out);
  out.write = ((chunk: string) => {
    const ok = write(chunk);
    if (!ok) refused++;
    return ok;
  }) as typeof out.write;
  return { out, text: () => chunks.join(''), refused: () => refused };
}

type Row = Record<(typeof FOCUS_CSV_COLUMNS)[number], string>;
const parseCsv = (text: string): Row[] => parse(text, { columns: true, skip_empty_lines: true });

/** The CostRecord a FOCUS reader would rebuild from a row. */
function fromRow(row: Row): CostRecord {
  return {
    chargePeriodStart: Date.parse(row.ChargePeriodStart),
    chargePeriodEnd: Date.parse(row.ChargePeriodEnd),
    billedCost: row.BilledCost,
    effectiveCost: row.EffectiveCost,
    listCost: row.ListCost,
    currency: row.BillingCurrency,
    provider: row.ProviderName,
    subAccountId: row.SubAccountId,
    subAccountName: row.SubAccountName,
    serviceName: row.ServiceName,
    serviceCategory: row.ServiceCategory,
    skuId: row.SkuId,
    chargeDescription: row.ChargeDescription,
    resourceId: row.ResourceId,
    resourceName: row.ResourceName,
    resourceType: row.ResourceType,
    regionId: row.RegionId,
    chargeCategory: row.ChargeCategory,
    pricingCategory: row.PricingCategory,
    consumedQuantity: row.ConsumedQuantity,
    consumedUnit: row.ConsumedUnit,
    tags: row.Tags === '' ? {} : JSON.parse(row.Tags),
  };
}

describe('writeFocusCsv', () => {
  it('writes the header of the FinOps Foundation FOCUS 1.0 sample', async () => {
    const fixture = readFileSync(new URL('../../../fixtures/focus/focus-1.0-sample.csv', import.meta.url), 'utf8');
    const expected = parse(fixture.slice(0, fixture.indexOf('\n')))[0];
    const { out, text } = sink();
    await writeFocusCsv(out, []);
    expect(text().trimEnd().split(',')).toEqual(expected);
  });

  it('round-trips every sample record through csv-parse', async () => {
    const { out, text } = sink();
    const rows = await writeFocusCsv(out, records);
    expect(rows).toBe(records.length);
    const parsed = parseCsv(text());
    expect(parsed.map(fromRow)).toEqual(records);
    expect(parsed.map((r) => r.Id)).toEqual(records.map((_, i) => String(i + 1)));
    expect(parsed[0]).toMatchObject({ BillingPeriodStart: '2026-11-01T00:00:00Z', BillingPeriodEnd: '2026-12-01T00:00:00Z', ChargeFrequency: 'Usage-Based' });
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', async () => {
    const hostile: CostRecord = {
      ...records[0],
      chargeDescription: 'a "quoted", multi\nline\r\ndescription',
      resourceName: ',leading comma',
      tags: { ' team': 'nlp', 'k,"x"': 'v\nw', empty: '' },
    };
    const { out, text } = sink();
    await writeFocusCsv(out, [hostile], { eol: '\r\n' });
    expect(parseCsv(text()).map(fromRow)).toEqual([hostile]);
    expect(csvField('plain')).toBe('plain');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });

  it('waits for drain when the stream pushes back, and loses nothing', async () => {
    const many = Array.from({ length: 8 }, () => records).flat();
    const slow = sink({ slow: true });
    await writeFocusCsv(slow.out, many);
    expect(slow.refused()).toBeGreaterThan(0);
    expect(parseCsv(slow.text())).toHaveLength(many.length);
  });

  it('accepts async iterables and can leave the header out', async () => {
    async function* gen() {
      for (const r of records.slice(0, 3)) yield r;
    }
    const { out, text } = sink();
    expect(await writeFocusCsv(out, gen(), { header: false })).toBe(3);
    const lines = text().trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0].startsWith(',')).toBe(true);
  });

  it('rejects when the stream fails while it waits', async () => {
    const out = new PassThrough({ highWaterMark: 16 });
    const many = Array.from({ length: 4 }, () => records).flat();
    const done = writeFocusCsv(out, many);
    setImmediate(() => out.destroy(new Error('disk full')));
    await expect(done).rejects.toThrow('disk full');
  });

  it('rejects, rather than waiting forever, when the stream is already destroyed', async () => {
    const out = new PassThrough({ highWaterMark: 16 });
    out.on('error', () => {});
    out.destroy();
    await expect(writeFocusCsv(out, records)).rejects.toThrow(/closed before every row was written/);
  });
});
