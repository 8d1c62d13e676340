import { parseConfig, type FinopsConfig } from '../../src/config/index.js';

/** People of the test organisation (Slack user ids, Entra object ids). */
export const PEOPLE = {
  nlpMember: 'U0BBBBBBB',
  nlpGroupMember: 'U0GROUPMM',
  nlpApprover: 'U0AAAAAAA',
  nlpApprover2: 'U0AAAAAA2',
  nlpTeamsMember: '11111111-1111-1111-1111-111111111111',
  nlpTeamsApprover: '0000000a-0000-0000-0000-000000000000',
  visionMember: 'U0VVVVVVV',
  visionApprover: 'U0VAPPROV',
  admin: 'U0ADMIN01',
  finance: 'U0FIN0001',
  financeGroupMember: 'U0FINGRP1',
  stranger: 'U0STRANGE',
} as const;

export const CHANNELS = { nlp: 'C0NLP00001', vision: 'C0VISION01', finance: 'C0FINANCE0', nlpTeams: '19:nlp@thread.tacv2' } as const;

/** Slack user groups of the test organisation, for the fake Slack API. */
export const USERGROUPS = { S0NLPGRP1: [PEOPLE.nlpGroupMember], S0FINGRP1: [PEOPLE.financeGroupMember] };

/** The configuration of config.md's shape: two teams with members and approvers, finance, access. */
export function teamsConfig(over: Record<string, unknown> = {}): FinopsConfig {
  const raw = {
    teams: {
      nlp: {
        slack: { channel: CHANNELS.nlp },
        teams: { conversation: CHANNELS.nlpTeams },
        scope: 'team=nlp',
        members: { slack: [PEOPLE.nlpMember, 'S0NLPGRP1'], teams: [PEOPLE.nlpTeamsMember] },
        approvers: { slack: [PEOPLE.nlpApprover, PEOPLE.nlpApprover2], teams: [PEOPLE.nlpTeamsApprover] },
      },
      vision: {
        slack: { channel: CHANNELS.vision },
        members: { slack: [PEOPLE.visionMember] },
        approvers: { slack: [PEOPLE.visionApprover] },
      },
      finance: { slack: { channel: CHANNELS.finance }, scope: 'all', default: true },
    },
    access: { admins: { slack: [PEOPLE.admin] }, finance: { slack: [PEOPLE.finance, 'S0FINGRP1'] } },
    budgets: [{ name: 'nlp-monthly', scope: 'team=nlp', amount: 50000, period: 'month', thresholds: [50, 80, 100], forecast: true, team: 'nlp' }],
    ...over,
  };
  const parsed = parseConfig(raw);
  if (!parsed.ok) throw new Error(`test configuration: ${JSON.stringify(parsed.problems)}`);
  return parsed.config;
}
