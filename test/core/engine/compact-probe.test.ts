/**
 * Merging rows of the same day is skipped when the first rows show it would gain nothing
 * (daily exports); hourly data is still merged. Answers are the same either way.
 */
import { describe, expect, it } from 'vitest';
import { buildAllocator } from '../../../src/core/allocation/build-allocator.js';
import { DatasetBuilder } from '../../../src/core/engine/dataset.js';
import { scanDataset, type ScanPlan } from '../../../src/core/engine/scan.js';
import type { AllocationConfig, CostRecord } from '../../../src/core/types.js';
import { makeRecord } from '../../helpers/make-record.js';

const cfg: AllocationConfig = {
  dimensions: { team: { tags: ['team'], accounts: {}, rules: [], aliases: {} } },
  shared: [],
  unallocated: '(untagged)',
};
const DAY0 = Date.parse('2026-01-01T00:00:00Z');

function build(records: CostRecord[], compact: boolean) {
  const b = new DatasetBuilder(buildAllocator(cfg), 'UTC', 't');
  for (const r of records) b.add(r);
  return b.build({ compact, release: true });
}

function plan(startDay: number, endDay: number): ScanPlan {
  return { startDay, endDay, bucketStarts: [startDay], groupBy: ['team'], filters: {}, metric: 'effective', currency: 'USD', unallocatedDimension: 'team', evenDimensions: [] };
}

/** `resources` rows a period, each resource its own id and tags, `periods` periods of `hours` hours. */
function records(resources: number, periods: number, hours: number): CostRecord[] {
  const out: CostRecord[] = [];
  for (let p = 0; p < periods; p++) {
    for (let r = 0; r < resources; r++) {
      const start = DAY0 + p * hours * 3_600_000;
      out.push(makeRecord({
        chargePeriodStart: start,
        chargePeriodEnd: start + hours * 3_600_000,
        billedCost: `${(r % 97) + 1}.${String(p % 100).padStart(2, '0')}`,
        resourceId: `i-${r}`,
        tags: r % 10 === 0 ? {} : { team: `t${r % 7}`, Name: `node-${r}` },
      }));
    }
  }
  return out;
}

describe('compactByDay on large datasets', () => {
  it('leaves daily data (nothing to merge) as it is, with the same answers', () => {
    const recs = records(2_000, 30, 24);
    const ds = build(recs, true);
    expect(ds.rows).toBe(60_000);
    expect(ds.sourceRows).toBe(60_000);
    const day0 = ds.minDay;
    expect(scanDataset(ds, plan(day0, day0 + 30))).toEqual(scanDataset(build(recs, false), plan(day0, day0 + 30)));
  });

  it('still merges hourly data, with the same answers', () => {
    const recs = records(1_000, 24 * 3, 1);
    const ds = build(recs, true);
    expect(ds.sourceRows).toBe(72_000);
    expect(ds.rows).toBe(3_000);
    const day0 = ds.minDay;
    const { rowsScanned, ...merged } = scanDataset(ds, plan(day0, day0 + 3));
    const { rowsScanned: looseRows, ...loose } = scanDataset(build(recs, false), plan(day0, day0 + 3));
    expect([rowsScanned, looseRows]).toEqual([3_000, 72_000]);
    expect(merged).toEqual(loose);
  });
});
