/** Shared set-up for the Athena provider's tests (imported by `*.test.ts` only). */
import { AthenaClient } from '@aws-sdk/client-athena';
import { pino } from 'pino';
import type { AllocationConfig, CostRecord, DimensionDefinition } from '../../../src/core/types.js';
import { createAthenaProvider, type AthenaProviderDeps } from '../../../src/providers/aws-athena/athena-provider.js';
import type { AthenaProviderConfig } from '../../../src/providers/aws-athena/types.js';
import type { FetchRequest, ProviderCache, ProviderContext, QueryProvider } from '../../../src/providers/types.js';
import { startFakeAthena, type FakeAthena, type FakeAthenaOptions } from '../../fakes/athena-server.js';
import { makeRecord } from '../../helpers/make-record.js';

export const silentLogger = pino({ level: 'silent' });
export const NOW = Date.parse('2026-11-26T12:00:00Z');

/** An in-memory ProviderCache (the clock is frozen, so presence is all that matters). */
export class MemoryCache implements ProviderCache {
  readonly entries = new Map<string, { request: unknown; response: unknown; ttlMs: number }>();
  async get(key: string): Promise<unknown | null> {
    const e = this.entries.get(key);
    return e ? structuredClone(e.response) : null;
  }
  async put(key: string, request: unknown, response: unknown, ttlMs: number): Promise<void> {
    this.entries.set(key, { request, response: structuredClone(response), ttlMs });
  }
}

export function context(over: Partial<ProviderContext> = {}): ProviderContext {
  return { signal: new AbortController().signal, logger: silentLogger, cache: new MemoryCache(), now: NOW, ...over };
}

/** A real Athena client aimed at the fake, with fixed credentials and no SDK retries. */
export function fakeClient(url: string): AthenaClient {
  return new AthenaClient({ region: 'us-east-1', endpoint: url, maxAttempts: 1, credentials: { accessKeyId: 'AKIAFAKEFAKEFAKE1234', secretAccessKey: 'test-secret' } });
}

/** Polls, retries and waits shrunk to milliseconds: the tests never wait on the wall clock. */
export const FAST: Partial<AthenaProviderDeps> = {
  retry: { baseDelayMs: 1, maxDelayMs: 2, timeoutMs: 5_000 },
  poll: { initialMs: 1, maxMs: 2 },
};

export async function setup(opts: FakeAthenaOptions & { config?: Partial<AthenaProviderConfig>; deps?: Partial<AthenaProviderDeps> } = {}): Promise<{ fake: FakeAthena; provider: QueryProvider }> {
  const { config: over, deps, ...fakeOpts } = opts;
  const fake = await startFakeAthena(fakeOpts);
  const config: AthenaProviderConfig = { type: 'aws-athena', region: 'us-east-1', database: 'finops', table: 'focus_1_0_aws', endpoint: fake.url, ...over };
  const provider = createAthenaProvider(config, { logger: silentLogger, today: '2026-11-26', client: fakeClient(fake.url), ...FAST, ...deps });
  return { fake, provider };
}

const dim = (over: Partial<DimensionDefinition> = {}): DimensionDefinition => ({ tags: [], accounts: {}, rules: [], aliases: {}, ...over });

/** Team from tags (with an alias) or the account, env with aliases, model; support and tax shared. */
export function allocationConfig(): AllocationConfig {
  return {
    dimensions: {
      team: dim({ tags: ['team', 'owner'], accounts: { '222222222222': 'platform' }, aliases: { NLP: 'nlp' } }),
      env: dim({ tags: ['env', 'environment'], aliases: { production: 'prod', prd: 'prod' } }),
      model: dim({ tags: ['model'] }),
    },
    shared: [
      { name: 'support', when: { ServiceName: 'AWS Support*' }, split: 'proportional' },
      { name: 'tax', when: { ChargeCategory: 'Tax' }, split: 'proportional' },
    ],
    unallocated: '(untagged)',
  };
}

export function request(over: Partial<FetchRequest> = {}): FetchRequest {
  return { range: { start: '2026-11-01', end: '2026-11-05' }, keys: ['team'], filters: {}, pushFilters: true, metric: 'effective', allocation: allocationConfig(), ...over };
}

/** A few days of AWS-like records with tags, accounts, a tax line and a support line. */
export function sampleRecords(): CostRecord[] {
  const out: CostRecord[] = [];
  for (const day of ['2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05']) {
    out.push(
      makeRecord({ day, billedCost: '120.125', effectiveCost: '100.5', serviceName: 'Amazon SageMaker', tags: { team: 'nlp', model: 'llama-70b', env: 'prod' } }),
      makeRecord({ day, billedCost: '80.25', subAccountId: '222222222222', serviceName: 'Amazon Simple Storage Service', tags: { environment: 'production' } }),
      makeRecord({ day, billedCost: '42.000000001', serviceName: 'Amazon Elastic Compute Cloud', tags: { ' Team ': 'NLP', model: 'mistral-7b' } }),
      makeRecord({ day, billedCost: '15', serviceName: 'AWS Support (Business)' }),
      makeRecord({ day, billedCost: '9.99', chargeCategory: 'Tax', serviceName: 'Amazon Elastic Compute Cloud' }),
    );
  }
  return out;
}
