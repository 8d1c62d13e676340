import { describe, expect, it } from 'vitest';
import { tapGpuCosts } from '../../../src/app/gpu/gpu-wiring.js';
import type { SnapshotProvider } from '../../../src/providers/types.js';
import { makeRecord } from '../../helpers/make-record.js';
import { TAG_ALLOCATION } from './gpu-test-deps.js';

const START = Date.parse('2026-11-20T00:00:00Z');

describe('the GPU cost side as the runtime wires it (one index per provider and load)', () => {
  it('replaces a provider’s rows on each load (a second pass, a rescan) instead of adding them again, and merges the providers', async () => {
    const gpuRow = (resourceId: string, cost: string) => makeRecord({ resourceId, chargePeriodStart: START, chargePeriodEnd: START + 3_600_000, chargeDescription: 'Linux/UNIX p5.48xlarge instance-hour', consumedUnit: 'Hours', consumedQuantity: '1', billedCost: cost, effectiveCost: cost, listCost: cost });
    let bill = [gpuRow('i-a', '98.32')];
    const focus: SnapshotProvider = { kind: 'snapshot', id: 'focus', type: 'focus', describe: () => 'test', load: async (sink) => (bill.forEach((r) => sink(r)), { rows: bill.length, rejected: 0, rejectedSamples: [], warnings: [], ms: 0 }) };
    const other: SnapshotProvider = { ...focus, id: 'other', load: async (sink) => (sink(gpuRow('i-b', '10.00')), { rows: 1, rejected: 0, rejectedSamples: [], warnings: [], ms: 0 }) };
    const tap = tapGpuCosts([focus, other], TAG_ALLOCATION, 'USD');
    const [tFocus, tOther] = tap.providers as SnapshotProvider[];
    const sink = () => undefined;
    await tFocus!.load(sink);
    await tFocus!.load(sink); // the same files read again
    await tOther!.load(sink);
    const range = { start: START, end: START + 86_400_000 };
    const costs = async () => (await tap.index.gpuCosts(range)).resources.map((r) => [r.resource, r.cost]).sort();
    expect(await costs()).toEqual([['i-a', 98_320_000_000_000n], ['i-b', 10_000_000_000_000n]]);
    bill = [gpuRow('i-a', '50.00')]; // a rescan finds the file changed
    await tFocus!.load(sink);
    expect(await costs()).toEqual([['i-a', 50_000_000_000_000n], ['i-b', 10_000_000_000_000n]]);
  });
});
