/**
 * The allocation settings that fully allocate the sample data: the embedded default
 * configuration when no config file exists. Same shape as the `dimensions:` and `shared:`
 * keys of finops.config.yaml (config.md) and as AllocationConfig (src/core/types.ts).
 */
import type { AllocationConfig, DimensionDefinition, SharedRule } from '../../core/types.js';
import { ALL_ACCOUNTS } from './org.js';

/** Every team-owned AWS account and GCP project → its team (shared ones are left out on purpose). */
const ACCOUNT_TEAMS: Record<string, string> = Object.fromEntries(
  ALL_ACCOUNTS.filter((a) => a.team !== null).map((a) => [a.id, a.team as string]),
);

const dimension = (tags: string[], extra: Partial<DimensionDefinition> = {}): DimensionDefinition => ({
  tags,
  accounts: {},
  rules: [],
  aliases: {},
  ...extra,
});

/**
 * The configured dimensions, in order. The built-in `workload` and `accelerator` are not
 * redefined here (the lead adds them). Aliases cover every messy spelling in the data.
 */
export const SAMPLE_DIMENSIONS: AllocationConfig['dimensions'] = {
  team: dimension(['team', 'owner'], {
    accounts: ACCOUNT_TEAMS,
    // Legacy Terraform writes `Team: NLP`; recsys was once called ranking; platform's notebooks use `owner: ml-platform`.
    aliases: { NLP: 'nlp', ranking: 'recsys', 'ml-platform': 'platform' },
  }),
  model: dimension(['model', 'model_name']),
  env: dimension(['env', 'environment'], {
    aliases: { production: 'prod', prd: 'prod', Prod: 'prod', Staging: 'staging', stg: 'staging', development: 'dev' },
  }),
  experiment: dimension(['experiment']),
};

/**
 * Shared costs spread over every answer's groups in proportion to direct cost. Names follow
 * config.md's example. The Savings Plan fee has EffectiveCost 0 (it is amortized into the
 * covered usage), so its rule only matters for `metric=billed`.
 */
export const SAMPLE_SHARED: SharedRule[] = [
  { name: 'support-and-tax', when: { ServiceName: ['AWS Support*'] }, split: 'proportional' },
  { name: 'tax', when: { ChargeCategory: 'Tax' }, split: 'proportional' },
  { name: 'savings-plan', when: { ServiceName: 'Savings Plans*', ChargeCategory: 'Purchase' }, split: 'proportional' },
];

/** The configured part of the allocation for the sample data (the lead adds the built-ins). */
export const SAMPLE_ALLOCATION: AllocationConfig = {
  dimensions: SAMPLE_DIMENSIONS,
  shared: SAMPLE_SHARED,
  unallocated: '(untagged)',
};
