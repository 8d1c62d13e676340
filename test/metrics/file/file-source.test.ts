import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UtilisationAnalyser } from '../../../src/core/gpu/utilisation-analyser.js';
import { createFileSource } from '../../../src/metrics/file/file-source.js';
import { silent } from '../../app/gpu/gpu-test-deps.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const H = 3_600_000;
const T0 = Date.parse('2026-11-20T00:00:00Z');
const range = { start: T0, end: T0 + 4 * H };
const ctx = () => ({ signal: AbortSignal.timeout(30_000), logger: silent });
const source = (path = 'fixtures/gpu-metrics') =>
  createFileSource({ type: 'file', path, resourceMap: { 'gpu-box-7': 'i-0box' } }, { logger: silent, today: '2026-11-26', baseDir: ROOT });

async function analyse(s = source()) {
  const a = new UtilisationAnalyser(range, { utilisationBelow: 5, forHours: 2 });
  for await (const batch of s.utilisation({ range, step: 60_000 }, ctx())) for (const c of batch) a.add(c);
  return a.finish();
}

describe('file metric source', () => {
  it('reads CSV, gzipped CSV and Parquet from a folder, and finds the idle stretches', async () => {
    const r = await analyse();
    expect(r.episodes.map((e) => [e.resource, e.gpu, (e.start - T0) / 60_000, (e.end - e.start) / 60_000, e.ongoing])).toEqual([
      ['i-0aaa', '1', 60, 150, false],
      ['i-0box', '', 30, 180, false],
      ['i-0ppp', '0', 0, 240, true],
    ]);
    expect(r.series.map((s) => [s.resource, s.gpu, s.samples, s.p95Util, s.p95Memory])).toEqual([
      ['i-0aaa', '0', 240, 79, 40],
      ['i-0aaa', '1', 240, 55, 2],
      ['i-0box', '', 48, 80, null],
      ['i-0ppp', '0', 240, 0, null],
    ]);
  });

  it('counts tokens as counter increases, across a restart', async () => {
    const tokens = await source().tokens(range, ctx());
    expect(tokens).toEqual([{ model: null, resource: 'i-0aaa', promptTokens: 11_000 + 11_000, generationTokens: 5_750 }]);
  });

  it('reports the rows it could not read, with file and line, and the metrics it does not use', async () => {
    const s = source();
    await analyse(s);
    const lines = readFileSync(join(ROOT, 'fixtures/gpu-metrics/samples.csv'), 'utf8').split('\n');
    const bad = lines.findIndex((l) => l.includes('not-a-number')) + 1;
    expect(s.notes!()).toEqual([`2 rows of file could not be read and are in no figure (first: ${join(ROOT, 'fixtures/gpu-metrics/samples.csv')}:${bad} — value is not a number: "not-a-number").`]);
    const checks = await s.doctor(ctx());
    expect(checks.map((c) => [c.name, c.ok])).toEqual([['files', true], ['samples', true], ['rows', false]]);
    expect(checks[1]!.detail).toContain('metrics not used: DCGM_FI_DEV_POWER_USAGE');
  });

  it('refuses a file without the required columns, saying which', async () => {
    await expect(analyse(source('fixtures/gpu-metrics-bad'))).rejects.toThrow(/has no timestamp, resource, metric, value columns: a metric file needs the columns timestamp,resource,metric,value/);
    await expect(analyse(source('fixtures/nothing-here'))).rejects.toThrow(/No file or folder at .*nothing-here/);
  });
});
