import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { gpuSchema } from '../../src/config/gpu-schema.js';
import { createMetricSources, effectiveMetricConfigs, METRIC_SOURCES } from '../../src/metrics/index.js';

const ROOT = join(import.meta.dirname, '..', '..', 'src', 'metrics');

describe('metric source registry (metrics/index.ts)', () => {
  it('names every metric source folder, and each has a README', () => {
    const folders = readdirSync(ROOT).filter((f) => statSync(join(ROOT, f)).isDirectory());
    expect(folders.sort()).toEqual(Object.keys(METRIC_SOURCES).sort());
    for (const type of folders) expect(statSync(join(ROOT, type, 'README.md')).isFile()).toBe(true);
  });

  it('loads every factory, and the configuration accepts exactly the registered types', async () => {
    for (const entry of Object.values(METRIC_SOURCES)) expect(typeof (await entry.load())).toBe('function');
    const bad = gpuSchema.safeParse({ metrics: [{ type: 'datadog' }] });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain(Object.keys(METRIC_SOURCES).join(', '));
  });

  it('uses the bundled sample only when nothing is configured and the costs are the sample', () => {
    expect(effectiveMetricConfigs([], true)).toEqual([{ type: 'sample' }]);
    expect(effectiveMetricConfigs([], false)).toEqual([]);
    const file = { type: 'file' as const, path: './m', resourceMap: {} };
    expect(effectiveMetricConfigs([file], true)).toEqual([file]);
  });

  it('builds the configured sources', async () => {
    const [s] = await createMetricSources([{ type: 'sample' }], { logger: pino({ level: 'silent' }), today: '2026-11-26' });
    expect(s!.id).toBe('sample');
    await expect(createMetricSources([{ type: 'nope' } as never], { logger: pino({ level: 'silent' }), today: '2026-11-26' })).rejects.toThrow(/Known types: prometheus, cloudwatch, file, sample/);
  });
});
