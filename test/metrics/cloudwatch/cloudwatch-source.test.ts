import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { UtilisationAnalyser } from '../../../src/core/gpu/utilisation-analyser.js';
import { createCloudWatchSource, periodFor } from '../../../src/metrics/cloudwatch/cloudwatch-source.js';
import { startFakeCloudWatch, type FakeCloudWatch, type FakeSeries } from '../../fakes/cloudwatch-server.js';
import { silent } from '../../app/gpu/gpu-test-deps.js';

const H = 3_600_000;
const START = Date.parse('2026-11-20T00:00:00Z');
const END = START + 8 * H;
const NOW = END + H;
const ctx = () => ({ signal: AbortSignal.timeout(60_000), logger: silent });

/** 80 instances × 4 GPUs: 320 GPU series (more than one GetMetricData request holds). GPU 3 of i-0000 idles 02:00–07:00; the range is 8 hours. */
function fleet(): FakeSeries[] {
  const out: FakeSeries[] = [];
  for (let i = 0; i < 80; i++) {
    const id = `i-${String(i).padStart(4, '0')}`;
    for (let g = 0; g < 4; g++) {
      const dims = { InstanceId: id, index: String(g), name: 'NVIDIA A10G', host: `ip-10-0-0-${i}` };
      out.push({ metricName: 'nvidia_smi_utilization_gpu', dimensions: dims, value: (t) => (i === 0 && g === 3 && t >= START + 2 * H && t < START + 7 * H ? 1 : 40 + (t / 60_000) % 20) });
      out.push({ metricName: 'nvidia_smi_utilization_memory', dimensions: dims, value: () => 25 });
    }
  }
  // A series without InstanceId (no append_dimensions on that host) cannot be joined.
  out.push({ metricName: 'nvidia_smi_utilization_gpu', dimensions: { host: 'orphan', index: '0' }, value: () => 0 });
  return out;
}

describe('cloudwatch source (real SDK client, local AWS JSON 1.0 fake)', () => {
  let fake: FakeCloudWatch;
  beforeAll(async () => {
    fake = await startFakeCloudWatch(fleet());
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAFAKEFAKEFAKE1234');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake');
    fake.calls.length = 0;
    fake.deny = false;
  });

  const source = (resourceMap: Record<string, string> = {}) =>
    createCloudWatchSource({ type: 'cloudwatch', region: 'us-east-1', endpoint: fake.url, namespace: 'CWAgent', resourceMap }, { logger: silent, today: '2026-11-26', now: () => NOW });

  it('reads every GPU in batches of at most 500 queries, following NextToken, into per-GPU steps', async () => {
    fake.listPage = 100;
    fake.dataPage = 20_000;
    const a = new UtilisationAnalyser({ start: START, end: END }, { utilisationBelow: 5, forHours: 2 });
    const batches: number[] = [];
    for await (const batch of source({ 'i-0000': 'arn:aws:ec2:us-east-1:1:instance/i-0000' }).utilisation({ range: { start: START, end: END }, step: 60_000 }, ctx())) {
      batches.push(batch.length);
      for (const c of batch) a.add(c);
    }
    const r = a.finish();
    const data = fake.calls.filter((c) => c.op === 'GetMetricData');
    for (const c of data) expect((c.body.MetricDataQueries as unknown[]).length).toBeLessThanOrEqual(500);
    expect(new Set(data.map((c) => (c.body.MetricDataQueries as unknown[]).length))).toEqual(new Set([500, 140]));
    expect(data.some((c) => c.body.NextToken)).toBe(true);
    expect(fake.calls.filter((c) => c.op === 'ListMetrics').length).toBe(4 + 4);
    expect(batches).toEqual([250, 70]);
    expect(r.series).toHaveLength(320);
    expect(r.series.find((s) => s.resource === 'i-0001' && s.gpu === '2')).toMatchObject({ samples: 480, p95Memory: 25, gpuModel: 'NVIDIA A10G' });
    expect(r.episodes).toEqual([{ resource: 'arn:aws:ec2:us-east-1:1:instance/i-0000', gpu: '3', start: START + 2 * H, end: START + 7 * H, ongoing: false, startsBeforeRange: false }]);
    const q = (data[0]!.body.MetricDataQueries as { MetricStat: { Period: number; Stat: string; Metric: { Namespace: string } } }[])[0]!;
    expect(q.MetricStat).toMatchObject({ Period: 60, Stat: 'Maximum', Metric: { Namespace: 'CWAgent' } });
  });

  it('asks for what CloudWatch still keeps: one-minute points for 15 days, five minutes to 63, hours after', () => {
    const day = 86_400_000;
    expect(periodFor({ start: NOW - 2 * day, end: NOW }, 60_000, NOW)).toBe(60);
    expect(periodFor({ start: NOW - 20 * day, end: NOW }, 60_000, NOW)).toBe(300);
    expect(periodFor({ start: NOW - 90 * day, end: NOW }, 60_000, NOW)).toBe(3600);
  });

  it('reads only the instances asked for', async () => {
    const seen = new Set<string>();
    for await (const batch of source().utilisation({ range: { start: START, end: START + H }, step: 60_000, resources: ['i-0042'] }, ctx())) for (const c of batch) seen.add(c.resource);
    expect([...seen]).toEqual(['i-0042']);
  });

  it('turns AccessDenied into the permissions to grant, and the doctor reports it', async () => {
    fake.deny = true;
    const read = async () => {
      for await (const _ of source().utilisation({ range: { start: START, end: END }, step: 60_000 }, ctx())) void _;
    };
    await expect(read()).rejects.toThrow(/allow cloudwatch:ListMetrics and cloudwatch:GetMetricData/);
    expect((await source().doctor(ctx()))[0]).toMatchObject({ ok: false, fix: expect.stringContaining('cloudwatch:GetMetricData') });
    fake.deny = false;
    expect(await source().doctor(ctx())).toEqual([
      expect.objectContaining({ name: 'credentials', ok: true }),
      expect.objectContaining({ name: 'nvidia_smi', ok: true, detail: expect.stringContaining('320 GPU series') }),
    ]);
  });
});
