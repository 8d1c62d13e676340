import { describe, expect, it } from 'vitest';
import type { AllocationConfig, FilterSpec } from '../../../src/core/types.js';
import { compileNeeds, compileRequest, needsTagKeys } from '../../../src/providers/aws-cost-explorer/compile-request.js';
import { validateExpression } from '../../../src/providers/aws-cost-explorer/expression.js';
import { makeRequest, TEAM_ALLOCATION } from './test-helpers.js';
import type { Discovery } from '../../../src/providers/aws-cost-explorer/types.js';

const discovery = (over: Partial<Discovery> = {}): Discovery => ({ tagKeys: [], tagValues: {}, dimensionValues: {}, ...over });
const teamOnly: AllocationConfig = { dimensions: { team: { tags: ['team'], accounts: {}, rules: [], aliases: {} } }, shared: [], unallocated: '(untagged)' };
const absent = (Key: string) => ({ Tags: { Key, MatchOptions: ['ABSENT'] } });

describe('compileRequest', () => {
  it('compiles "by team" over one tag key into one grouped DAILY request with both metrics', () => {
    const plan = compileRequest(makeRequest({ allocation: teamOnly }), discovery({ tagKeys: ['team', 'env'] }));
    expect(plan.requests.map((r) => r.input)).toEqual([
      {
        TimePeriod: { Start: '2026-11-01', End: '2026-11-04' },
        Granularity: 'DAILY',
        Metrics: ['NetAmortizedCost', 'UnblendedCost'],
        GroupBy: [{ Type: 'TAG', Key: 'team' }],
      },
    ]);
    expect(plan.requests[0]!.keep).toEqual([{ key: 'team', steps: [{ kind: 'tag', field: { kind: 'tag', key: 'team' } }, { kind: 'final', fields: [] }], last: true }]);
    expect(plan.notes).toEqual([]);
  });

  it('needs no request grouping when the tag is absent from the period (every cost is untagged)', () => {
    const plan = compileRequest(makeRequest({ allocation: teamOnly }), discovery({ tagKeys: ['env'] }));
    expect(plan.requests).toHaveLength(1);
    expect(plan.requests[0]!.input.GroupBy).toBeUndefined();
    expect(plan.requests[0]!.input.Filter).toBeUndefined();
  });

  it('walks the first-present-wins cascade as ABSENT-filtered requests, two fields at a time', () => {
    const plan = compileRequest(makeRequest(), discovery({ tagKeys: ['team', 'Team', 'owner', 'env'] }));
    expect(plan.requests.map((r) => ({ groupBy: r.input.GroupBy, filter: r.input.Filter }))).toEqual([
      { groupBy: [{ Type: 'TAG', Key: 'team' }, { Type: 'TAG', Key: 'Team' }], filter: undefined },
      { groupBy: [{ Type: 'TAG', Key: 'owner' }, { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }], filter: { And: [absent('team'), absent('Team')] } },
      {
        groupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
        filter: { And: [absent('team'), absent('Team'), absent('owner'), { Not: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['111111111111'] } } }] },
      },
    ]);
    expect(plan.requests.map((r) => r.keep[0]!.last)).toEqual([false, false, true]);
  });

  it('puts the configured spelling first among the spellings present', () => {
    const plan = compileRequest(makeRequest({ allocation: teamOnly }), discovery({ tagKeys: [' team', 'TEAM', 'team'] }));
    expect(plan.requests[0]!.input.GroupBy).toEqual([{ Type: 'TAG', Key: 'team' }, { Type: 'TAG', Key: ' team' }]);
    expect(plan.requests[1]!.input.GroupBy).toEqual([{ Type: 'TAG', Key: 'TEAM' }]);
  });

  it('gives two keys one group-by field each and one request per combination of steps', () => {
    const plan = compileRequest(makeRequest({ keys: ['team', 'service'] }), discovery({ tagKeys: ['team', 'owner'] }));
    // team: team | owner | account | rules(SERVICE) — service: SERVICE.
    expect(plan.requests).toHaveLength(4);
    for (const r of plan.requests) expect(r.input.GroupBy!.length).toBeLessThanOrEqual(2);
    expect(plan.requests[3]!.input.GroupBy).toEqual([{ Type: 'DIMENSION', Key: 'SERVICE' }]);
  });

  it('does not break down a third key, and says so', () => {
    const plan = compileRequest(makeRequest({ keys: ['team', 'model', 'region'] }), discovery({ tagKeys: ['team', 'model'] }));
    expect(plan.requests.every((r) => (r.input.GroupBy ?? []).length <= 2)).toBe(true);
    expect(plan.notes.some((n) => n.includes('region is not broken down'))).toBe(true);
  });

  it('says which columns Cost Explorer lacks for the built-in workload rules', () => {
    const plan = compileRequest(makeRequest({ keys: ['workload'] }), discovery());
    expect(plan.notes.some((n) => n.includes('ResourceName') && n.includes('ServiceCategory'))).toBe(true);
    expect(plan.requests[0]!.input.GroupBy).toEqual([{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }, { Type: 'DIMENSION', Key: 'SERVICE' }]);
  });

  it('notes list cost and ungroupable keys', () => {
    const plan = compileRequest(makeRequest({ keys: ['resource'], metric: 'list' }), discovery());
    expect(plan.notes.some((n) => n.startsWith('List cost is not available from Cost Explorer'))).toBe(true);
    expect(plan.notes.some((n) => n.includes('by resource'))).toBe(true);
  });

  it('splits shared rules into their own pools and keeps them out of the direct requests', () => {
    const allocation: AllocationConfig = { ...teamOnly, shared: [{ name: 'support', when: { ServiceName: 'AWS Support*' }, split: 'proportional' }, { name: 'tax', when: { ChargeCategory: 'Tax' }, split: 'proportional' }] };
    const req = makeRequest({ allocation });
    expect(compileNeeds(req, ['team'])).toEqual({ tagValuesOf: [], dimensions: ['SERVICE', 'RECORD_TYPE'] });
    const support = { Dimensions: { Key: 'SERVICE', Values: ['AWS Support (Business)'] } };
    const tax = { Dimensions: { Key: 'RECORD_TYPE', Values: ['Tax'] } };
    const plan = compileRequest(req, discovery({ tagKeys: ['team'], dimensionValues: { SERVICE: ['Amazon EC2', 'AWS Support (Business)'], RECORD_TYPE: ['Usage', 'Tax'] } }));
    expect(plan.requests.map((r) => [r.purpose, r.input.Filter, r.input.GroupBy])).toEqual([
      ['shared:support', support, [{ Type: 'DIMENSION', Key: 'SERVICE' }]],
      ['shared:tax', { And: [tax, { Not: support }] }, [{ Type: 'DIMENSION', Key: 'RECORD_TYPE' }]],
      ['direct:team#0', { And: [{ Not: support }, { Not: tax }] }, [{ Type: 'TAG', Key: 'team' }]],
    ]);
  });

  it('drops a shared rule that matches nothing Cost Explorer has', () => {
    const allocation: AllocationConfig = { ...teamOnly, shared: [{ name: 'lake', when: { ResourceName: 'lake-*' }, split: 'proportional' }] };
    const plan = compileRequest(makeRequest({ allocation }), discovery({ tagKeys: ['team'] }));
    expect(plan.requests.map((r) => r.purpose)).toEqual(['direct:team#0']);
  });
});

describe('compileRequest with pushed filters', () => {
  const withValues = discovery({ tagKeys: ['team', 'Team', 'owner'], tagValues: { team: ['nlp', 'NLP', 'vision'], Team: ['Nlp'], owner: ['alice'] }, dimensionValues: { SERVICE: ['Amazon EC2', 'AWS Lambda'] } });

  it('asks for the values of the filtered keys only when filters are pushed', () => {
    const req = makeRequest({ filters: { team: { in: ['nlp'] }, service: { in: ['amazon ec2'] } }, pushFilters: true });
    expect(compileNeeds(req, ['team', 'Team', 'owner'])).toEqual({ tagValuesOf: ['team', 'Team', 'owner'], dimensions: ['SERVICE'] });
    expect(compileNeeds({ ...req, pushFilters: false }, ['team'])).toEqual({ tagValuesOf: [], dimensions: [] });
    expect(needsTagKeys(makeRequest({ keys: ['service'] }))).toBe(false);
    expect(needsTagKeys(makeRequest({ keys: ['tag:cost-center'] }))).toBe(true);
  });

  it('pushes a dimension value as an Or of its spellings and mapped accounts (a superset)', () => {
    const req = makeRequest({ keys: ['service'], filters: { team: { in: ['nlp'] } }, pushFilters: true });
    const plan = compileRequest(req, withValues);
    expect(plan.requests[0]!.input.Filter).toEqual({
      Or: [
        { Tags: { Key: 'team', Values: ['nlp', 'NLP'] } },
        { Tags: { Key: 'Team', Values: ['Nlp'] } },
        { Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['111111111111'] } },
      ],
    });
  });

  it('includes the untagged costs when the wanted value can come from a rule or is the unallocated label', () => {
    const req = makeRequest({ keys: ['service'], filters: { team: { in: ['(untagged)'] } }, pushFilters: true });
    const plan = compileRequest(req, withValues);
    expect(plan.requests[0]!.input.Filter).toEqual({ And: [absent('team'), absent('Team'), absent('owner'), { Not: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['111111111111'] } } }] });
  });

  it('pushes != only for costs certain to be excluded', () => {
    const single = discovery({ tagKeys: ['team'], tagValues: { team: ['nlp', 'vision'] } });
    const plan = compileRequest(makeRequest({ keys: ['service'], allocation: teamOnly, filters: { team: { notIn: ['vision'] } }, pushFilters: true }), single);
    expect(plan.requests[0]!.input.Filter).toEqual({ Not: { Tags: { Key: 'team', Values: ['vision'] } } });
    // Two spellings of the first key: which one the allocation reads is not certain, so nothing is pushed.
    const two = compileRequest(makeRequest({ keys: ['service'], filters: { team: { notIn: ['vision'] } }, pushFilters: true }), withValues);
    expect(two.requests[0]!.input.Filter).toBeUndefined();
  });

  it('maps FOCUS keys to dimension filters over the values present, case-insensitively', () => {
    const plan = compileRequest(makeRequest({ keys: ['service'], filters: { service: { in: ['amazon ec2'] }, account: { notIn: ['222222222222'] } }, pushFilters: true }), withValues);
    expect(plan.requests[0]!.input.Filter).toEqual({
      And: [{ Dimensions: { Key: 'SERVICE', Values: ['Amazon EC2'] } }, { Not: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['222222222222'] } } }],
    });
  });

  it('sends no request at all when a pushed filter matches nothing', () => {
    const plan = compileRequest(makeRequest({ keys: ['service'], filters: { service: { in: ['Nope'] } }, pushFilters: true }), withValues);
    expect(plan.requests).toEqual([]);
    const other = compileRequest(makeRequest({ keys: ['service'], filters: { provider: { in: ['gcp'] } }, pushFilters: true }), withValues);
    expect(other.requests).toEqual([]);
  });

  it('pushes nothing when filters may not be pushed', () => {
    const plan = compileRequest(makeRequest({ keys: ['service'], filters: { team: { in: ['nlp'] } }, pushFilters: false }), withValues);
    expect(plan.requests[0]!.input.Filter).toBeUndefined();
  });

  it('carries hostile values only as JSON string values, never interpreted', () => {
    const evil = "x' OR 1=1 --";
    const d = discovery({ tagKeys: ['team'], tagValues: { team: [evil, 'nlp'] } });
    const plan = compileRequest(makeRequest({ keys: ['team'], allocation: teamOnly, filters: { team: { in: [evil] } }, pushFilters: true }), d);
    expect(plan.requests[0]!.input.Filter).toEqual({ Tags: { Key: 'team', Values: [evil] } });
    const wire = JSON.parse(JSON.stringify(plan.requests[0]!.input)) as unknown;
    expect(wire).toEqual(plan.requests[0]!.input);
    // A value nobody has is simply not found: no request, nothing sent.
    expect(compileRequest(makeRequest({ keys: ['team'], allocation: teamOnly, filters: { team: { in: ['"; DROP TABLE x; --'] } }, pushFilters: true }), d).requests).toEqual([]);
  });

  it('compiles only valid expressions for every mix of keys, filters and shared rules', () => {
    const allocation: AllocationConfig = { ...TEAM_ALLOCATION, shared: [{ name: 'support', when: { ServiceName: ['AWS Support*'], ChargeCategory: 'Usage' }, split: 'proportional' }] };
    const keySets = [['team'], ['team', 'model'], ['model', 'service'], ['workload', 'team'], ['tag:cost-center', 'region'], ['accelerator']];
    const filterSets: Record<string, FilterSpec>[] = [{}, { team: { in: ['nlp', '(untagged)'], notIn: ['vision'] } }, { service: { notIn: ['AWS Lambda'] }, model: { in: ['llama'] } }, { 'tag:cost-center': { in: ['42'] } }];
    const d = discovery({ tagKeys: ['team', 'Team', 'owner', 'model', 'cost-center', 'workload'], tagValues: { team: ['nlp'], Team: ['vision'], owner: ['x'], model: ['llama'], 'cost-center': ['42'] }, dimensionValues: { SERVICE: ['AWS Support (Business)', 'AWS Lambda'], RECORD_TYPE: ['Usage'] } });
    let count = 0;
    for (const keys of keySets) {
      for (const filters of filterSets) {
        for (const pushFilters of [true, false]) {
          for (const r of compileRequest(makeRequest({ keys, filters, pushFilters, allocation }), d).requests) {
            count++;
            if (r.input.Filter) expect(validateExpression(r.input.Filter)).toEqual([]);
            expect((r.input.GroupBy ?? []).length).toBeLessThanOrEqual(2);
          }
        }
      }
    }
    expect(count).toBeGreaterThan(50);
  });
});
