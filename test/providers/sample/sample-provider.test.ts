import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { CostRecord } from '../../../src/core/types.js';
import { createSampleProvider } from '../../../src/providers/sample/sample-provider.js';

const deps = { logger: pino({ level: 'silent' }), today: '2026-11-26' };

describe('createSampleProvider', () => {
  it('loads the sample through the sink, ending yesterday', async () => {
    const provider = createSampleProvider({ type: 'sample' }, deps);
    expect(provider).toMatchObject({ kind: 'snapshot', id: 'sample', type: 'sample' });
    const got: CostRecord[] = [];
    const result = await provider.load((r) => got.push(r));
    expect(result).toMatchObject({ rows: got.length, rejected: 0, rejectedSamples: [], warnings: [] });
    expect(Math.max(...got.map((r) => r.chargePeriodEnd))).toBe(Date.UTC(2026, 10, 26));
    expect(provider.describe()).toContain('2026-11-26');
  });

  it('uses its configured name as id, and honours an aborted signal', async () => {
    const provider = createSampleProvider({ type: 'sample', name: 'demo' }, deps);
    expect(provider.id).toBe('demo');
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(provider.load(() => {}, { signal: ac.signal })).rejects.toThrow('stop');
  });
});
