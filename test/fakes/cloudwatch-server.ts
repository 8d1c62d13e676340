/**
 * A local CloudWatch speaking what @aws-sdk/client-cloudwatch 3.11xx speaks: AWS JSON 1.0
 * (`POST /`, `x-amz-target: GraniteServiceVersion20100801.<Op>`, `content-type:
 * application/x-amz-json-1.0`, timestamps as epoch seconds), errors as 4xx
 * `{"__type", "message"}` with the query-compatible `x-amzn-query-error: <Code>;Sender`.
 * ListMetrics and GetMetricData only; pages of both follow `NextToken`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSeries {
  metricName: string;
  dimensions: Record<string, string>;
  /** The value at a one-minute sample time (epoch ms), or null for no sample. */
  value(t: number): number | null;
}

export interface FakeCloudWatch {
  readonly url: string;
  readonly calls: { op: string; body: Record<string, unknown> }[];
  series: FakeSeries[];
  /** Metrics per ListMetrics page, datapoints per GetMetricData page. */
  listPage: number;
  dataPage: number;
  /** From now on every call is refused as AccessDenied. */
  deny: boolean;
  close(): Promise<void>;
}

const TARGET = 'GraniteServiceVersion20100801.';

type Dim = { Name: string; Value: string };
const dimsKey = (dims: Dim[]) => dims.map((d) => `${d.Name}=${d.Value}`).sort().join(',');

function send(res: ServerResponse, status: number, body: unknown, code?: string): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'fake', ...(code ? { 'x-amzn-query-error': `${code};Sender` } : {}) });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const p of req) parts.push(p as Buffer);
  return JSON.parse(Buffer.concat(parts).toString() || '{}') as Record<string, unknown>;
}

export async function startFakeCloudWatch(series: FakeSeries[] = []): Promise<FakeCloudWatch> {
  const fake = { calls: [] as FakeCloudWatch['calls'], series, listPage: 100, dataPage: 5000, deny: false };

  function listMetrics(body: Record<string, unknown>) {
    const all = fake.series
      .filter((s) => s.metricName === body.MetricName)
      .map((s) => ({ Namespace: body.Namespace, MetricName: s.metricName, Dimensions: Object.entries(s.dimensions).map(([Name, Value]) => ({ Name, Value })) }));
    const from = Number(body.NextToken ?? 0);
    const page = all.slice(from, from + fake.listPage);
    return { Metrics: page, ...(from + fake.listPage < all.length ? { NextToken: String(from + fake.listPage) } : {}) };
  }

  // The datapoints of one request, kept for its later NextToken pages.
  const computed = new Map<string, { id: string; t: number; v: number }[]>();

  function getMetricData(body: Record<string, unknown>) {
    const queries = body.MetricDataQueries as { Id: string; MetricStat: { Metric: { MetricName: string; Dimensions: Dim[] }; Period: number; Stat: string } }[];
    if (queries.length > 500) return { error: ['InvalidParameterValue', 'The collection MetricDataQueries must not have a size greater than 500.'] as const };
    const start = Number(body.StartTime) * 1000;
    const end = Number(body.EndTime) * 1000;
    // Every datapoint of every query, in order, then cut into pages by NextToken.
    const requestKey = JSON.stringify([queries, body.StartTime, body.EndTime]);
    const points: { id: string; t: number; v: number }[] = computed.get(requestKey) ?? [];
    if (!computed.has(requestKey)) computed.set(requestKey, points);
    for (const q of points.length ? [] : queries) {
      const s = fake.series.find((x) => x.metricName === q.MetricStat.Metric.MetricName && dimsKey(Object.entries(x.dimensions).map(([Name, Value]) => ({ Name, Value }))) === dimsKey(q.MetricStat.Metric.Dimensions));
      const period = q.MetricStat.Period * 1000;
      for (let p = start; p < end; p += period) {
        let max: number | null = null;
        for (let t = p; t < p + period; t += 60_000) {
          const v = s?.value(t) ?? null;
          if (v !== null && (max === null || v > max)) max = v;
        }
        if (max !== null) points.push({ id: q.Id, t: p / 1000, v: max });
      }
    }
    const from = Number(body.NextToken ?? 0);
    const page = points.slice(from, from + fake.dataPage);
    const results = new Map<string, { Id: string; Label: string; Timestamps: number[]; Values: number[]; StatusCode: string }>();
    for (const q of queries) results.set(q.Id, { Id: q.Id, Label: q.MetricStat.Metric.MetricName, Timestamps: [], Values: [], StatusCode: 'Complete' });
    for (const p of page) {
      results.get(p.id)!.Timestamps.push(p.t);
      results.get(p.id)!.Values.push(p.v);
    }
    const more = from + fake.dataPage < points.length;
    if (more) for (const r of results.values()) r.StatusCode = 'PartialData';
    return { MetricDataResults: [...results.values()], Messages: [], ...(more ? { NextToken: String(from + fake.dataPage) } : {}) };
  }

  const server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    if (req.method !== 'POST' || !target.startsWith(TARGET) || !String(req.headers['content-type']).startsWith('application/x-amz-json-1.0')) {
      return send(res, 400, { __type: 'UnknownOperationException', message: `not AWS JSON 1.0: ${req.method} ${target}` });
    }
    const op = target.slice(TARGET.length);
    const body = await readBody(req);
    fake.calls.push({ op, body });
    if (fake.deny) return send(res, 403, { __type: 'com.amazonaws.cloudwatch#AccessDeniedException', message: `User is not authorized to perform: cloudwatch:${op}` }, 'AccessDenied');
    if (op === 'ListMetrics') return send(res, 200, listMetrics(body));
    if (op === 'GetMetricData') {
      const out = getMetricData(body);
      if ('error' in out) return send(res, 400, { __type: `com.amazonaws.cloudwatch#${out.error![0]}Exception`, message: out.error![1] }, out.error![0]);
      return send(res, 200, out);
    }
    return send(res, 400, { __type: 'UnknownOperationException', message: op });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as FakeCloudWatch;
}
