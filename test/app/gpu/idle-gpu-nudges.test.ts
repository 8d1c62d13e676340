import { describe, expect, it } from 'vitest';
import { idleGpuFollowUp, idleGpuKey, idleGpuNudges } from '../../../src/app/gpu/idle-gpu-nudges.js';
import { digestIdleGpuLine, gpuUsage } from '../../../src/app/gpu/gpu-usage.js';
import { ACTION_VERBS } from '../../../src/app/conversation/types.js';
import { sampleDeps } from './gpu-test-deps.js';

const NOW = Date.parse('2026-11-26T10:00:00Z');

describe('idle-gpu nudges, on the bundled sample', () => {
  it('nudges once per ongoing episode, with the spec’s facts, and the same keys at the next run', async () => {
    const deps = sampleDeps();
    const first = await idleGpuNudges(deps, { now: NOW });
    const next = await idleGpuNudges(deps, { now: NOW + 30 * 60_000 });
    expect(first.nudges.map((n) => n.key)).toEqual(next.nudges.map((n) => n.key));
    expect(first.nudges.map((n) => [n.team, n.facts.resource.split('/').pop(), n.sinceIsBound])).toEqual([
      // 3 of 8 GPUs unused since the sample begins: traced back over a year, then bounded.
      ['nlp', 'i-00d7348213de05b4f', true],
      ['recsys', 'recsys-debug-a2', false],
    ]);
    const debug = first.nudges[1]!;
    expect(Object.keys(debug.facts)).toEqual(['resource', 'instanceType', 'gpus', 'idleGpus', 'since', 'idleHours', 'costPerHour', 'idleCost', 'team']);
    // Idle since Tuesday 00:00 at 3.67 an hour: 58 h by Thursday 10:00.
    expect(debug.facts).toMatchObject({ instanceType: 'a2-highgpu-1g', gpus: 1, idleGpus: 1, since: '2026-11-24T00:00:00Z', idleHours: 58, costPerHour: '3.67', idleCost: '212.86', team: 'recsys' });
    expect(debug.key).toBe(idleGpuKey(debug.facts.resource, Date.parse('2026-11-24T00:00:00Z')));
    expect(next.nudges[1]!.facts.idleCost).toBe('214.70');
  });

  it('words the nudge: instance, GPUs, idle since, cost per hour and per day, wasted so far, a chart and three buttons', async () => {
    const { nudges } = await idleGpuNudges(sampleDeps(), { now: NOW });
    const n = nudges.find((x) => x.team === 'recsys')!.notice;
    expect(n.kind).toBe('idle-gpu');
    expect(n.text).toBe('recsys-debug-a2 (a2-highgpu-1g) has had its GPU idle since Tue 24 Nov 00:00 UTC (58 h): 3.67 USD an hour, 88.08 USD a day, 212.86 USD wasted so far.');
    expect(n.facts!.map((f) => f.label)).toEqual(['Instance', 'Idle GPUs', 'Idle since', 'Cost per hour', 'Cost per day', 'Wasted so far', 'Owner']);
    expect(n.actions!.map((a) => [a.verb, a.label, a.input?.required ?? false])).toEqual([['snooze', 'Snooze 24 h', false], ['expected', 'Expected', true], ['usage', 'Show usage', false]]);
    for (const a of n.actions!) {
      expect(ACTION_VERBS).toContain(a.verb);
      expect(a.id.length).toBeLessThanOrEqual(1900);
    }
    expect(n.key).toBe(nudges.find((x) => x.team === 'recsys')!.key);
    expect(n.notes).toEqual(['Priced at the last billed rate: the billing data does not reach today yet.']);
    const chart = n.chart!.config as { data: { datasets: { label: string }[] } };
    expect(chart.data.datasets.map((d) => d.label)).toEqual(['mean utilisation %', 'idle below 5%', 'idle GPUs']);
  });

  it('follows up in the thread with the current figures, not a new alarm', async () => {
    const deps = sampleDeps();
    const later = await idleGpuNudges(deps, { now: NOW + 24 * 3_600_000 });
    const n = later.nudges.find((x) => x.team === 'recsys')!;
    const f = idleGpuFollowUp(deps, n);
    expect(f).toMatchObject({ kind: 'idle-gpu-followup', key: `${n.key}:follow-up`, text: 'Still idle after 82 h: 1 of 1 GPUs, 3.67 USD an hour, 300.94 USD wasted so far.' });
  });

  it('shows a resource’s usage for the Show usage button, and the digest’s idle line', async () => {
    const deps = sampleDeps();
    const { notice, data } = await gpuUsage(deps, '//compute.googleapis.com/projects/acme-recsys-prod/zones/us-central1-a/instances/recsys-debug-a2', NOW);
    expect(data).toMatchObject({ found: true, gpus: 1, team: 'recsys' });
    expect(notice.table!.columns).toEqual(['GPU', 'p95 util', 'p95 memory', 'mean util', 'idle']);
    const missing = await gpuUsage(deps, 'i-nope', NOW);
    expect(missing.notice.text).toMatch(/No GPU resource i-nope/);
    const line = await digestIdleGpuLine(deps, { now: NOW });
    expect(line.text).toMatch(/^Idle GPUs 2026-11-25: 4 resources, [\d.,]+ h of GPU time, [\d,]+\.\d\d USD \(largest: vision-sandbox-p4d, vision, 786\.54 USD\)\.$/);
    expect(line.facts.top[0]).toMatchObject({ name: 'vision-sandbox-p4d', team: 'vision', idleCost: '786.54' });
    const scoped = await digestIdleGpuLine(deps, { day: '2026-11-25', teams: ['recsys'] });
    expect(scoped.facts).toMatchObject({ resources: 1, idleCost: '88.08' });
  });
});
