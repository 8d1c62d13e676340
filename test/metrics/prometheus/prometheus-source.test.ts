import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UtilisationAnalyser } from '../../../src/core/gpu/utilisation-analyser.js';
import { PromHttp } from '../../../src/metrics/prometheus/prom-http.js';
import { createPrometheusSource } from '../../../src/metrics/prometheus/prometheus-source.js';
import { utilQuery } from '../../../src/metrics/prometheus/promql.js';
import type { MetricSource } from '../../../src/metrics/types.js';
import { PROMETHEUS_BINARY, startPrometheus, type RealPrometheus } from '../../helpers/real-prometheus.js';
import { FIXTURE_END, FIXTURE_START, RESOURCE_MAP, writeFleet } from './gpu-fleet-fixture.js';

const logger = pino({ level: 'silent' });
const ctx = () => ({ signal: AbortSignal.timeout(60_000), logger });
const H = 3_600_000;
const name = PROMETHEUS_BINARY ? 'prometheus source on a real Prometheus' : 'prometheus source on a real Prometheus (skipped: set FINOPS_TEST_PROMETHEUS=/usr/bin/prometheus)';

describe.skipIf(!PROMETHEUS_BINARY)(name, { timeout: 120_000 }, () => {
  let prom: RealPrometheus;
  let source: MetricSource;
  const requests: string[] = [];

  beforeAll(async () => {
    prom = await startPrometheus(PROMETHEUS_BINARY!, writeFleet, { maxBlockHours: 24 * 12 });
    const counting: typeof fetch = async (input, init) => {
      requests.push(String(init?.body ?? ''));
      return fetch(input, init);
    };
    source = createPrometheusSource(
      { type: 'prometheus', url: prom.url, resourceLabel: 'Hostname', resourceMap: RESOURCE_MAP, modelMap: { 'meta-llama/Llama-3.1-70B': 'llama-70b' } },
      { logger, today: '2026-11-26', fetch: counting },
    );
  }, 120_000);

  afterAll(async () => {
    await prom?.stop();
  });

  async function analyse(range = { start: FIXTURE_START, end: FIXTURE_END }) {
    const a = new UtilisationAnalyser(range, { utilisationBelow: 5, forHours: 2 });
    let chunks = 0;
    for await (const batch of source.utilisation({ range, step: 60_000 }, ctx())) {
      for (const c of batch) a.add(c);
      chunks += batch.length;
    }
    return { ...a.finish(), chunks };
  }

  it('refuses more than 11,000 points per series itself, so the source pages in time', async () => {
    const http = new PromHttp(prom.url, 'p', 20_000);
    await expect(http.range(utilQuery(['Hostname', 'hostname'], 60_000), FIXTURE_START, FIXTURE_END, 60_000, ctx().signal)).rejects.toThrow(/11,000 points/);
    requests.length = 0;
    const r = await analyse();
    const pages = requests.filter((b) => b.includes('DCGM_FI_DEV_GPU_UTIL') && b.includes('max_over_time'));
    expect(pages.length).toBeGreaterThan(2);
    for (const body of pages) {
      const p = new URLSearchParams(body);
      expect((Number(p.get('end')) - Number(p.get('start'))) / Number(p.get('step')) + 1).toBeLessThanOrEqual(11_000);
    }
    expect(r.series.find((s) => s.resource === 'i-0aaa' && s.gpu === '0')!.samples).toBe(12_960);
  });

  it('finds each idle stretch with its exact start and end, per GPU, through both label spellings and a pod change', async () => {
    const r = await analyse();
    const eps = r.episodes.map((e) => [e.resource, e.gpu, new Date(e.start).toISOString(), (e.end - e.start) / H]);
    expect(eps).toEqual([
      ['host-e', '0', '2026-11-16T00:00:00.000Z', 216],
      ...['0', '1', '2', '3', '4'].map((g) => ['i-0aaa', g, '2026-11-21T00:00:00.000Z', 56]),
      ...['5', '6', '7'].flatMap((g) => [['i-0aaa', g, '2026-11-18T10:00:00.000Z', 18], ['i-0aaa', g, '2026-11-21T00:00:00.000Z', 56]]),
      ['i-0bbb', '0', '2026-11-17T10:30:00.000Z', 3],
      ['i-0ddd', '0', '2026-11-20T01:00:00.000Z', 2.5],
    ]);
    // One series per GPU: the pod change does not split host-b's gpu 0.
    expect(r.series.filter((s) => s.resource === 'i-0bbb').map((s) => s.gpu)).toEqual(['0', '1']);
    expect(r.series.find((s) => s.resource === 'i-0aaa' && s.gpu === '0')!.gpuModel).toBe('NVIDIA A100-SXM4-40GB');
  });

  it('reads frame-buffer memory as a share of the GPU’s memory', async () => {
    const r = await analyse({ start: FIXTURE_START, end: FIXTURE_START + 2 * H });
    expect(r.series.find((s) => s.resource === 'i-0aaa' && s.gpu === '0')!.p95Memory).toBe(30);
    expect(r.series.find((s) => s.resource === 'i-0bbb')!.p95Memory).toBeNull();
  });

  it('asks only for the machines wanted, on either label spelling and through resourceMap', async () => {
    const range = { start: FIXTURE_START, end: FIXTURE_START + 3 * H };
    const seen = new Set<string>();
    for await (const batch of source.utilisation({ range, step: 60_000, resources: ['i-0aaa', 'i-0bbb'] }, ctx())) for (const c of batch) seen.add(c.resource);
    expect([...seen].sort()).toEqual(['i-0aaa', 'i-0bbb']);
  });

  it('counts tokens with increase, across the counter reset, by model through modelMap', async () => {
    const tokens = await source.tokens({ start: FIXTURE_START + H, end: FIXTURE_START + 3 * 24 * H }, ctx());
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.model).toBe('llama-70b');
    // 1,000 a minute: 71 hours → 4,260,000 (extrapolation within a sample interval aside).
    expect(tokens[0]!.promptTokens / 4_260_000).toBeCloseTo(1, 2);
    expect(tokens[0]!.generationTokens / 1_065_000).toBeCloseTo(1, 2);
    const acrossReset = await source.tokens({ start: Date.parse('2026-11-19T00:00:00Z'), end: Date.parse('2026-11-21T00:00:00Z') }, ctx());
    expect(acrossReset[0]!.promptTokens / 2_880_000).toBeCloseTo(1, 2);
  });

  it('says what is wrong when Prometheus cannot be reached, and the doctor says so too', async () => {
    const dead = createPrometheusSource({ type: 'prometheus', url: 'http://127.0.0.1:9', resourceLabel: 'Hostname', resourceMap: {}, modelMap: {}, timeoutMs: 2000 }, { logger, today: '2026-11-26' });
    const read = async () => {
      for await (const _ of dead.utilisation({ range: { start: FIXTURE_START, end: FIXTURE_START + H }, step: 60_000 }, ctx())) void _;
    };
    await expect(read()).rejects.toThrow(/cannot be reached.*Check the url/);
    const checks = await dead.doctor(ctx());
    expect(checks[0]).toMatchObject({ name: 'reachable', ok: false });
    const live = await source.doctor(ctx());
    expect(live[0]).toMatchObject({ name: 'reachable', ok: true, detail: expect.stringContaining('Prometheus 2.') });
  });
});
