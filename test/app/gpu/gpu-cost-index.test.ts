import { describe, expect, it } from 'vitest';
import { GpuCostIndex } from '../../../src/app/gpu/gpu-cost-index.js';
import { teeProvider } from '../../../src/app/gpu/tee-provider.js';
import { sampleRecords } from '../../../src/providers/sample/index.js';
import { SAMPLE_ALLOCATION } from '../../../src/providers/sample/index.js';
import { makeRecord } from '../../helpers/make-record.js';
import { recordsProvider } from '../../helpers/test-engine.js';
import { TAG_ALLOCATION } from './gpu-test-deps.js';

const PICO = 1_000_000_000_000n;
const day = (d: string) => ({ start: Date.parse(`${d}T00:00:00Z`), end: Date.parse(`${d}T00:00:00Z`) + 86_400_000 });

describe('GpuCostIndex (the GPU cost port over loaded billing records)', () => {
  it('keeps GPU resources with instance type, GPU count, owner, model, pricing, hours and periods', async () => {
    const idx = new GpuCostIndex(SAMPLE_ALLOCATION, 'USD');
    for (const r of sampleRecords({ today: '2026-11-26' })) idx.add(r);
    const { resources, billedUntil } = await idx.gpuCosts(day('2026-11-25'));
    expect(billedUntil).toBe(Date.parse('2026-11-26T00:00:00Z'));
    const p4d = resources.find((r) => r.name === 'vision-sandbox-p4d')!;
    expect(p4d).toMatchObject({ isGpu: true, instanceType: 'p4d.24xlarge', gpusPerInstance: 8, gpuCountFrom: 'table', team: 'vision', instances: 1, hours: 24n * PICO });
    expect(p4d.cost).toBe(786_542_400n * 1_000_000n);
    expect(p4d.periods).toEqual([{ start: day('2026-11-25').start, end: day('2026-11-25').end, cost: p4d.cost, hours: 24n * PICO }]);
    // The legacy Terraform spelling `Team: NLP` and the account map resolve like every answer.
    const endpoint = resources.find((r) => r.name === 'llama-8b-ft-support-prod')!;
    expect(endpoint).toMatchObject({ team: 'nlp', model: 'llama-8b-ft-support', workload: 'inference', instanceType: 'ml.g5.12xlarge', gpusPerInstance: 4 });
    expect(endpoint.instances).toBeGreaterThanOrEqual(2);
    // Spot training shows as spot; storage and network never enter.
    expect(resources.some((r) => r.lines.some((l) => l.pricing === 'spot'))).toBe(true);
    expect(resources.every((r) => r.lines.every((l) => l.accelerator === 'gpu' || l.workload === 'inference' || l.experiment !== '(untagged)'))).toBe(true);
  });

  it('observes list and spot prices per instance type', async () => {
    const idx = new GpuCostIndex(SAMPLE_ALLOCATION, 'USD');
    for (const r of sampleRecords({ today: '2026-11-26' })) idx.add(r);
    const obs = await idx.prices({ start: Date.parse('2026-10-01T00:00:00Z'), end: Date.parse('2026-11-26T00:00:00Z') });
    const onDemand = obs.find((o) => o.instanceType === 'p4d.24xlarge' && o.pricing === 'on-demand')!;
    expect(onDemand.listCost * PICO / onDemand.hours).toBe(32_772_600n * 1_000_000n);
    const spot = obs.find((o) => o.instanceType === 'p4d.24xlarge' && o.pricing === 'spot')!;
    expect(spot.cost * 100n / spot.listCost).toBeLessThan(43n);
  });

  it('prorates a period that straddles the range, skips non-usage rows, and reports other currencies', async () => {
    const idx = new GpuCostIndex(TAG_ALLOCATION, 'USD');
    const gpu = { resourceId: 'i-1', chargeDescription: 'Linux/UNIX g5.xlarge instance-hour', consumedUnit: 'Hours', tags: { team: 'a' } };
    idx.add(makeRecord({ ...gpu, day: '2026-11-20', billedCost: '24', consumedQuantity: '24' }));
    idx.add(makeRecord({ ...gpu, day: '2026-11-20', billedCost: '-5', chargeCategory: 'Credit' }));
    idx.add(makeRecord({ ...gpu, day: '2026-11-20', billedCost: '10', currency: 'EUR', consumedQuantity: '1' }));
    idx.add(makeRecord({ resourceId: 'bucket', day: '2026-11-20', billedCost: '3', serviceName: 'Amazon S3', serviceCategory: 'Storage' }));
    const start = Date.parse('2026-11-20T18:00:00Z');
    const { resources, notes } = await idx.gpuCosts({ start, end: start + 12 * 3_600_000 });
    expect(resources.map((r) => [r.resource, r.cost, r.hours])).toEqual([['i-1', 6n * PICO, 6n * PICO]]);
    expect(notes).toEqual(['1 GPU billing row is in EUR, not USD: not in any figure.']);
  });

  it('is fed by the same load as the engine through teeProvider', async () => {
    const recs = [makeRecord({ resourceId: 'i-1', chargeDescription: 'Linux/UNIX p5.48xlarge instance-hour', consumedUnit: 'Hours', consumedQuantity: '1', billedCost: '98.32' })];
    const idx = new GpuCostIndex(TAG_ALLOCATION, 'USD');
    const seen: string[] = [];
    const tee = teeProvider(recordsProvider(recs, 'focus'), idx.add);
    const load = await tee.load((r) => seen.push(r.resourceId));
    expect([tee.id, tee.kind, load.rows, seen, idx.size]).toEqual(['focus', 'snapshot', 1, ['i-1'], 1]);
  });
});
