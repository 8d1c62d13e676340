import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GpuDeps } from '../../../src/app/gpu/gpu-analysis.js';
import { idleGpuReport, type IdleResourceRow, type IdleTeamRow } from '../../../src/app/gpu/idle-gpu-report.js';
import { idleGpuNudges } from '../../../src/app/gpu/idle-gpu-nudges.js';
import { createPrometheusSource } from '../../../src/metrics/prometheus/prometheus-source.js';
import { PROMETHEUS_BINARY, startPrometheus, type RealPrometheus } from '../../helpers/real-prometheus.js';
import { FIXTURE_END, FIXTURE_START, fleetBilling, RESOURCE_MAP, writeFleet } from '../../metrics/prometheus/gpu-fleet-fixture.js';
import { depsOver, silent } from './gpu-test-deps.js';

const name = PROMETHEUS_BINARY ? 'idle GPUs from a real Prometheus joined to billing' : 'idle GPUs from a real Prometheus joined to billing (skipped: set FINOPS_TEST_PROMETHEUS=/usr/bin/prometheus)';

describe.skipIf(!PROMETHEUS_BINARY)(name, { timeout: 120_000 }, () => {
  let prom: RealPrometheus;
  let deps: GpuDeps;

  beforeAll(async () => {
    prom = await startPrometheus(PROMETHEUS_BINARY!, writeFleet, { maxBlockHours: 24 * 12 });
    const source = createPrometheusSource({ type: 'prometheus', url: prom.url, resourceLabel: 'Hostname', resourceMap: RESOURCE_MAP, modelMap: {} }, { logger: silent, today: '2026-11-26' });
    deps = depsOver(fleetBilling(), [source]);
  }, 120_000);

  afterAll(async () => {
    await prom?.stop();
  });

  it('reports each idle episode with owner, hours and cost, and the figures add up, cent for cent', async () => {
    const { data, notice } = await idleGpuReport(deps, { range: { start: FIXTURE_START, end: FIXTURE_END }, by: 'resource' });
    expect(data.episodes.map((e) => [e.resource, e.team, e.start, e.idleHours, e.idleGpus, e.gpus, e.idleGpuHours, e.costPerHour, e.idleCost])).toEqual([
      // The weekend: 8 of 8 GPUs for 56 h at 32.7726 an hour; then 3 of 8 for 18 h (32.7726 × 18 × 3/8 = 221.21505).
      ['i-0aaa', 'vision', '2026-11-18T10:00:00Z', 18, 3, 8, 54, '12.29', '221.21'],
      ['i-0aaa', 'vision', '2026-11-21T00:00:00Z', 56, 8, 8, 448, '32.77', '1835.27'],
      // 1 of 4 GPUs of a g5.12xlarge (5.672 an hour) for 3 h.
      ['i-0bbb', 'nlp', '2026-11-17T10:30:00Z', 3, 1, 4, 3, '1.42', '4.25'],
      ['i-0ddd', 'recsys', '2026-11-20T01:00:00Z', 2.5, 1, 1, 2.5, '1.21', '3.03'],
    ]);
    expect(data.total).toEqual({ resources: 3, episodes: 4, idleHours: 79.5, idleGpuHours: 507.5, idleCost: '2063.76' });
    const rows = data.rows as IdleResourceRow[];
    expect(rows.map((r) => [r.resource, r.idleCost])).toEqual([['i-0aaa', '2056.48'], ['i-0bbb', '4.25'], ['i-0ddd', '3.03']]);
    const cents = (d: string) => Math.round(Number(d) * 100);
    expect(rows.reduce((s, r) => s + cents(r.idleCost), 0)).toBe(cents(data.total.idleCost));
    expect(data.unknown).toEqual([{ resource: 'i-0fff', name: 'i-0fff', team: 'nlp', cost: '21237.12' }]);
    expect(data.unmatched).toEqual([{ resource: 'host-e', gpus: 1 }]);
    expect(notice.notes!.join(' ')).toMatch(/no utilisation data.*unknown, not zero/);
    expect(notice.notes!.join(' ')).toMatch(/host-e.*resourceMap/);
    expect(notice.text).toBe('3 GPU resources sat idle (under 5% for 2 h or more): 507.5 h of GPU time, 2,063.76 USD wasted, 2026-11-16T00:00:00Z → 2026-11-25T00:00:00Z.');
  });

  it('groups by team', async () => {
    const { data } = await idleGpuReport(deps, { range: { start: FIXTURE_START, end: FIXTURE_END }, by: 'team' });
    expect((data.rows as IdleTeamRow[]).map((r) => [r.team, r.resources, r.episodes, r.idleGpuHours, r.idleCost])).toEqual([
      ['vision', 1, 2, 502, '2056.48'],
      ['nlp', 1, 1, 3, '4.25'],
      ['recsys', 1, 1, 2.5, '3.03'],
    ]);
  });

  it('nudges once per ongoing episode: the same key half an hour later', async () => {
    const first = await idleGpuNudges(deps, { now: Date.parse('2026-11-21T12:00:00Z') });
    const later = await idleGpuNudges(deps, { now: Date.parse('2026-11-21T12:30:00Z') });
    expect(first.nudges.map((n) => n.key)).toEqual(['idle-gpu:i-0aaa:2026-11-21T00:00:00Z']);
    expect(later.nudges.map((n) => n.key)).toEqual(first.nudges.map((n) => n.key));
    expect(first.nudges[0]!.facts).toEqual({
      resource: 'i-0aaa', instanceType: 'p4d.24xlarge', gpus: 8, idleGpus: 8, since: '2026-11-21T00:00:00Z', idleHours: 12, costPerHour: '32.77', idleCost: '393.27', team: 'vision',
    });
    expect(later.nudges[0]!.facts.idleCost).toBe('409.66');
  });
});
