import { CostExplorerClient, type CostExplorerClientConfig } from '@aws-sdk/client-cost-explorer';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeRecord } from '../../helpers/make-record.js';
import { startFakeCostExplorer, type FakeCostExplorer } from '../../fakes/cost-explorer-server.js';
import { ProviderError } from '../../../src/providers/shared/provider-error.js';
import { createCostExplorerProvider } from '../../../src/providers/aws-cost-explorer/index.js';
import { makeContext, MemoryCache, NOW, TEAM_ALLOCATION } from './test-helpers.js';

const logger = pino({ level: 'silent' });
let fake: FakeCostExplorer;

beforeEach(async () => {
  fake = await startFakeCostExplorer({
    today: '2026-11-26',
    records: [
      makeRecord({ day: '2026-11-25', tags: { team: 'NLP', Team: 'vision' }, serviceName: 'Amazon EC2', regionId: 'us-east-1', subAccountId: '222222222222', billedCost: '10', effectiveCost: '9' }),
      makeRecord({ day: '2026-11-24', tags: { owner: 'alice' }, serviceName: 'AWS Lambda', regionId: 'eu-west-1', subAccountId: '333333333333', billedCost: '5', effectiveCost: '5' }),
    ],
  });
});
afterEach(async () => {
  await fake.close();
});

function provider(credentials: CostExplorerClientConfig['credentials'] = { accessKeyId: 'AKIAFAKEFAKEFAKE1234', secretAccessKey: 'fake' }) {
  const client = new CostExplorerClient({ region: 'us-east-1', endpoint: fake.url, credentials, maxAttempts: 1 });
  return createCostExplorerProvider({ type: 'aws-cost-explorer', region: 'us-east-1', endpoint: fake.url }, { logger, today: '2026-11-26', client, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
}

const range = { start: '2026-11-01', end: '2026-11-26' };

describe('knownValues', () => {
  it('lists tag values of every spelling (aliased), mapped accounts, rule values, services, accounts and regions', async () => {
    const values = await provider().knownValues!(range, TEAM_ALLOCATION, makeContext());
    expect(values.team).toEqual(['alice', 'ml-platform', 'nlp', 'vision']);
    expect(values.model).toEqual([]);
    expect(values.service).toEqual(['AWS Lambda', 'Amazon EC2']);
    expect(values.account).toEqual(['222222222222', '333333333333']);
    expect(values.region).toEqual(['eu-west-1', 'us-east-1']);
    expect(values.provider).toEqual(['AWS']);
    const dims = fake.log.filter((c) => c.op === 'GetDimensionValues');
    expect(dims.map((c) => [c.body.Dimension, c.body.MaxResults])).toEqual([['SERVICE', 1000], ['LINKED_ACCOUNT', 1000], ['REGION', 1000]]);
  });

  it('is cached: a second listing makes no call', async () => {
    const ctx = makeContext({ cache: new MemoryCache() });
    await provider().knownValues!(range, TEAM_ALLOCATION, ctx);
    const calls = fake.calls();
    await provider().knownValues!(range, TEAM_ALLOCATION, ctx);
    expect(fake.calls()).toBe(calls);
  });
});

describe('doctor', () => {
  it('reports credentials and both permissions working, with a tiny MONTHLY query of yesterday', async () => {
    const checks = await provider().doctor(makeContext());
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['aws-cost-explorer: credentials', true],
      ['aws-cost-explorer: ce:GetCostAndUsage', true],
      ['aws-cost-explorer: ce:GetTags', true],
    ]);
    expect(checks[1]!.detail).toBe("yesterday's unblended cost: 10 USD");
    const q = fake.log.find((c) => c.op === 'GetCostAndUsage')!.body;
    expect(q).toEqual({ TimePeriod: { Start: '2026-11-25', End: '2026-11-26' }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'] });
  });

  it('turns a denial into a failed check whose fix names the policy', async () => {
    fake.deny('GetCostAndUsage');
    const checks = await provider().doctor(makeContext());
    const ce = checks.find((c) => c.name.endsWith('ce:GetCostAndUsage'))!;
    expect(ce.ok).toBe(false);
    expect(ce.detail).toContain('AWS denied ce:GetCostAndUsage');
    expect(ce.fix).toContain('ce:GetCostAndUsage, ce:GetTags, ce:GetDimensionValues, ce:GetCostForecast');
    expect(checks.find((c) => c.name.endsWith('ce:GetTags'))!.ok).toBe(true);
  });

  it('says how to provide credentials when the chain finds none, and calls nothing', async () => {
    const checks = await provider(async () => {
      throw new Error('Could not load credentials from any providers');
    }).doctor(makeContext());
    expect(checks).toHaveLength(1);
    expect(checks[0]!.ok).toBe(false);
    expect(checks[0]!.fix).toContain('AWS_PROFILE');
    expect(fake.calls()).toBe(0);
  });
});

describe('forecast', () => {
  it('asks GetCostForecast from today (UTC) to the end of the range, metric in UPPER_SNAKE', async () => {
    const f = await provider().forecast({ start: '2026-11-01', end: '2026-12-01' }, 'effective', makeContext({ now: NOW }));
    const body = fake.log.find((c) => c.op === 'GetCostForecast')!.body;
    expect(body).toEqual({ TimePeriod: { Start: '2026-11-26', End: '2026-12-01' }, Metric: 'NET_AMORTIZED_COST', Granularity: 'MONTHLY', PredictionIntervalLevel: 80 });
    // The fake forecasts its daily average (14 / 2 days) for 5 days.
    expect(f).toEqual({ range: { start: '2026-11-26', end: '2026-12-01' }, mean: '35', lower: '31.5', upper: '38.5', currency: 'USD', calls: 1 });
  });

  it('returns null for a range already past, without a call', async () => {
    expect(await provider().forecast({ start: '2026-10-01', end: '2026-11-01' }, 'billed', makeContext())).toBeNull();
    expect(fake.calls()).toBe(0);
  });

  it('fails with a ProviderError when Cost Explorer refuses', async () => {
    fake.fail({ op: 'GetCostForecast', name: 'DataUnavailableException', message: 'Insufficient amount of historical data', times: 1 });
    const err = await provider().forecast({ start: '2026-11-01', end: '2026-12-01' }, 'effective', makeContext()).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).code).toBe('unavailable');
  });
});
