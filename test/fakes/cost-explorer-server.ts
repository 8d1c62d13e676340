/**
 * A local AWS Cost Explorer that answers from a list of FOCUS cost records, speaking the
 * real wire protocol (awsJson1_1: `POST /`, `x-amz-target: AWSInsightsIndexService.<Op>`,
 * SigV4-signed, errors as 4xx `{"__type", "Message"}`), so the real SDK client runs
 * against it and a test can load the same records into the FOCUS provider and compare.
 *
 * Record → Cost Explorer: SERVICE = ServiceName, LINKED_ACCOUNT = SubAccountId, REGION =
 * RegionId, USAGE_TYPE = SkuId (else ChargeDescription), RECORD_TYPE and PURCHASE_TYPE from
 * ChargeCategory and PricingCategory (see below), tags by exact key; NetAmortizedCost and
 * AmortizedCost = EffectiveCost, UnblendedCost, BlendedCost and NetUnblendedCost = BilledCost.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parsePico } from '../../src/core/money.js';
import type { CostRecord } from '../../src/core/types.js';

export const FAKE_RECORD_TYPE: Record<string, string> = { Usage: 'Usage', Tax: 'Tax', Credit: 'Credit', Purchase: 'RIFee', Adjustment: 'Refund' };
export const FAKE_PURCHASE_TYPE: Record<string, string> = { Standard: 'On Demand Instances', Dynamic: 'Spot Instances', Committed: 'Savings Plans' };

const DIMENSIONS: Record<string, (r: CostRecord) => string> = {
  SERVICE: (r) => r.serviceName,
  LINKED_ACCOUNT: (r) => r.subAccountId,
  REGION: (r) => r.regionId,
  USAGE_TYPE: (r) => r.skuId || r.chargeDescription,
  RECORD_TYPE: (r) => FAKE_RECORD_TYPE[r.chargeCategory] ?? r.chargeCategory,
  PURCHASE_TYPE: (r) => FAKE_PURCHASE_TYPE[r.pricingCategory] ?? r.pricingCategory,
};
const METRICS: Record<string, (r: CostRecord) => string> = {
  NetAmortizedCost: (r) => r.effectiveCost, AmortizedCost: (r) => r.effectiveCost,
  UnblendedCost: (r) => r.billedCost, BlendedCost: (r) => r.billedCost, NetUnblendedCost: (r) => r.billedCost,
  UsageQuantity: (r) => r.consumedQuantity || '0', NormalizedUsageAmount: (r) => r.consumedQuantity || '0',
};
const FORECAST_METRICS = new Set(['AMORTIZED_COST', 'BLENDED_COST', 'NET_AMORTIZED_COST', 'NET_UNBLENDED_COST', 'UNBLENDED_COST']);

/** A scripted failure: the next `times` matching calls fail with `name` (Infinity = always). */
export interface FakeFailure {
  op?: string;
  name: string;
  message?: string;
  status?: number;
  times: number;
  when?: (body: Record<string, unknown>) => boolean;
}

export interface FakeCostExplorerOptions {
  records?: CostRecord[];
  /** Groups (or values) per page; pages beyond the first carry a NextPageToken. */
  pageSize?: number;
  /** Periods starting on or after this date are `Estimated: true`. */
  estimatedFrom?: string;
  /** GetCostForecast's "today": its Start may not be earlier. */
  today?: string;
}

export interface FakeCall {
  op: string;
  body: Record<string, unknown>;
  target: string;
}

export interface FakeCostExplorer {
  readonly url: string;
  readonly log: FakeCall[];
  /** Calls so far, of one operation or all. */
  calls(op?: string): number;
  records: CostRecord[];
  pageSize: number;
  delayMs: number;
  fail(f: FakeFailure): void;
  throttle(times: number, op?: string): void;
  /** Every call (of `op`) is denied from now on. */
  deny(op?: string): void;
  close(): Promise<void>;
}

class FakeError extends Error {
  constructor(readonly type: string, message: string, readonly status = 400) {
    super(message);
  }
}

type Json = Record<string, unknown>;

const tagValue = (r: CostRecord, key: string) => r.tags[key] ?? '';
const dayOf = (r: CostRecord) => new Date(r.chargePeriodStart).toISOString().slice(0, 10);
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Exact decimal text of pico-units, as Cost Explorer prints amounts. */
export function picoText(p: bigint): string {
  const neg = p < 0n;
  const a = neg ? -p : p;
  const frac = (a % 1_000_000_000_000n).toString().padStart(12, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${a / 1_000_000_000_000n}${frac ? `.${frac}` : ''}`;
}

/** One root per node, as Cost Explorer insists. */
function checkExpression(e: unknown, path: string): void {
  if (!e || typeof e !== 'object') throw new FakeError('ValidationException', `${path} must be an object`);
  const roots = ['And', 'Or', 'Not', 'Dimensions', 'Tags', 'CostCategories'].filter((k) => (e as Json)[k] !== undefined);
  if (roots.length !== 1) throw new FakeError('ValidationException', `Expression ${path} must have exactly one root; found ${roots.length}`);
  const v = (e as Json)[roots[0]!];
  if (roots[0] === 'And' || roots[0] === 'Or') {
    if (!Array.isArray(v) || v.length < 2) throw new FakeError('ValidationException', `${path}.${roots[0]} needs at least 2 expressions`);
    v.forEach((c, i) => checkExpression(c, `${path}.${roots[0]}[${i}]`));
  } else if (roots[0] === 'Not') checkExpression(v, `${path}.Not`);
  else {
    const leaf = v as { Key?: string; Values?: string[]; MatchOptions?: string[] };
    if (!leaf.Key) throw new FakeError('ValidationException', `${path}.${roots[0]}.Key is required`);
    if (roots[0] === 'Dimensions' && !DIMENSIONS[leaf.Key]) throw new FakeError('ValidationException', `Dimension ${leaf.Key} is not supported by this fake`);
    if (!leaf.MatchOptions?.includes('ABSENT') && !leaf.Values?.length) throw new FakeError('ValidationException', `${path}.${roots[0]}.Values is required`);
  }
}

function matches(e: Json, r: CostRecord): boolean {
  if (e.And) return (e.And as Json[]).every((c) => matches(c, r));
  if (e.Or) return (e.Or as Json[]).some((c) => matches(c, r));
  if (e.Not) return !matches(e.Not as Json, r);
  if (e.Dimensions) {
    const d = e.Dimensions as { Key: string; Values: string[] };
    return d.Values.includes(DIMENSIONS[d.Key]!(r));
  }
  if (e.Tags) {
    const t = e.Tags as { Key: string; Values?: string[]; MatchOptions?: string[] };
    if (t.MatchOptions?.includes('ABSENT')) return tagValue(r, t.Key) === '';
    return (t.Values ?? []).includes(tagValue(r, t.Key));
  }
  return false;
}

function periods(start: string, end: string, granularity: string): { Start: string; End: string }[] {
  const out: { Start: string; End: string }[] = [];
  for (let d = start; d < end;) {
    let next = addDays(d, 1);
    if (granularity === 'MONTHLY') {
      const [y, m] = d.split('-').map(Number) as [number, number];
      next = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
    }
    if (next > end) next = end;
    out.push({ Start: d, End: next });
    d = next;
  }
  return out;
}

function checkPeriod(body: Json): { Start: string; End: string } {
  const tp = body.TimePeriod as { Start?: string; End?: string } | undefined;
  const ok = (s?: string) => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s);
  if (!tp || !ok(tp.Start) || !ok(tp.End)) throw new FakeError('ValidationException', 'TimePeriod Start and End must be YYYY-MM-DD');
  if (tp.Start! >= tp.End!) throw new FakeError('ValidationException', 'Start date must be before End date');
  return { Start: tp.Start!, End: tp.End! };
}

/** Opaque page tokens bound to the request they came from. */
function pageOf<T>(items: T[], body: Json, size: number): { slice: T[]; token?: string } {
  const { NextPageToken, ...rest } = body;
  const sig = JSON.stringify(rest);
  let offset = 0;
  if (NextPageToken !== undefined) {
    let parsed: { o?: number; s?: string };
    try {
      parsed = JSON.parse(Buffer.from(String(NextPageToken), 'base64url').toString('utf8'));
    } catch {
      throw new FakeError('InvalidNextTokenException', 'The pagination token is invalid.');
    }
    if (typeof parsed.o !== 'number') throw new FakeError('InvalidNextTokenException', 'The pagination token is invalid.');
    if (parsed.s !== sig) throw new FakeError('RequestChangedException', 'The request parameters changed between pages.');
    offset = parsed.o;
  }
  const slice = items.slice(offset, offset + size);
  const more = offset + size < items.length;
  return { slice, ...(more ? { token: Buffer.from(JSON.stringify({ o: offset + size, s: sig })).toString('base64url') } : {}) };
}

function inRange(records: CostRecord[], body: Json): CostRecord[] {
  const tp = checkPeriod(body);
  if (body.Filter !== undefined) checkExpression(body.Filter, 'Filter');
  return records.filter((r) => dayOf(r) >= tp.Start && dayOf(r) < tp.End && (body.Filter === undefined || matches(body.Filter as Json, r)));
}

function getCostAndUsage(fake: FakeCostExplorer, opts: FakeCostExplorerOptions, body: Json): Json {
  const tp = checkPeriod(body);
  const granularity = String(body.Granularity ?? '');
  if (!['DAILY', 'MONTHLY', 'HOURLY'].includes(granularity)) throw new FakeError('ValidationException', 'Granularity must be DAILY, MONTHLY or HOURLY');
  const metrics = body.Metrics as string[] | undefined;
  if (!Array.isArray(metrics) || metrics.length === 0 || metrics.some((m) => !METRICS[m])) throw new FakeError('ValidationException', 'Metrics must name valid metrics');
  const groupBy = (body.GroupBy ?? []) as { Type: string; Key: string }[];
  if (groupBy.length > 2) throw new FakeError('ValidationException', 'GroupBy accepts at most 2 keys');
  for (const g of groupBy) {
    if (g.Type === 'DIMENSION' ? !DIMENSIONS[g.Key] : g.Type !== 'TAG' || !g.Key) throw new FakeError('ValidationException', `Unsupported GroupBy ${g.Type}:${g.Key}`);
  }
  const rows = inRange(fake.records, body);
  const ps = periods(tp.Start, tp.End, granularity);
  const periodIndex = (r: CostRecord) => ps.findIndex((p) => dayOf(r) >= p.Start && dayOf(r) < p.End);
  const sums = new Map<string, { p: number; keys: string[]; unit: string; amounts: bigint[] }>();
  for (const r of rows) {
    const p = periodIndex(r);
    const keys = groupBy.map((g) => (g.Type === 'TAG' ? `${g.Key}$${tagValue(r, g.Key)}` : DIMENSIONS[g.Key]!(r)));
    const id = JSON.stringify([p, keys]);
    const cur = sums.get(id) ?? { p, keys, unit: r.currency || 'USD', amounts: metrics.map(() => 0n) };
    metrics.forEach((m, i) => (cur.amounts[i] = cur.amounts[i]! + (parsePico(METRICS[m]!(r)) ?? 0n)));
    sums.set(id, cur);
  }
  const est = (p: { Start: string }) => opts.estimatedFrom !== undefined && p.Start >= opts.estimatedFrom;
  const metricsOf = (s: { unit: string; amounts: bigint[] }) => Object.fromEntries(metrics.map((m, i) => [m, { Amount: picoText(s.amounts[i]!), Unit: m.startsWith('Usage') || m.startsWith('Normalized') ? 'N/A' : s.unit }]));
  if (groupBy.length === 0) {
    const { slice, token } = pageOf(ps.map((p, i) => ({ p, i })), body, fake.pageSize);
    return {
      ResultsByTime: slice.map(({ p, i }) => {
        const s = [...sums.values()].find((x) => x.p === i) ?? { unit: 'USD', amounts: metrics.map(() => 0n) };
        return { TimePeriod: p, Total: metricsOf(s), Groups: [], Estimated: est(p) };
      }),
      DimensionValueAttributes: [],
      ...(token ? { NextPageToken: token } : {}),
    };
  }
  const groups = [...sums.values()].sort((a, b) => a.p - b.p || a.keys.join('\u0000').localeCompare(b.keys.join('\u0000')));
  const { slice, token } = pageOf(groups, body, fake.pageSize);
  const byPeriod = new Map<number, Json[]>();
  for (const g of slice) byPeriod.set(g.p, [...(byPeriod.get(g.p) ?? []), { Keys: g.keys, Metrics: metricsOf(g) }]);
  const shown = groups.length === 0 ? ps.map((_, i) => i) : [...byPeriod.keys()];
  return {
    GroupDefinitions: groupBy,
    ResultsByTime: shown.map((i) => ({ TimePeriod: ps[i], Total: {}, Groups: byPeriod.get(i) ?? [], Estimated: est(ps[i]!) })),
    DimensionValueAttributes: [],
    ...(token ? { NextPageToken: token } : {}),
  };
}

function getTags(fake: FakeCostExplorer, body: Json): Json {
  const rows = inRange(fake.records, body);
  const key = body.TagKey as string | undefined;
  const values = new Set<string>();
  for (const r of rows) {
    if (key === undefined) Object.keys(r.tags).forEach((k) => values.add(k));
    else if (tagValue(r, key) !== '') values.add(tagValue(r, key));
  }
  const search = typeof body.SearchString === 'string' ? body.SearchString : '';
  const all = [...values].filter((v) => v.includes(search)).sort();
  const size = typeof body.MaxResults === 'number' ? Math.min(body.MaxResults, fake.pageSize) : fake.pageSize;
  const { slice, token } = pageOf(all, body, size);
  return { Tags: slice, ReturnSize: slice.length, TotalSize: all.length, ...(token ? { NextPageToken: token } : {}) };
}

function getDimensionValues(fake: FakeCostExplorer, body: Json): Json {
  const dim = DIMENSIONS[String(body.Dimension)];
  if (!dim) throw new FakeError('ValidationException', `Dimension ${String(body.Dimension)} is not supported by this fake`);
  const max = body.MaxResults;
  if (max !== undefined && (typeof max !== 'number' || max < 1 || max > 1000)) throw new FakeError('ValidationException', 'MaxResults must be between 1 and 1000');
  const all = [...new Set(inRange(fake.records, body).map(dim))].filter(Boolean).sort();
  const { slice, token } = pageOf(all, body, Math.min(typeof max === 'number' ? max : 1000, fake.pageSize));
  return { DimensionValues: slice.map((Value) => ({ Value, Attributes: {} })), ReturnSize: slice.length, TotalSize: all.length, ...(token ? { NextPageToken: token } : {}) };
}

function getCostForecast(fake: FakeCostExplorer, opts: FakeCostExplorerOptions, body: Json): Json {
  const tp = checkPeriod(body);
  if (!FORECAST_METRICS.has(String(body.Metric))) throw new FakeError('ValidationException', `Metric must be one of ${[...FORECAST_METRICS].join(', ')}`);
  if (opts.today && tp.Start < opts.today) throw new FakeError('ValidationException', 'Start date must be today or later');
  const field = String(body.Metric).includes('AMORTIZED') ? 'effectiveCost' : 'billedCost';
  const days = new Set(fake.records.map(dayOf));
  const total = fake.records.reduce((s, r) => s + (parsePico(r[field]) ?? 0n), 0n);
  const daily = days.size ? total / BigInt(days.size) : 0n;
  const ps = periods(tp.Start, tp.End, String(body.Granularity ?? 'MONTHLY'));
  const per = ps.map((p) => daily * BigInt(Math.round((Date.parse(p.End) - Date.parse(p.Start)) / 86_400_000)));
  return {
    Total: { Amount: picoText(per.reduce((a, b) => a + b, 0n)), Unit: 'USD' },
    ForecastResultsByTime: ps.map((p, i) => ({ TimePeriod: p, MeanValue: picoText(per[i]!), PredictionIntervalLowerBound: picoText((per[i]! * 9n) / 10n), PredictionIntervalUpperBound: picoText((per[i]! * 11n) / 10n) })),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: Json): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'fake-request-id' });
  res.end(JSON.stringify(body));
}

/** Starts the fake on a free port of 127.0.0.1. */
export async function startFakeCostExplorer(opts: FakeCostExplorerOptions = {}): Promise<FakeCostExplorer> {
  const failures: FakeFailure[] = [];
  const log: FakeCall[] = [];
  const fake: FakeCostExplorer = {
    url: '',
    log,
    calls: (op) => log.filter((c) => op === undefined || c.op === op).length,
    records: opts.records ?? [],
    pageSize: opts.pageSize ?? 1000,
    delayMs: 0,
    fail: (f) => failures.push({ ...f }),
    throttle: (times, op) => failures.push({ op, name: 'LimitExceededException', message: 'Rate exceeded', times }),
    deny: (op) => failures.push({ op, name: 'AccessDeniedException', message: 'User: arn:aws:iam::123456789012:user/bot is not authorized to perform this action', times: Infinity }),
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
  const server = createServer(async (req, res) => {
    try {
      const target = String(req.headers['x-amz-target'] ?? '');
      const raw = await readBody(req);
      if (req.method !== 'POST' || !target.startsWith('AWSInsightsIndexService.')) throw new FakeError('UnknownOperationException', `unknown target ${target}`);
      if (!String(req.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.1')) throw new FakeError('SerializationException', 'expected application/x-amz-json-1.1');
      if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 Credential=')) throw new FakeError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
      const op = target.slice('AWSInsightsIndexService.'.length);
      const body = JSON.parse(raw || '{}') as Json;
      log.push({ op, body, target });
      if (fake.delayMs > 0) await new Promise((r) => setTimeout(r, fake.delayMs));
      const f = failures.find((x) => x.times > 0 && (x.op === undefined || x.op === op) && (!x.when || x.when(body)));
      if (f) {
        f.times--;
        throw new FakeError(f.name, f.message ?? f.name, f.status ?? 400);
      }
      switch (op) {
        case 'GetCostAndUsage': return send(res, 200, getCostAndUsage(fake, opts, body));
        case 'GetTags': return send(res, 200, getTags(fake, body));
        case 'GetDimensionValues': return send(res, 200, getDimensionValues(fake, body));
        case 'GetCostForecast': return send(res, 200, getCostForecast(fake, opts, body));
        default: throw new FakeError('UnknownOperationException', `operation ${op} is not faked`);
      }
    } catch (err) {
      if (err instanceof FakeError) return send(res, err.status, { __type: err.type, Message: err.message });
      return send(res, 500, { __type: 'InternalServerException', Message: err instanceof Error ? err.message : String(err) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (fake as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
