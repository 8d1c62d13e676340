import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, toAllocationConfig, type FinopsConfig } from '../../src/config/index.js';
import { readYaml } from '../../src/config/yaml-source.js';

function load(text: string): FinopsConfig {
  const yaml = readYaml(text);
  if (!yaml.ok) throw new Error('bad yaml');
  const result = parseConfig(yaml.value);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

describe('toAllocationConfig', () => {
  it('maps the full example: dimensions in file order, shared rules, unallocated label', () => {
    const cfg = load(readFileSync(resolve(import.meta.dirname, '../../fixtures/config/basic.yaml'), 'utf8'));
    const allocation = toAllocationConfig(cfg);
    expect(Object.keys(allocation.dimensions)).toEqual(['team', 'model', 'env', 'experiment']);
    expect(allocation.dimensions.team).toEqual({
      tags: ['team', 'owner'],
      accounts: { '111111111111': 'nlp' },
      rules: [{ when: { ServiceName: 'Amazon SageMaker*', ChargeDescription: ['*Training*'] }, value: 'ml-platform' }],
      aliases: { NLP: 'nlp' },
    });
    expect(allocation.shared).toEqual([
      { name: 'support-and-tax', when: { ServiceName: ['AWS Support*'] }, split: 'proportional' },
      { name: 'tax', when: { ChargeCategory: 'Tax' }, split: 'proportional' },
    ]);
    expect(allocation.unallocated).toBe('(untagged)');
  });

  it('uses the default dimensions when the file has none, and adds no built-ins', () => {
    const allocation = toAllocationConfig(load(''));
    expect(Object.keys(allocation.dimensions)).toEqual(['team', 'model', 'env', 'experiment']);
    expect(allocation.dimensions.env).toEqual({
      tags: ['env', 'environment'],
      accounts: {},
      rules: [],
      aliases: { production: 'prod', prd: 'prod', development: 'dev' },
    });
    expect(allocation.dimensions.workload).toBeUndefined();
    expect(allocation.shared).toEqual([]);
  });

  it('keeps a configured workload dimension as configured, and the custom label', () => {
    const allocation = toAllocationConfig(load('unallocated: unknown\ndimensions:\n  workload: { tags: [workload] }\n  team: { tags: [team] }\n'));
    expect(Object.keys(allocation.dimensions)).toEqual(['workload', 'team']);
    expect(allocation.unallocated).toBe('unknown');
  });

  it('shares no objects with the configuration, and inherits no names', () => {
    const cfg = load('dimensions: { team: { tags: [team], aliases: { a: b } } }\n');
    const allocation = toAllocationConfig(cfg);
    allocation.dimensions.team.tags.push('owner');
    allocation.dimensions.team.aliases.c = 'd';
    expect(cfg.dimensions.team.tags).toEqual(['team']);
    expect(cfg.dimensions.team.aliases).toEqual({ a: 'b' });
    expect(allocation.dimensions.constructor).toBeUndefined();
    expect(allocation.dimensions.team.aliases.toString).toBeUndefined();
  });
});
