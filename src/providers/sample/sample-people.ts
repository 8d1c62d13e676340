/**
 * The people of the fictional sample organisation, for the console demo of budgets,
 * approvals and access control: with no configuration file, the bot on the sample data
 * has these teams (members and approvers), an administrator, finance and two budgets.
 * Slack-style ids; the console's acting-user switch shows them by name.
 */
import type { FinopsConfig } from '../../config/index.js';
import { parseConfig } from '../../config/index.js';

/** Each demo person: id → a name and what they are, for the acting-user switch. */
export const SAMPLE_PEOPLE: Record<string, { name: string; role: string }> = {
  U0ADMIN01: { name: 'Ada', role: 'administrator' },
  U0FIN0001: { name: 'Fatima', role: 'finance' },
  U0NLPLEAD: { name: 'Noor', role: 'approver of nlp' },
  U0NLPDEV1: { name: 'Nils', role: 'member of nlp' },
  U0VISLEAD: { name: 'Vera', role: 'approver of vision' },
  U0VISDEV1: { name: 'Victor', role: 'member of vision' },
};

/** The sample organisation's `teams`, `access` and `budgets`, as a configuration file would give them. */
export function sampleOrganisation(): Pick<FinopsConfig, 'teams' | 'access' | 'budgets'> {
  const team = (name: string, members: string[], approvers: string[]) => ({ scope: `team=${name}`, members: { slack: members }, approvers: { slack: approvers } });
  const parsed = parseConfig({
    teams: {
      nlp: team('nlp', ['U0NLPDEV1', 'U0NLPLEAD'], ['U0NLPLEAD']),
      vision: team('vision', ['U0VISDEV1', 'U0VISLEAD'], ['U0VISLEAD']),
      speech: team('speech', [], ['U0NLPLEAD']),
      recsys: team('recsys', [], ['U0VISLEAD']),
      platform: { scope: 'team=platform', members: { slack: [] }, approvers: { slack: ['U0ADMIN01'] }, default: true },
    },
    access: { admins: { slack: ['U0ADMIN01'] }, finance: { slack: ['U0FIN0001'] } },
    budgets: [
      { name: 'nlp-monthly', scope: 'team=nlp', amount: 150000, period: 'month', thresholds: [50, 80, 100], forecast: true, team: 'nlp' },
      { name: 'vision-monthly', scope: 'team=vision', amount: 250000, period: 'month', thresholds: [50, 80, 100], forecast: true, team: 'vision' },
    ],
  });
  if (!parsed.ok) throw new Error(`the sample organisation's configuration is invalid: ${JSON.stringify(parsed.problems)}`);
  return { teams: parsed.config.teams, access: parsed.config.access, budgets: parsed.config.budgets };
}
