import { describe, expect, it } from 'vitest';
import { buildAllocator, normalizeTags } from '../../../src/core/allocation/build-allocator.js';
import { classifyBigQueryError } from '../../../src/providers/gcp-bigquery/classify-error.js';
import { compileFetchSql } from '../../../src/providers/gcp-bigquery/compile-sql.js';
import { apiErrorBodySchema, decodeRows, parseQueryResponse, PayloadError, timestampCellToIso } from '../../../src/providers/gcp-bigquery/schema.js';
import { parseTableName } from '../../../src/providers/gcp-bigquery/table-name.js';
import { allocationConfig, fixture } from './test-helpers.js';
import { toCostRecord } from '../../../src/providers/gcp-bigquery/to-cost-record.js';

const ref = (() => {
  const r = parseTableName('billing-prj.billing.gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9');
  if (!r.ok) throw new Error(r.error);
  return r.ref;
})();
const recorded = fixture('fetch-request.json') as { keys: string[]; metric: 'list'; sql: string; params: Record<string, unknown> };
const compiled = compileFetchSql(
  { range: { start: '2026-11-01', end: '2026-11-05' }, keys: recorded.keys, filters: {}, pushFilters: true, metric: recorded.metric, allocation: allocationConfig() },
  { ref, kind: 'detailed', timezone: 'UTC' },
);

describe('recorded query replies', () => {
  it('the compiler still produces the recorded query', () => {
    expect(compiled.sql).toEqual(recorded.sql);
    expect(compiled.params).toEqual(recorded.params);
  });

  it('decodes both pages into exact records', () => {
    const pages = [fixture('jobs-query-page-1.json'), fixture('get-query-results-page-2.json')].map(parseQueryResponse);
    expect(pages[0]!.pageToken).toBeDefined();
    expect(pages[1]!.pageToken).toBeUndefined();
    expect(pages[0]!.totalBytesProcessed).toBe('48318382080');
    const rows = pages.flatMap((p) => decodeRows(p.schema!.fields, p.rows!));
    expect(rows).toHaveLength(14);
    const records = rows.map((r) => toCostRecord(r, compiled));
    const gpu = records.find((r) => r.chargeDescription.startsWith('Nvidia Tesla A100') && r.chargePeriodStart === Date.parse('2026-11-02T00:00:00Z'))!;
    expect(gpu).toMatchObject({
      billedCost: '2.934',
      effectiveCost: '2.0538',
      listCost: '2.934',
      provider: 'Google Cloud',
      subAccountId: 'ml-nlp-prod',
      serviceName: 'Compute Engine',
      serviceCategory: 'Compute',
      resourceType: 'a2-highgpu-1g',
      resourceName: 'llm-train-0',
      chargeCategory: 'Usage',
      pricingCategory: 'Standard',
      tags: { team: 'nlp' },
    });
    const spot = records.find((r) => r.serviceName === 'Vertex AI' && r.pricingCategory === 'Dynamic')!;
    expect(spot).toMatchObject({ billedCost: '1.127', listCost: '3.61', tags: { team: 'vision' } });
    expect(records.find((r) => r.chargeCategory === 'Tax')).toMatchObject({ subAccountId: '', serviceName: 'Invoice', tags: {} });
    expect(records.filter((r) => r.chargeCategory === 'Adjustment').map((r) => r.billedCost).sort()).toEqual(['-0.12', '0.000001']);
    // The allocation layer finishes them: the accelerator from the machine type.
    const alloc = buildAllocator(allocationConfig());
    const dims = alloc.allocate(gpu, normalizeTags(gpu.tags));
    expect(dims[alloc.dimensions.indexOf('accelerator')]).toBe('gpu');
  });

  it('reads error bodies as documented', () => {
    for (const name of ['error-access-denied.json', 'error-bytes-billed-limit.json', 'error-rate-limit.json']) {
      expect(apiErrorBodySchema.safeParse(fixture(name)).success).toBe(true);
    }
    const asApiError = (name: string) => {
      const { error } = apiErrorBodySchema.parse(fixture(name));
      return Object.assign(new Error(error.message), { code: error.code, errors: error.errors });
    };
    const ctx = { provider: 'gcp-bigquery', table: ref, jobProject: 'billing-prj', location: 'US', maxBytesBilled: 10_000_000_000 };
    expect(classifyBigQueryError(asApiError('error-access-denied.json'), ctx)).toMatchObject({ code: 'permission', retryable: false });
    expect(classifyBigQueryError(asApiError('error-rate-limit.json'), ctx)).toMatchObject({ code: 'throttled', retryable: true });
    const tooBig = classifyBigQueryError(asApiError('error-bytes-billed-limit.json'), ctx);
    expect(tooBig).toMatchObject({ code: 'too-expensive', retryable: false });
    expect(tooBig.message).toContain('maxBytesBilled = 10000000000 bytes (10.0 GB)');
  });
});

describe('malformed replies', () => {
  const fields = [{ name: 'usage_day', type: 'DATE' }, { name: 'billed_cost', type: 'NUMERIC' }, { name: 'effective_cost', type: 'NUMERIC' }];

  it('rejects a body that is not a query reply', () => {
    expect(() => parseQueryResponse('<html>502 Bad Gateway</html>')).toThrow(PayloadError);
    expect(() => parseQueryResponse({ jobComplete: 'yes' })).toThrow(/jobComplete/);
    expect(() => parseQueryResponse({ rows: [{ nope: [] }] })).toThrow(PayloadError);
    expect(() => parseQueryResponse({ totalBytesProcessed: '-1' })).toThrow(PayloadError);
  });

  it('rejects rows that do not fit the schema', () => {
    expect(() => decodeRows(fields, [{ f: [{ v: '2026-11-01' }] }])).toThrow(/1 cells for 3 columns/);
    expect(() => decodeRows(fields, [{ f: [{ v: '2026-11-01' }, { v: [{ v: '1' }] }, { v: '1' }] }])).toThrow(/not a scalar/);
    expect(() => decodeRows(fields, [{ f: [{ v: '2026-11-01' }, { v: 1.5 }, { v: '1' }] }])).toThrow(/not a scalar/);
  });

  it('keeps NUMERIC text exact, NULL sums as zero, and rejects what is not a decimal or a date', () => {
    const rec = (billed: string | null, day: string | null = '2026-11-01') => toCostRecord({ usage_day: day, billed_cost: billed, effective_cost: '1E-9', currency: 'USD' }, compiled);
    expect(rec('123456789012345678901234567.123456789')).toMatchObject({ billedCost: '123456789012345678901234567.123456789', effectiveCost: '0.000000001' });
    expect(rec(null).billedCost).toBe('0');
    expect(() => rec('NaN')).toThrow(PayloadError);
    expect(() => rec('1', '01/11/2026')).toThrow(/usage_day/);
    expect(() => rec('1', null)).toThrow(/usage_day/);
  });

  it('converts int64-microsecond TIMESTAMP cells', () => {
    expect(timestampCellToIso('1793878351044000')).toBe('2026-11-05T11:32:31.044Z');
    expect(timestampCellToIso(null)).toBeNull();
    expect(timestampCellToIso('soon')).toBeNull();
  });
});
