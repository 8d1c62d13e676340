/**
 * Issue 12, item 2: providers that fail, fail fast. The real Cost Explorer client against
 * the local wire fake, beside the sample data: a circuit breaker per provider, a provider
 * that a filter excludes is not asked, every request sent is counted (even when the fetch
 * fails), and an answer's deadline leaves a late provider out with a note.
 */
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CostEngine, type EngineOptions } from '../../../src/app/cost-engine.js';
import { createCostExplorerProvider } from '../../../src/providers/aws-cost-explorer/index.js';
import { SAMPLE_ALLOCATION } from '../../../src/providers/sample/index.js';
import { createSampleProvider } from '../../../src/providers/sample/sample-provider.js';
import { CircuitBreaker, CircuitOpenError } from '../../../src/providers/shared/circuit-breaker.js';
import { makeRecord } from '../../helpers/make-record.js';
import { silentLogger } from '../../helpers/test-engine.js';
import { startFakeCostExplorer, type FakeCostExplorer } from '../../fakes/cost-explorer-server.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');
let fake: FakeCostExplorer;

beforeEach(async () => {
  fake = await startFakeCostExplorer({ records: [makeRecord({ day: '2026-11-20', tags: { team: 'nlp' }, billedCost: '10', effectiveCost: '10' })] });
});
afterEach(async () => {
  await fake.close();
});

async function engineWithCe(options: EngineOptions) {
  const client = new CostExplorerClient({ region: 'us-east-1', endpoint: fake.url, credentials: { accessKeyId: 'AKIAFAKEFAKEFAKE1234', secretAccessKey: 'fake' }, maxAttempts: 1 });
  const ce = createCostExplorerProvider({ type: 'aws-cost-explorer', region: 'us-east-1', endpoint: fake.url }, { logger: silentLogger, today: '2026-11-26', client, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
  const sample = createSampleProvider({ type: 'sample' }, { logger: silentLogger, today: '2026-11-26' });
  const settings = { timezone: 'UTC', weekStart: 'monday' as const, currency: 'USD', defaultRange: 'this month', metric: 'effective' as const, allocation: structuredClone(SAMPLE_ALLOCATION) };
  return CostEngine.load([sample, ce], settings, silentLogger, options);
}

async function answer(engine: CostEngine, text: string) {
  const r = await engine.ask(text, NOW);
  if (!r.ok) throw new Error(r.message);
  return r.answer;
}

describe('the circuit breaker', () => {
  it('opens after N consecutive failures, refuses at once while open, lets one probe through after the cooldown, and closes on its success', async () => {
    let now = 0;
    const b = new CircuitBreaker('ce', { failures: 3, cooldownMs: 1000 }, () => now);
    let calls = 0;
    const failing = () => b.run(async () => { calls++; throw new Error('down'); });
    for (let i = 0; i < 3; i++) await expect(failing()).rejects.toThrow('down');
    expect(b.state).toBe('open');
    await expect(failing()).rejects.toBeInstanceOf(CircuitOpenError);
    expect(calls).toBe(3);
    now = 1000;
    expect(b.state).toBe('half-open');
    await expect(failing()).rejects.toThrow('down'); // the probe fails: open again
    expect(calls).toBe(4);
    expect(b.state).toBe('open');
    await expect(failing()).rejects.toBeInstanceOf(CircuitOpenError);
    now = 2000;
    await expect(b.run(async () => 'ok')).resolves.toBe('ok');
    expect(b.state).toBe('closed');
  });

  it('lets only one probe through while half-open', async () => {
    let now = 0;
    const b = new CircuitBreaker('ce', { failures: 1, cooldownMs: 10 }, () => now);
    await expect(b.run(async () => { throw new Error('down'); })).rejects.toThrow();
    now = 10;
    let release!: () => void;
    const probe = b.run(() => new Promise<string>((resolve) => (release = () => resolve('probe'))));
    await expect(b.run(async () => 'second')).rejects.toBeInstanceOf(CircuitOpenError);
    release();
    await expect(probe).resolves.toBe('probe');
  });
});

describe('a failing Cost Explorer beside in-memory data', () => {
  it('is left out with a note, then not asked at all once its circuit is open, then probed again after the cooldown', async () => {
    let now = NOW;
    const engine = await engineWithCe({ breaker: { failures: 2, cooldownMs: 60_000 }, clock: () => now });
    let down = true;
    fake.fail({ name: 'InternalServerError', status: 500, times: Infinity, when: () => down });
    for (let i = 0; i < 2; i++) {
      const a = await answer(engine, 'by team last week');
      expect(a.notes.join('\n')).toMatch(/Partial answer: aws-cost-explorer is missing/);
    }
    expect(engine.breakerStates()['aws-cost-explorer']).toBe('open');
    const sent = fake.log.length;
    const skipped = await answer(engine, 'by team last week');
    expect(fake.log.length).toBe(sent);
    expect(skipped.notes.join('\n')).toMatch(/aws-cost-explorer is missing — not asked: it failed 2 times in a row; the next try is in \d+ s/);
    expect(skipped.stats.providerCalls['aws-cost-explorer']).toBe(0);
    expect(skipped.total).toBeGreaterThan(0); // the sample still answers
    now += 60_000;
    down = false;
    const probed = await answer(engine, 'by team last week');
    expect(fake.log.length).toBeGreaterThan(sent);
    expect(probed.notes.join('\n')).not.toMatch(/aws-cost-explorer is missing/);
    expect(engine.breakerStates()['aws-cost-explorer']).toBe('closed');
  });

  it('counts every request sent in stats.providerCalls, retries included, even when the fetch fails', async () => {
    const engine = await engineWithCe({});
    fake.fail({ name: 'InternalServerError', status: 500, times: Infinity });
    const a = await answer(engine, 'by team last week');
    expect(a.notes.join('\n')).toMatch(/aws-cost-explorer is missing/);
    expect(fake.log.length).toBeGreaterThan(1); // the retries
    expect(a.stats.providerCalls['aws-cost-explorer']).toBe(fake.log.length);
  });

  it('is not asked when the question is filtered to another provider', async () => {
    const engine = await engineWithCe({});
    const gcp = await answer(engine, 'provider="Google Cloud" by team last week');
    expect(fake.log.length).toBe(0);
    expect(gcp.stats.providerCalls['aws-cost-explorer']).toBe(0);
    const notAws = await answer(engine, 'provider!=AWS by team last week');
    expect(fake.log.length).toBe(0);
    expect(notAws.stats.providerCalls['aws-cost-explorer']).toBe(0);
    const aws = await answer(engine, 'provider=AWS by team last week');
    expect(fake.log.length).toBeGreaterThan(0);
    expect(aws.stats.providerCalls['aws-cost-explorer']).toBe(fake.log.length);
  });

  it('past the answer deadline, answers without the late provider and says which one is missing', async () => {
    const engine = await engineWithCe({ providerTimeoutMs: 200 });
    fake.delayMs = 5_000;
    const a = await answer(engine, 'by team last week forecast');
    expect(a.notes.join('\n')).toMatch(/Partial answer: aws-cost-explorer is missing — did not answer within the answer's deadline \(200 ms\)/);
    expect(a.total).toBeGreaterThan(0);
    expect(a.stats.providerCalls['aws-cost-explorer']).toBeGreaterThan(0);
  }, 20_000);
});

describe('provider metrics', () => {
  it('count Cost Explorer requests, failures and their estimated cost ($0.01 a request) and the breaker state, scraped by name', async () => {
    const { BotMetrics } = await import('../../../src/server/bot-metrics.js');
    let engine: CostEngine | null = null;
    const metrics = new BotMetrics({ breakers: () => engine?.breakerStates() ?? {} });
    engine = await engineWithCe({ observer: metrics.providerObserver(), breaker: { failures: 1, cooldownMs: 60_000 } });
    await answer(engine, 'by team last week');
    const ok = fake.log.length;
    expect(ok).toBeGreaterThan(0);
    fake.fail({ name: 'InternalServerError', status: 500, times: Infinity });
    await answer(engine, 'by team last month');
    await answer(engine, 'by team last month'); // the circuit is open: not asked
    const text = await metrics.registry.metrics();
    const value = (name: string) => Number(new RegExp(`^${name.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('finops_provider_requests_total{provider="aws-cost-explorer",type="aws-cost-explorer"}')).toBe(fake.log.length);
    expect(value('finops_provider_estimated_cost_usd_total{provider="aws-cost-explorer"}')).toBeCloseTo(0.01 * fake.log.length, 6);
    expect(value('finops_provider_results_total{provider="aws-cost-explorer",outcome="ok"}')).toBe(1);
    expect(value('finops_provider_results_total{provider="aws-cost-explorer",outcome="error"}')).toBe(1);
    expect(value('finops_provider_results_total{provider="aws-cost-explorer",outcome="open"}')).toBe(1);
    expect(value('finops_provider_duration_seconds_count{provider="aws-cost-explorer"}')).toBe(2);
    expect(value('finops_provider_circuit_state{provider="aws-cost-explorer"}')).toBe(2);
  });
});
