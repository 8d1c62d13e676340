import { describe, expect, it } from 'vitest';
import { CONSOLE_OPERATOR, createAccessPolicy, createStaticGroupDirectory, scopeParser, type AccessPolicy } from '../../../src/app/access/index.js';
import type { Identity } from '../../../src/app/conversation/types.js';
import { CHANNELS, PEOPLE, USERGROUPS, teamsConfig } from '../../helpers/teams-config.js';

const slack = (userId: string): Identity => ({ platform: 'slack', userId });
const teams = (userId: string): Identity => ({ platform: 'teams', userId });
const parseScope = scopeParser(['team', 'model', 'env', 'service']);

function policy(over: Record<string, unknown> = {}, consoleAdmin = true): AccessPolicy {
  return createAccessPolicy({ config: teamsConfig(over), parseScope, groups: createStaticGroupDirectory(USERGROUPS), console: { admin: consoleAdmin } });
}

describe('the access policy', () => {
  it('lets everyone see everything when access is not configured', async () => {
    const p = policy({ access: undefined });

    expect(p.enabled).toBe(false);
    expect(await p.viewer(slack(PEOPLE.stranger))).toEqual({ kind: 'everything', why: 'no-access-control' });
  });

  it('gives administrators and finance (a user group included) everything', async () => {
    const p = policy();

    expect(await p.viewer(slack(PEOPLE.admin))).toEqual({ kind: 'everything', why: 'admin' });
    expect(await p.viewer(slack(PEOPLE.finance))).toEqual({ kind: 'everything', why: 'finance' });
    expect(await p.viewer(slack(PEOPLE.financeGroupMember))).toEqual({ kind: 'everything', why: 'finance' });
  });

  it('gives a member the scope of their teams, a user group member too, on Slack and Teams', async () => {
    const p = policy();
    const nlp = { kind: 'scoped', teams: ['nlp'], clauses: [{ text: 'team=nlp', filters: { team: { in: ['nlp'] } }, teams: ['nlp'] }] };

    expect(await p.viewer(slack(PEOPLE.nlpMember))).toEqual(nlp);
    expect(await p.viewer(slack(PEOPLE.nlpGroupMember))).toEqual(nlp);
    expect(await p.viewer(teams(PEOPLE.nlpTeamsMember.toUpperCase()))).toEqual(nlp);
  });

  it('merges the scopes of several teams into one filter, and gives a team scoped `all` everything', async () => {
    const both = policy({ teams: { ...teamsConfig().teams, vision: { members: { slack: [PEOPLE.nlpMember] } } } });
    const all = policy({ teams: { ...teamsConfig().teams, finance: { scope: 'all', members: { slack: [PEOPLE.nlpMember] } } } });

    expect(await both.viewer(slack(PEOPLE.nlpMember))).toMatchObject({ kind: 'scoped', teams: ['nlp', 'vision'], clauses: [{ text: 'team=nlp,vision', filters: { team: { in: ['nlp', 'vision'] } } }] });
    expect(await all.viewer(slack(PEOPLE.nlpMember))).toEqual({ kind: 'everything', why: 'team-scope-all' });
  });

  it('gives a stranger nothing, and does not take an id from one platform for the other', async () => {
    const p = policy();

    expect(await p.viewer(slack(PEOPLE.stranger))).toEqual({ kind: 'scoped', teams: [], clauses: [] });
    expect(await p.viewer(teams(PEOPLE.admin))).toEqual({ kind: 'scoped', teams: [], clauses: [] });
    expect(await p.viewer(slack(PEOPLE.nlpTeamsMember))).toEqual({ kind: 'scoped', teams: [], clauses: [] });
  });

  it('names approvers by the verified id on their own platform only', () => {
    const p = policy();

    expect(p.isApprover(slack(PEOPLE.nlpApprover), 'nlp')).toBe(true);
    expect(p.isApprover(teams(PEOPLE.nlpTeamsApprover.toUpperCase()), 'nlp')).toBe(true);
    expect(p.isApprover(teams(PEOPLE.nlpApprover), 'nlp')).toBe(false);
    expect(p.isApprover(slack(PEOPLE.nlpApprover), 'vision')).toBe(false);
    expect(p.isApprover(slack(PEOPLE.nlpApprover), 'toString')).toBe(false);
    expect(p.isApprover({ platform: 'api', userId: PEOPLE.nlpApprover }, 'nlp')).toBe(false);
  });

  it('treats the console operator as an administrator only when the console is trusted, and a console acting user as that person', async () => {
    const trusted = policy({}, true);
    const untrusted = policy({}, false);
    const operator: Identity = { platform: 'console', userId: CONSOLE_OPERATOR };
    const acting: Identity = { platform: 'console', userId: PEOPLE.nlpApprover };

    expect(trusted.isAdmin(operator)).toBe(true);
    expect(await trusted.viewer(operator)).toEqual({ kind: 'everything', why: 'operator' });
    expect(untrusted.isAdmin(operator)).toBe(false);
    expect(await untrusted.viewer(operator)).toEqual({ kind: 'scoped', teams: [], clauses: [] });
    expect(trusted.isAdmin(acting)).toBe(false);
    expect(trusted.isApprover(acting, 'nlp')).toBe(true);
    expect(await trusted.isMember({ platform: 'console', userId: PEOPLE.nlpGroupMember }, 'nlp')).toBe(true);
  });

  it('knows which team a channel belongs to on each platform, and what its channel may be shown', async () => {
    const p = policy();

    expect(p.teamOfChannel('slack', CHANNELS.nlp)).toBe('nlp');
    expect(p.teamOfChannel('teams', CHANNELS.nlpTeams)).toBe('nlp');
    expect(p.teamOfChannel('console', 'vision')).toBe('vision');
    expect(p.teamOfChannel('teams', CHANNELS.nlp)).toBeNull();
    expect(p.teamOfChannel('slack', null)).toBeNull();
    expect(p.channelViewer('slack', CHANNELS.finance)).toEqual({ kind: 'everything', why: 'team-scope-all' });
    expect(p.channelViewer('slack', 'C0ELSEWHERE')).toBeNull();
    expect(p.channelViewer('slack', CHANNELS.vision)).toMatchObject({ kind: 'scoped', clauses: [{ text: 'team=vision' }] });
  });

  it('grants nothing for a team scope it cannot read, and says so', async () => {
    const bad: string[] = [];
    const p = createAccessPolicy({
      config: teamsConfig({ teams: { nlp: { scope: 'modle=x', members: { slack: [PEOPLE.nlpMember] } } } }),
      parseScope,
      onBadScope: (team, message) => bad.push(`${team}: ${message}`),
    });

    expect(await p.viewer(slack(PEOPLE.nlpMember))).toEqual({ kind: 'scoped', teams: ['nlp'], clauses: [] });
    expect(bad).toEqual([expect.stringMatching(/^nlp: unknown key modle — did you mean model\?/)]);
  });
});
