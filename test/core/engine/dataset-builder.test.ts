import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAllocator, normalizeTags } from '../../../src/core/allocation/build-allocator.js';
import { DatasetBuilder, type CodedColumn } from '../../../src/core/engine/dataset.js';
import { DictionaryColumn } from '../../../src/core/engine/growable.js';
import type { AllocationConfig, CostRecord } from '../../../src/core/types.js';
import { makeRecord } from '../../helpers/make-record.js';

/** Values as a reader hands them over: slices of one large text, so equal values are distinct objects. */
function sliced(values: string[]): string[] {
  const text = values.join('\u0001');
  const out: string[] = [];
  let at = 0;
  for (const v of values) {
    out.push(text.slice(at, at + v.length));
    at += v.length + 1;
  }
  return out;
}

/** The dictionary encoding by definition: first appearance order. */
function reference(values: string[]): { codes: number[]; dict: string[] } {
  const seen = new Map<string, number>();
  const codes = values.map((v) => {
    let c = seen.get(v);
    if (c === undefined) seen.set(v, (c = seen.size));
    return c;
  });
  return { codes, dict: [...seen.keys()] };
}

describe('DictionaryColumn', () => {
  it('codes values by first appearance, whatever the cache in front of the map does', () => {
    // Few distinct strings that look alike (same length, same ends) make the cache collide.
    const value = fc.oneof(
      fc.constantFrom('', 'a', 'AWS', 'us-east-1', 'i-0123456789abcdef0', 'i-0123456789abcdef1', 'i-1123456789abcdef0'),
      fc.stringMatching(/^i-0[0-9a-f]{3}ef0$/),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), (values) => {
        const dict = new DictionaryColumn();
        const codes = sliced(values).map((v) => dict.code(v));
        const want = reference(values);
        expect(codes).toEqual(want.codes);
        expect(dict.values).toEqual(want.dict);
      }),
    );
  });

  it('stays exact while it grows past thousands of distinct values, in any order', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `arn:aws:ec2:us-east-1:123:instance/i-${(i * 7919) % 20_000}`);
    const values = [...ids, ...ids.slice().reverse(), ...ids.filter((_, i) => i % 3 === 0)];
    const dict = new DictionaryColumn();
    const codes = sliced(values).map((v) => dict.code(v));
    const want = reference(values);
    expect(codes).toEqual(want.codes);
    expect(dict.values).toEqual(want.dict);
  });

  it('pushes codes, with the empty string as a value of its own', () => {
    const dict = new DictionaryColumn();
    for (const v of ['', 'x', '', 'x', 'y', '']) dict.push(v);
    expect(dict.values).toEqual(['', 'x', 'y']);
    expect(dict.codes.permuted(Uint32Array.from([0, 1, 2, 3, 4, 5]))).toEqual(Uint32Array.from([0, 1, 0, 1, 2, 0]));
  });
});

const dim = (over: Partial<AllocationConfig['dimensions'][string]> = {}) => ({ tags: [], accounts: {}, rules: [], aliases: {}, ...over });

function valuesOf(col: CodedColumn): string[] {
  return Array.from(col.codes, (c) => col.values[c]!);
}

describe('DatasetBuilder allocation memo', () => {
  it('gives every row the allocation of its own fields, however many rows share a memo entry', () => {
    const cfg: AllocationConfig = {
      dimensions: {
        team: dim({ tags: ['team'], accounts: { '111': 'nlp', '222': 'vision' } }),
        app: dim({ rules: [{ when: { ResourceName: 'web-*' }, value: 'web' }, { when: { SkuId: 'SKU1' }, value: 'sku1' }] }),
      },
      shared: [{ name: 'support', when: { ServiceName: 'AWS Support*' }, split: 'proportional' }],
      unallocated: '(none)',
    };
    const rowArb = fc.record({
      account: fc.constantFrom('111', '222', '333'),
      team: fc.constantFrom('', 'speech'),
      resourceName: fc.constantFrom('web-1', 'db-1', ''),
      skuId: fc.constantFrom('SKU1', 'SKU2'),
      service: fc.constantFrom('Amazon EC2', 'AWS Support (Business)'),
    });
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 60 }), (rows) => {
        const records = rows.map((r) =>
          makeRecord({
            subAccountId: r.account,
            tags: r.team ? { team: r.team } : {},
            resourceName: r.resourceName,
            skuId: r.skuId,
            serviceName: r.service,
            billedCost: '1',
          }),
        );
        const allocator = buildAllocator(cfg);
        const b = new DatasetBuilder(allocator, 'UTC', 't');
        records.forEach((r) => b.add(r));
        const ds = b.build({ compact: false });
        // Same day for all rows: the build keeps file order.
        const want = records.map((r) => allocator.allocate(r, normalizeTags(r.tags)));
        for (const name of allocator.dimensions) {
          const i = allocator.dimensions.indexOf(name);
          expect(valuesOf(ds.columns[name]!)).toEqual(want.map((v) => v[i]));
        }
        expect(Array.from(ds.shared)).toEqual(records.map((r) => allocator.sharedIndex(r)));
      }),
    );
  });

  it('keys the memo on the account even when a dimension is named like the account key', () => {
    const cfg: AllocationConfig = {
      dimensions: { team: dim({ accounts: { '111': 'nlp', '222': 'vision' } }), account: dim({ tags: ['acct'] }) },
      shared: [],
      unallocated: '(none)',
    };
    const b = new DatasetBuilder(buildAllocator(cfg), 'UTC', 't');
    const rows: CostRecord[] = ['111', '222', '111'].map((subAccountId) => makeRecord({ subAccountId, billedCost: '1' }));
    rows.forEach((r) => b.add(r));
    expect(valuesOf(b.build({ compact: false }).columns.team!)).toEqual(['nlp', 'vision', 'nlp']);
  });

  it('normalises each row’s currency, also when it changes from row to row', () => {
    const b = new DatasetBuilder(buildAllocator({ dimensions: {}, shared: [], unallocated: '-' }), 'UTC', 't');
    for (const currency of ['usd', 'usd', ' eur', '', 'EUR', 'usd']) b.add(makeRecord({ currency, billedCost: '1' }));
    expect(valuesOf(b.build({ compact: false }).currency)).toEqual(['USD', 'USD', 'EUR', 'USD', 'EUR', 'USD']);
  });
});
