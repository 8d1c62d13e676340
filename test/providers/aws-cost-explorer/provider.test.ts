import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeRecord } from '../../helpers/make-record.js';
import { startFakeCostExplorer, type FakeCostExplorer } from '../../fakes/cost-explorer-server.js';
import type { AllocationConfig, CostRecord } from '../../../src/core/types.js';
import { TTL_CLOSED_RANGE_MS } from '../../../src/providers/shared/cache-ttl.js';
import { ProviderError } from '../../../src/providers/shared/provider-error.js';
import { createCostExplorerProvider, type CostExplorerConfig, type RetrySettings } from '../../../src/providers/aws-cost-explorer/index.js';
import { allocatedSums, makeContext, makeRequest, MemoryCache } from './test-helpers.js';

const logger = pino({ level: 'silent' });
const teamOnly: AllocationConfig = { dimensions: { team: { tags: ['team'], accounts: {}, rules: [], aliases: {} } }, shared: [], unallocated: '(untagged)' };
const DAYS = ['2026-11-01', '2026-11-02', '2026-11-03'];

/** 20 teams × 3 days, plus an untagged cost per day. */
function twentyTeams(): CostRecord[] {
  const out: CostRecord[] = [];
  for (const day of DAYS) {
    for (let t = 0; t < 20; t++) out.push(makeRecord({ day, tags: { team: `team-${String(t).padStart(2, '0')}` }, billedCost: `${t + 1}.0000000001`, effectiveCost: `${t}.25` }));
    out.push(makeRecord({ day, billedCost: '7.5', effectiveCost: '7.125' }));
  }
  return out;
}

let fake: FakeCostExplorer;
beforeEach(async () => {
  fake = await startFakeCostExplorer({ records: twentyTeams() });
});
afterEach(async () => {
  await fake.close();
});

function client() {
  return new CostExplorerClient({ region: 'us-east-1', endpoint: fake.url, credentials: { accessKeyId: 'AKIAFAKEFAKEFAKE1234', secretAccessKey: 'fake' }, maxAttempts: 1 });
}

function provider(config: Partial<CostExplorerConfig> = {}, retry: Partial<RetrySettings> = {}) {
  return createCostExplorerProvider(
    { type: 'aws-cost-explorer', region: 'us-east-1', endpoint: fake.url, ...config },
    { logger, today: '2026-11-26', client: client(), retry: { baseDelayMs: 1, maxDelayMs: 2, ...retry } },
  );
}

async function rejection(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe('Cost Explorer provider against the fake, through the real SDK', () => {
  it('answers "by team" over 20 teams with one grouped request, never one per team', async () => {
    const res = await provider().fetch(makeRequest({ allocation: teamOnly }), makeContext());
    expect(fake.calls('GetCostAndUsage')).toBe(1);
    expect(fake.calls('GetTags')).toBe(1);
    expect(res.calls).toBe(2);
    expect(res.cacheHits).toBe(0);
    expect(res.records).toHaveLength(63);
    const sums = allocatedSums(res.records, teamOnly, ['team']);
    expect(sums.size).toBe(21);
    expect(sums.get('team-19')).toBe(3n * 19_250_000_000_000n);
    expect(sums.get('(untagged)')).toBe(3n * 7_125_000_000_000n);
    expect(res.records.find((r) => Object.keys(r.tags).length === 0)?.effectiveCost).toBe('7.125');
    expect(res.notes).toEqual([]);
  });

  it('follows NextPageToken page by page and counts every page as a call', async () => {
    fake.pageSize = 2;
    const res = await provider().fetch(makeRequest({ allocation: teamOnly }), makeContext());
    const pages = fake.log.filter((c) => c.op === 'GetCostAndUsage');
    expect(pages).toHaveLength(32); // 63 groups, 2 per page
    expect(pages[0]!.body.NextPageToken).toBeUndefined();
    expect(pages.slice(1).every((c) => typeof c.body.NextPageToken === 'string')).toBe(true);
    expect(res.calls).toBe(33);
    expect(allocatedSums(res.records, teamOnly, ['team'])).toEqual(allocatedSums(fake.records, teamOnly, ['team']));
  });

  it('starts again from the first page once when the data changed between pages', async () => {
    fake.pageSize = 10;
    fake.fail({ op: 'GetCostAndUsage', name: 'RequestChangedException', times: 1, when: (b) => b.NextPageToken !== undefined });
    const res = await provider().fetch(makeRequest({ allocation: teamOnly }), makeContext());
    expect(fake.calls('GetCostAndUsage')).toBe(2 + 7);
    expect(allocatedSums(res.records, teamOnly, ['team'])).toEqual(allocatedSums(fake.records, teamOnly, ['team']));
  });

  it('gives up when the page token is refused twice', async () => {
    fake.pageSize = 10;
    fake.fail({ op: 'GetCostAndUsage', name: 'InvalidNextTokenException', times: 2, when: (b) => b.NextPageToken !== undefined });
    const err = await rejection(provider().fetch(makeRequest({ allocation: teamOnly }), makeContext()));
    expect(err.code).toBe('unavailable');
    expect(err.message).toContain('InvalidNextTokenException');
  });

  it('retries throttling with back-off, then succeeds', async () => {
    fake.throttle(2, 'GetCostAndUsage');
    const res = await provider().fetch(makeRequest({ allocation: teamOnly }), makeContext());
    expect(fake.calls('GetCostAndUsage')).toBe(3);
    expect(res.calls).toBe(4);
    expect(res.records).toHaveLength(63);
  });

  it('stops after the bounded attempts when throttling goes on', async () => {
    fake.throttle(10, 'GetCostAndUsage');
    const err = await rejection(provider({}, { attempts: 3 }).fetch(makeRequest({ allocation: teamOnly }), makeContext()));
    expect(err.code).toBe('throttled');
    expect(err.retryable).toBe(true);
    expect(fake.calls('GetCostAndUsage')).toBe(3);
  });

  it('names the missing permission when AWS denies a call, without retrying', async () => {
    fake.deny('GetCostAndUsage');
    const err = await rejection(provider().fetch(makeRequest({ allocation: teamOnly }), makeContext()));
    expect(err.code).toBe('permission');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('ce:GetCostAndUsage');
    expect(err.message).toContain('attach a policy allowing');
    expect(fake.calls('GetCostAndUsage')).toBe(1);

    fake.deny('GetTags');
    const tags = await rejection(provider().fetch(makeRequest({ allocation: teamOnly }), makeContext()));
    expect(tags.message).toContain('AWS denied ce:GetTags');
  });

  it('reports data that is not available yet, and a bill too old', async () => {
    fake.fail({ op: 'GetCostAndUsage', name: 'DataUnavailableException', message: 'Data is not available.', times: 1 });
    const err = await rejection(provider().fetch(makeRequest({ keys: ['service'] }), makeContext()));
    expect([err.code, err.retryable]).toEqual(['unavailable', false]);
    expect(err.message).toContain('24 hours');
    fake.fail({ op: 'GetCostAndUsage', name: 'BillExpirationException', times: 1 });
    expect((await rejection(provider().fetch(makeRequest({ keys: ['service'] }), makeContext()))).code).toBe('invalid-request');
  });

  it('fails a slow call as a timeout, once per bounded attempt', async () => {
    fake.delayMs = 400;
    const err = await rejection(provider({ timeoutMs: 60 }, { attempts: 2 }).fetch(makeRequest({ allocation: teamOnly }), makeContext()));
    expect(err.code).toBe('timeout');
    expect(err.message).toContain('60 ms');
    expect(fake.calls('GetTags')).toBe(2);
  });

  it('answers a repeated scan from the cache: no call, and every hit counted', async () => {
    const ctx = makeContext({ cache: new MemoryCache() });
    const first = await provider().fetch(makeRequest({ allocation: teamOnly }), ctx);
    const before = fake.calls();
    const second = await provider().fetch(makeRequest({ allocation: teamOnly }), ctx);
    expect(fake.calls()).toBe(before);
    expect(second.calls).toBe(0);
    expect(second.cacheHits).toBe(2); // the tag keys and the one GetCostAndUsage
    expect(second.records).toEqual(first.records);
    // The range is long closed: the closed-range TTL. The key names the provider.
    const entries = [...(ctx.cache as MemoryCache).entries.values()];
    expect(entries.map((e) => (e.request as { op: string }).op).sort()).toEqual(['GetCostAndUsage', 'GetTags']);
    expect(entries.map((e) => e.ttlMs)).toEqual([TTL_CLOSED_RANGE_MS, TTL_CLOSED_RANGE_MS]);
    const renamed = await provider({ name: 'aws-prod' }).fetch(makeRequest({ allocation: teamOnly }), ctx);
    expect(renamed.cacheHits).toBe(0);
  });

  it('sends hostile filter values as plain JSON values and finds exactly them', async () => {
    const evil = "x' OR 1=1 --";
    fake.records = [...twentyTeams(), makeRecord({ day: '2026-11-02', tags: { team: evil }, billedCost: '3', effectiveCost: '2.5' })];
    const res = await provider().fetch(makeRequest({ allocation: teamOnly, filters: { team: { in: [evil] } }, pushFilters: true }), makeContext());
    const sent = fake.log.filter((c) => c.op === 'GetCostAndUsage').map((c) => c.body.Filter);
    expect(sent).toEqual([{ Tags: { Key: 'team', Values: [evil] } }]);
    expect(res.records.map((r) => [r.tags, r.effectiveCost])).toEqual([[{ team: evil }, '2.5']]);
  });

  it('notes estimated days and that list cost is billed cost', async () => {
    await fake.close();
    fake = await startFakeCostExplorer({ records: twentyTeams(), estimatedFrom: '2026-11-03' });
    const res = await provider().fetch(makeRequest({ keys: ['service'], metric: 'list' }), makeContext());
    expect(res.notes).toEqual([
      'List cost is not available from Cost Explorer: the list figures of AWS costs are unblended (billed) cost.',
      'Cost Explorer marks 2026-11-03 as estimated: these figures may still change.',
    ]);
    expect(res.records.every((r) => r.listCost === r.billedCost)).toBe(true);
  });

  it('refuses a query that needs more requests than configured, before sending any', async () => {
    fake.records = [makeRecord({ tags: { team: 'a', Team: 'b', owner: 'c' }, billedCost: '1' })];
    const err = await rejection(provider({ maxRequests: 2 }).fetch(makeRequest(), makeContext()));
    expect(err.code).toBe('too-expensive');
    expect(err.message).toContain('needs 3 Cost Explorer requests');
    expect(fake.calls('GetCostAndUsage')).toBe(0);
  });

  it('builds its own client from the configuration: endpoint, region, default credential chain', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAFROMENVIRONMENT1');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    try {
      const p = createCostExplorerProvider({ type: 'aws-cost-explorer', region: 'us-east-1', endpoint: fake.url }, { logger, today: '2026-11-26' });
      expect(p.id).toBe('aws-cost-explorer');
      expect(p.describe()).toBe(`aws-cost-explorer: us-east-1 via ${fake.url}`);
      const res = await p.fetch(makeRequest({ keys: ['service'] }), makeContext());
      expect(res.records.length).toBeGreaterThan(0);
      expect(fake.log[0]!.target).toBe('AWSInsightsIndexService.GetCostAndUsage');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('the fake itself', () => {
  it('rejects an expression with two roots, as Cost Explorer does', async () => {
    const bad = { Dimensions: { Key: 'SERVICE' as const, Values: ['x'] }, Tags: { Key: 'team', Values: ['y'] } };
    const err = await client().send(new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-11-01', End: '2026-11-02' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'], Filter: bad })).then(() => null, (e: unknown) => e as Error);
    expect(err?.name).toBe('ValidationException');
    expect(err?.message).toContain('exactly one root');
  });

  it('rejects more than two group-by keys', async () => {
    const groupBy = [{ Type: 'DIMENSION' as const, Key: 'SERVICE' }, { Type: 'DIMENSION' as const, Key: 'REGION' }, { Type: 'TAG' as const, Key: 'team' }];
    const err = await client().send(new GetCostAndUsageCommand({ TimePeriod: { Start: '2026-11-01', End: '2026-11-02' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'], GroupBy: groupBy })).then(() => null, (e: unknown) => e as Error);
    expect(err?.name).toBe('ValidationException');
  });
});
