import { describe, expect, it } from 'vitest';
import { idleGpuReport, type IdleResourceRow, type IdleTeamRow } from '../../../src/app/gpu/idle-gpu-report.js';
import { sampleDeps } from './gpu-test-deps.js';

const range = { start: Date.parse('2026-11-19T00:00:00Z'), end: Date.parse('2026-11-26T00:00:00Z') };
const dates = { start: '2026-11-19', end: '2026-11-26' };
const cents = (d: string) => Math.round(Number(d) * 100);

describe('idle gpu last 7 days, on the bundled sample', () => {
  it('names each idle resource with its owner, hours and cost, and they add up cent for cent', async () => {
    const { data } = await idleGpuReport(sampleDeps(), { range, dates, by: 'resource' });
    const rows = data.rows as IdleResourceRow[];
    const bruno = rows.find((r) => r.name === 'studio-nlp-bruno')!;
    expect(rows.map((r) => [r.name, r.team, r.instanceType, r.gpus, r.idleGpuHours, r.idleCost])).toEqual([
      // Left on idle all week: 168 h × 32.7726 an hour.
      ['vision-sandbox-p4d', 'vision', 'p4d.24xlarge', 8, 1344, '5505.80'],
      // 3 of 8 GPUs never used: 168 h × 16.288 × 3/8.
      ['llama-70b-staging-0', 'nlp', 'g5.48xlarge', 8, 504, '1026.14'],
      // Friday 18:00 to Monday 08:00: 62 h × 5.672.
      ['jdoe-llm-test-0', 'nlp', 'g5.12xlarge', 4, 248, '351.66'],
      // Forgotten since Tuesday: 48 h × 3.67.
      ['recsys-debug-a2', 'recsys', 'a2-highgpu-1g', 1, 48, '176.16'],
      // Left on from Tuesday evening to Wednesday morning, at 2.03 an hour.
      ['studio-nlp-bruno', 'nlp', 'ml.g5.4xlarge', 1, bruno.idleGpuHours, bruno.idleCost],
    ]);
    expect(cents(bruno.idleCost)).toBe(Math.round(bruno.idleGpuHours * 203));
    expect(bruno.idleGpuHours).toBeGreaterThan(2);
    expect(rows.reduce((s, r) => s + cents(r.idleCost), 0)).toBe(cents(data.total.idleCost));
    expect(data.episodes.reduce((s, e) => s + cents(e.idleCost), 0)).toBe(cents(data.total.idleCost));
    expect(Math.round(rows.reduce((s, r) => s + r.idleGpuHours, 0) * 100)).toBe(Math.round(data.total.idleGpuHours * 100));
    // An idle stretch never costs more than the resource cost in the range.
    for (const r of rows) expect(cents(r.idleCost)).toBeLessThanOrEqual(cents(r.cost));
    expect(data.unknown).toEqual([]);
    expect(data.unmatched).toEqual([]);
  });

  it('by team: the teams’ rows add up to the same total', async () => {
    const [byTeam, byResource] = await Promise.all([
      idleGpuReport(sampleDeps(), { range, dates, by: 'team' }),
      idleGpuReport(sampleDeps(), { range, dates, by: 'resource' }),
    ]);
    const rows = byTeam.data.rows as IdleTeamRow[];
    expect(rows.map((r) => r.team)).toEqual(['vision', 'nlp', 'recsys']);
    expect(rows.reduce((s, r) => s + cents(r.idleCost), 0)).toBe(cents(byResource.data.total.idleCost));
    const nlp = (byResource.data.rows as IdleResourceRow[]).filter((r) => r.team === 'nlp');
    expect(cents(rows[1]!.idleCost)).toBe(nlp.reduce((s, r) => s + cents(r.idleCost), 0));
  });

  it('limits what it shows to the teams asked for', async () => {
    const { data } = await idleGpuReport(sampleDeps(), { range, dates, by: 'resource', teams: ['recsys'] });
    expect((data.rows as IdleResourceRow[]).map((r) => r.name)).toEqual(['recsys-debug-a2']);
    expect(data.total.idleCost).toBe('176.16');
    expect(JSON.stringify(data)).not.toContain('vision');
  });

  it('words a notice with a table, a Chart.js line chart of the idlest resources and buttons', async () => {
    const { notice } = await idleGpuReport(sampleDeps(), { range, dates, by: 'resource' });
    expect(notice.kind).toBe('idle-gpu-report');
    expect(notice.text).toMatch(/^5 GPU resources sat idle \(under 5% for 2 h or more\): 2,15\d\.\d h of GPU time, 7,0\d\d\.\d\d USD wasted, 2026-11-19 → 2026-11-26\.$/);
    expect(notice.table!.rows[0]).toEqual(['vision-sandbox-p4d', 'vision', 'p4d.24xlarge', '8/8', '168.0', '5,505.80 USD']);
    const config = notice.chart!.config as { type: string; data: { labels: string[]; datasets: { label: string; data: (number | null)[] }[] } };
    expect(config.type).toBe('line');
    expect(config.data.labels).toHaveLength(168);
    expect(config.data.datasets.map((d) => d.label)).toEqual(['vision-sandbox-p4d', 'llama-70b-staging-0', 'jdoe-llm-test-0', 'recsys-debug-a2', 'studio-nlp-bruno', 'idle below 5%']);
    for (const d of config.data.datasets) for (const v of d.data) expect(v === null || Number.isFinite(v)).toBe(true);
    expect(notice.actions!.map((a) => [a.verb, a.id])).toEqual([['ask', 'idle gpu by team 2026-11-19..2026-11-26'], ['ask', 'advice']]);
  });
});
