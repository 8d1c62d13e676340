import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRecord } from '../../helpers/make-record.js';
import { startFakeCostExplorer, type FakeCostExplorer } from '../../fakes/cost-explorer-server.js';
import type { AllocationConfig, CostRecord, FilterSpec } from '../../../src/core/types.js';
import { createCostExplorerProvider } from '../../../src/providers/aws-cost-explorer/index.js';
import { allocatedSums, makeContext, makeRequest } from './test-helpers.js';

/**
 * The same records through the fake Cost Explorer and this provider must allocate to the
 * same sums as the records themselves: nothing counted twice, nothing lost, whatever the
 * cascade of tag spellings, accounts, rules and shared pools.
 */
const ALLOCATION: AllocationConfig = {
  dimensions: {
    team: {
      tags: ['team', 'owner'],
      accounts: { '111111111111': 'nlp' },
      rules: [{ when: { ServiceName: 'Amazon SageMaker*', ChargeDescription: '*Training*' }, value: 'ml-platform' }],
      aliases: { NLP: 'nlp', 'natural-language': 'nlp' },
    },
    model: { tags: ['model', 'model_name'], accounts: {}, rules: [], aliases: {} },
    env: { tags: ['env'], accounts: { '333333333333': 'prod' }, rules: [], aliases: { production: 'prod' } },
  },
  shared: [
    { name: 'support', when: { ServiceName: 'AWS Support*' }, split: 'proportional' },
    { name: 'tax', when: { ChargeCategory: 'Tax' }, split: 'proportional' },
  ],
  unallocated: '(untagged)',
};

const SERVICES = ['Amazon Elastic Compute Cloud - Compute', 'Amazon SageMaker', 'Amazon Simple Storage Service', 'AWS Support (Business)'];
const USAGE = ['USE1-BoxUsage:p4d.24xlarge', 'USE1-Training:ml.p4d.24xlarge', 'USE1-TimedStorage-ByteHrs', 'USE1-Notebook:ml.t3.medium'];

const recordArb = fc.record({
  day: fc.constantFrom('2026-11-01', '2026-11-02', '2026-11-03'),
  teamKey: fc.constantFrom('team', 'Team', ' team', 'owner', null, null),
  team: fc.constantFrom('nlp', 'NLP', 'vision', 'natural-language', "x' OR 1=1 --", ''),
  modelKey: fc.constantFrom('model', 'model_name', 'Model', null),
  model: fc.constantFrom('llama-70b', 'mistral'),
  env: fc.constantFrom('prod', 'production', 'dev', null),
  account: fc.constantFrom('111111111111', '222222222222', '333333333333'),
  service: fc.constantFrom(...SERVICES),
  usage: fc.constantFrom(...USAGE),
  charge: fc.constantFrom('Usage', 'Usage', 'Tax', 'Credit'),
  cents: fc.integer({ min: -50_000, max: 5_000_000 }),
  pico: fc.integer({ min: 0, max: 999_999 }),
});

type Row = typeof recordArb extends fc.Arbitrary<infer T> ? T : never;

function toRecord(x: Row): CostRecord {
  const tags: Record<string, string> = {};
  if (x.teamKey) tags[x.teamKey] = x.team;
  if (x.modelKey) tags[x.modelKey] = x.model;
  if (x.env) tags.env = x.env;
  const amount = `${x.cents < 0 ? '-' : ''}${Math.floor(Math.abs(x.cents) / 100)}.${String(Math.abs(x.cents) % 100).padStart(2, '0')}${String(x.pico).padStart(6, '0')}`;
  return makeRecord({
    day: x.day, tags, subAccountId: x.account, serviceName: x.service, skuId: x.usage, chargeDescription: x.usage,
    chargeCategory: x.charge, serviceCategory: '', billedCost: amount, effectiveCost: amount,
  });
}

let fake: FakeCostExplorer;
beforeAll(async () => {
  fake = await startFakeCostExplorer({ pageSize: 7 });
});
afterAll(async () => {
  await fake.close();
});

function provider() {
  const client = new CostExplorerClient({ region: 'us-east-1', endpoint: fake.url, credentials: { accessKeyId: 'AKIAFAKEFAKEFAKE1234', secretAccessKey: 'fake' }, maxAttempts: 1 });
  return createCostExplorerProvider({ type: 'aws-cost-explorer', region: 'us-east-1', maxRequests: 100 }, { logger: pino({ level: 'silent' }), today: '2026-11-26', client });
}

/** The sums of the groups a filter keeps (the engine's exact filter, case-insensitive). */
function filtered(sums: Map<string, bigint>, keys: string[], filters: Record<string, FilterSpec>): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [k, v] of sums) {
    if (k.startsWith('shared:')) continue;
    const parts = k.split('|');
    const ok = Object.entries(filters).every(([fk, spec]) => {
      const value = parts[keys.indexOf(fk)]!.toLowerCase();
      return (!spec.in || spec.in.some((x) => x.toLowerCase() === value)) && !(spec.notIn ?? []).some((x) => x.toLowerCase() === value);
    });
    if (ok) out.set(k, v);
  }
  return out;
}

const total = (m: Map<string, bigint>) => [...m.values()].reduce((a, b) => a + b, 0n);

const KEY_SETS = [['team'], ['team', 'service'], ['team', 'model'], ['model', 'env'], ['workload'], ['account', 'team']];

describe('equivalence with the direct sums', () => {
  it('gives the same per-team, per-service and shared-pool sums as the records themselves', async () => {
    fake.records = [
      makeRecord({ day: '2026-11-01', tags: { team: 'nlp' }, serviceName: SERVICES[0], billedCost: '100.0000000001', effectiveCost: '90.5' }),
      makeRecord({ day: '2026-11-01', tags: { Team: 'NLP' }, serviceName: SERVICES[0], billedCost: '10', effectiveCost: '9.25' }),
      makeRecord({ day: '2026-11-01', tags: { owner: 'vision' }, subAccountId: '111111111111', serviceName: SERVICES[2], billedCost: '5', effectiveCost: '5' }),
      makeRecord({ day: '2026-11-02', tags: {}, subAccountId: '111111111111', serviceName: SERVICES[2], billedCost: '7', effectiveCost: '6.999999999999' }),
      makeRecord({ day: '2026-11-02', tags: {}, subAccountId: '222222222222', serviceName: 'Amazon SageMaker', skuId: USAGE[1], chargeDescription: USAGE[1], billedCost: '40', effectiveCost: '38' }),
      makeRecord({ day: '2026-11-02', tags: {}, subAccountId: '222222222222', serviceName: SERVICES[3], billedCost: '29', effectiveCost: '29' }),
      makeRecord({ day: '2026-11-03', tags: { team: 'vision' }, chargeCategory: 'Tax', billedCost: '3.3', effectiveCost: '3.3' }),
      makeRecord({ day: '2026-11-03', tags: { team: '' }, subAccountId: '222222222222', billedCost: '-1.5', effectiveCost: '-1.5' }),
    ];
    for (const keys of [['team'], ['team', 'service']]) {
      const res = await provider().fetch(makeRequest({ keys, allocation: ALLOCATION }), makeContext());
      expect(allocatedSums(res.records, ALLOCATION, keys)).toEqual(allocatedSums(fake.records, ALLOCATION, keys));
      expect(allocatedSums(res.records, ALLOCATION, keys, 'billedCost')).toEqual(allocatedSums(fake.records, ALLOCATION, keys, 'billedCost'));
    }
    const byTeam = allocatedSums(fake.records, ALLOCATION, ['team']);
    expect(byTeam.get('nlp')).toBe(90_500_000_000_000n + 9_250_000_000_000n + 6_999_999_999_999n);
    expect(byTeam.get('ml-platform')).toBe(38_000_000_000_000n);
    expect(byTeam.get('shared:support')).toBe(29_000_000_000_000n);
  });

  it('says when two keys leave a rule without one of its inputs, and still conserves the money', async () => {
    fake.records = [
      makeRecord({ day: '2026-11-01', tags: { model: 'llama-70b' }, subAccountId: '222222222222', serviceName: 'Amazon SageMaker', skuId: USAGE[1], chargeDescription: USAGE[1], billedCost: '40', effectiveCost: '38' }),
      makeRecord({ day: '2026-11-01', tags: { team: 'nlp', model: 'mistral' }, billedCost: '2', effectiveCost: '2' }),
    ];
    const res = await provider().fetch(makeRequest({ keys: ['team', 'model'], allocation: ALLOCATION }), makeContext());
    expect(res.notes).toContain('Cost Explorer groups by at most 2 fields per request: team was computed without USAGE_TYPE for some costs.');
    const got = allocatedSums(res.records, ALLOCATION, ['team', 'model']);
    expect(got).toEqual(new Map([['(untagged)|llama-70b', 38_000_000_000_000n], ['nlp|mistral', 2_000_000_000_000n]]));
    // With one key the rule has both inputs, and the cost is the ml-platform team's.
    const one = await provider().fetch(makeRequest({ keys: ['team'], allocation: ALLOCATION }), makeContext());
    expect(allocatedSums(one.records, ALLOCATION, ['team']).get('ml-platform')).toBe(38_000_000_000_000n);
  });

  it('holds for random records, keys and pushed filters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordArb, { minLength: 1, maxLength: 40, size: 'medium' }),
        fc.constantFrom(...KEY_SETS),
        fc.option(fc.constantFrom<Record<string, FilterSpec>>({ team: { in: ['nlp'] } }, { team: { notIn: ['vision', '(untagged)'] } }, { team: { in: ["x' OR 1=1 --", 'ml-platform'] } }, { env: { in: ['prod'] } }, { model: { in: ['(untagged)'] } })),
        async (rows, keys, maybeFilters) => {
          fake.records = rows.map(toRecord);
          const filters = maybeFilters ?? {};
          const usable = Object.keys(filters).every((k) => keys.includes(k));
          const res = await provider().fetch(makeRequest({ keys, allocation: ALLOCATION, filters: usable ? filters : {}, pushFilters: usable }), makeContext());
          const got = allocatedSums(res.records, ALLOCATION, keys);
          const want = allocatedSums(fake.records, ALLOCATION, keys);
          const approximated = res.notes.some((n) => n.includes('was computed without'));
          if (usable && Object.keys(filters).length) {
            if (!approximated) expect(filtered(got, keys, filters)).toEqual(filtered(want, keys, filters));
          } else if (approximated) {
            // Some rule inputs were left out: values may move between groups, money may not.
            expect(total(got)).toBe(total(want));
          } else {
            expect(got).toEqual(want);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
