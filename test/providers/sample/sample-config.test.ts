import { describe, expect, it } from 'vitest';
import { FOCUS_COLUMNS } from '../../../src/core/keys.js';
import type { CostRecord, Matcher } from '../../../src/core/types.js';
import { sampleRecords } from '../../../src/providers/sample/generate-sample.js';
import { ALL_ACCOUNTS, ENVS, MODELS, TEAMS } from '../../../src/providers/sample/org.js';
import { SAMPLE_ALLOCATION, SAMPLE_DIMENSIONS, SAMPLE_SHARED } from '../../../src/providers/sample/sample-config.js';
import { tagValue } from './test-helpers.js';

const records = sampleRecords({ today: '2026-11-26', months: 2 });

/** Allocation as allocation.md describes it: tags (first present), account map, then aliases. */
function resolve(dimension: keyof typeof SAMPLE_DIMENSIONS, r: CostRecord): string | undefined {
  const def = SAMPLE_DIMENSIONS[dimension];
  const value = tagValue(r.tags, def.tags) ?? def.accounts[r.subAccountId];
  return value === undefined ? undefined : (def.aliases[value] ?? value);
}

/** allocation.md's matcher: AND across columns, OR within a list, `*` wildcards, case-insensitive. */
function matches(r: CostRecord, when: Matcher): boolean {
  return Object.entries(when).every(([column, pattern]) => {
    const value = String(r[FOCUS_COLUMNS[column]]);
    return [pattern ?? []].flat().some((p) =>
      new RegExp(`^${p.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i').test(value));
  });
}

describe('SAMPLE_DIMENSIONS', () => {
  it('defines team, model, env and experiment in the AllocationConfig shape', () => {
    expect(Object.keys(SAMPLE_DIMENSIONS)).toEqual(['team', 'model', 'env', 'experiment']);
    for (const def of Object.values(SAMPLE_DIMENSIONS)) {
      expect(Array.isArray(def.tags) && Array.isArray(def.rules)).toBe(true);
      expect(typeof def.accounts === 'object' && typeof def.aliases === 'object').toBe(true);
    }
    expect(SAMPLE_ALLOCATION.unallocated).toBe('(untagged)');
  });

  it('maps every team-owned account and project, and no shared one', () => {
    for (const a of ALL_ACCOUNTS) expect(SAMPLE_DIMENSIONS.team.accounts[a.id], a.id).toBe(a.team ?? undefined);
  });

  it('allocates every record to one of the five teams, except untagged costs in shared accounts', () => {
    const shared = new Set(ALL_ACCOUNTS.filter((a) => a.team === null).map((a) => a.id));
    for (const r of records) {
      const team = resolve('team', r);
      if (team === undefined) expect(shared.has(r.subAccountId), r.resourceId).toBe(true);
      else expect(TEAMS, `${team} on ${r.resourceId}`).toContain(team);
    }
    // Some shared-account cost stays unallocated on purpose (NAT, CI agents, default bucket…).
    expect(records.some((r) => r.chargeCategory === 'Usage' && resolve('team', r) === undefined)).toBe(true);
  });

  it('normalizes every env spelling to prod, staging or dev', () => {
    const seen = new Set(records.map((r) => resolve('env', r)).filter((e) => e !== undefined));
    expect(seen).toEqual(new Set(ENVS));
  });

  it('resolves models to the twelve known names', () => {
    const seen = new Set(records.map((r) => resolve('model', r)).filter((m) => m !== undefined));
    expect(seen).toEqual(new Set(MODELS.map((m) => m.name)));
  });

  it('names every model owned by the team its records are allocated to', () => {
    const owner = new Map(MODELS.map((m) => [m.name as string, m.team as string]));
    const wrong = records.filter((r) => {
      const model = resolve('model', r);
      return model !== undefined && owner.get(model) !== resolve('team', r);
    });
    expect(wrong.map((r) => r.resourceName)).toEqual([]);
  });
});

describe('SAMPLE_SHARED', () => {
  it('matches support, tax and the Savings Plan fee, and no usage', () => {
    const pooled = records.filter((r) => SAMPLE_SHARED.some((rule) => matches(r, rule.when)));
    expect(new Set(pooled.map((r) => r.serviceName))).toEqual(new Set(['AWS Support (Business)', 'Tax', 'Savings Plans for AWS Compute usage']));
    expect(pooled.some((r) => r.chargeCategory === 'Usage')).toBe(false);
    expect(records.filter((r) => r.chargeCategory === 'Tax').every((r) => matches(r, SAMPLE_SHARED[1].when))).toBe(true);
    expect(SAMPLE_SHARED.every((rule) => rule.split === 'proportional')).toBe(true);
  });
});
