import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gpuDoctor } from '../../../src/app/gpu/gpu-doctor.js';
import { createFileSource } from '../../../src/metrics/file/file-source.js';
import { makeRecord } from '../../helpers/make-record.js';
import { depsOver, silent } from './gpu-test-deps.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const gpuRow = (resourceId: string) =>
  makeRecord({ day: '2026-11-20', resourceId, billedCost: '786.5424', chargeDescription: 'Linux/UNIX p4d.24xlarge instance-hour', consumedQuantity: '24', consumedUnit: 'Hours', tags: { team: 'vision' } });

describe('gpuDoctor', () => {
  it('lists GPU cost without utilisation and utilisation without cost', async () => {
    const source = createFileSource({ type: 'file', path: 'fixtures/gpu-metrics', resourceMap: {} }, { logger: silent, today: '2026-11-26', baseDir: ROOT });
    const deps = depsOver([gpuRow('i-0aaa'), gpuRow('i-0zzz')], [source]);
    const report = await gpuDoctor(deps, Date.parse('2026-11-20T12:00:00Z'));
    expect(report.ok).toBe(false);
    expect(report.sources.map((s) => [s.id, s.checks.map((c) => c.name)])).toEqual([['file', ['files', 'samples', 'rows']]]);
    expect(report.coverage.map((c) => [c.name, c.ok])).toEqual([['GPUs without utilisation', false], ['utilisation without cost', false]]);
    expect(report.coverage[0]!.detail).toContain('i-0zzz');
    expect(report.coverage[1]!.detail).toMatch(/gpu-box-7, i-0ppp/);
  });

  it('says what is missing when no metric source is configured', async () => {
    const report = await gpuDoctor(depsOver([gpuRow('i-0aaa')], []), Date.parse('2026-11-20T12:00:00Z'));
    expect(report.coverage).toEqual([expect.objectContaining({ name: 'metric sources', ok: true, fix: expect.stringContaining('gpu.metrics') })]);
  });
});
