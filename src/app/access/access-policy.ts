/**
 * The access policy: who is an administrator, finance, a member or an approver of a team,
 * and therefore what each person may see and do. Built once from the configuration; the
 * only I/O is the Slack user-group lookup behind `GroupDirectory` (cached there).
 */
import type { FinopsConfig } from '../../config/index.js';
import type { Identity, NoticePlatform, Platform } from '../conversation/types.js';
import type { ConsoleAccess } from './console-access.js';
import { caseInsensitive, mergeClauses } from './scope-filters.js';
import type { CanonicalValue, GroupDirectory, PeopleLists, ScopeClause, ScopeParser, Viewer } from './types.js';

/** The console operator's user id: the console itself, acting as nobody in particular. */
export const CONSOLE_OPERATOR = 'console-user';

export interface AccessPolicyOptions {
  config: Pick<FinopsConfig, 'teams' | 'access'>;
  /** Reads team scopes (`team=nlp`); see `scopeParser`. */
  parseScope: ScopeParser;
  /** Expands Slack user-group ids (`S…`) in `members` and `access.finance`; none = groups match nobody. */
  groups?: GroupDirectory;
  /** How the console is reachable (see `consoleAccess`); default: not an administrator. */
  console?: Pick<ConsoleAccess, 'admin'>;
  /** How filter values compare (aliases, case); default case-insensitive. */
  canonical?: CanonicalValue;
  /** Told about a team scope that cannot be read (that team then grants nothing). */
  onBadScope?: (team: string, message: string) => void;
}

export interface AccessPolicy {
  /** True when the configuration has `access` (otherwise everyone sees every cost). */
  readonly enabled: boolean;
  readonly canonical: CanonicalValue;
  /** What this person may see. */
  viewer(identity: Identity): Promise<Viewer>;
  /** May set budgets: `access.admins`, the console on loopback or with its token, the CLI. */
  isAdmin(identity: Identity): boolean;
  /** A listed approver of the team, by the verified user id on the identity's platform. */
  isApprover(identity: Identity, team: string): boolean;
  /** A member of the team (`teams.<team>.members`, Slack user groups expanded). */
  isMember(identity: Identity, team: string): Promise<boolean>;
  /** The teams this person is a member of, in configuration order. */
  teamsOf(identity: Identity): Promise<string[]>;
  /** The team whose channel this is: `teams.<t>.slack.channel`, `.teams.conversation`, or the console channel named after it. */
  teamOfChannel(platform: Platform, channelId: string | null): string | null;
  /** What a team's channel may be shown (`public` posts); null for a channel no team owns. */
  channelViewer(platform: Platform, channelId: string | null): Viewer | null;
  /** The team's approvers by platform (Entra ids lower case). */
  approvers(team: string): Required<PeopleLists>;
  /** The administrators by platform. */
  admins(): Required<PeopleLists>;
  /** Every configured team, in configuration order. */
  teamNames(): string[];
  /** The clause of a team's scope; null for `all` (or an unreadable scope, which grants nothing). */
  teamScope(team: string): ScopeClause | null | 'all';
}

/** The ids a list holds for people on this platform; the loopback console may act as anyone. */
function idsFor(list: PeopleLists | undefined, platform: Platform): string[] {
  if (!list) return [];
  if (platform === 'slack') return list.slack ?? [];
  if (platform === 'teams') return list.teams ?? [];
  if (platform === 'console') return [...(list.slack ?? []), ...(list.teams ?? [])];
  return [];
}

function sameUser(a: string, b: string): boolean {
  // Entra object ids are case-insensitive; Slack ids are upper case and never collide with them.
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Builds the policy (see `AccessPolicy`). */
export function createAccessPolicy(options: AccessPolicyOptions): AccessPolicy {
  const { config } = options;
  const canonical = options.canonical ?? caseInsensitive;
  const access = config.access;
  const teamNames = Object.keys(config.teams);
  const scopes = new Map<string, ScopeClause | null | 'all'>();
  for (const name of teamNames) {
    const text = config.teams[name]!.scope ?? `team=${name}`;
    if (text.trim().toLowerCase() === 'all') {
      scopes.set(name, 'all');
      continue;
    }
    const parsed = options.parseScope(text);
    if (parsed.ok) scopes.set(name, { text, filters: parsed.filters, teams: [name] });
    else {
      options.onBadScope?.(name, parsed.message);
      scopes.set(name, null);
    }
  }

  const isOperator = (identity: Identity) =>
    identity.platform === 'cli' || ((identity.platform === 'console' || identity.platform === 'api') && identity.userId === CONSOLE_OPERATOR && options.console?.admin === true);

  /** Whether the identity is in a list that may name Slack user groups. */
  const inList = async (list: PeopleLists | undefined, identity: Identity): Promise<boolean> => {
    const ids = idsFor(list, identity.platform);
    if (ids.some((id) => sameUser(id, identity.userId))) return true;
    const groups = identity.platform === 'slack' || identity.platform === 'console' ? ids.filter((id) => /^S[A-Z0-9]+$/.test(id)) : [];
    if (!groups.length || !options.groups) return false;
    const members = await Promise.all(groups.map((g) => options.groups!.members(g)));
    return members.some((m) => m.some((id) => sameUser(id, identity.userId)));
  };

  const isAdmin = (identity: Identity) => isOperator(identity) || idsFor(access?.admins, identity.platform).some((id) => sameUser(id, identity.userId));

  const teamsOf = async (identity: Identity) => {
    const member = await Promise.all(teamNames.map((t) => inList(config.teams[t]!.members, identity)));
    return teamNames.filter((_, i) => member[i]);
  };

  const viewerOfTeams = (teams: string[]): Viewer => {
    if (teams.some((t) => scopes.get(t) === 'all')) return { kind: 'everything', why: 'team-scope-all' };
    const clauses = teams.map((t) => scopes.get(t)).filter((c): c is ScopeClause => c !== null && c !== undefined && c !== 'all');
    return { kind: 'scoped', teams, clauses: mergeClauses(clauses, canonical) };
  };

  const teamOfChannel = (platform: Platform, channelId: string | null): string | null => {
    if (channelId === null) return null;
    for (const name of teamNames) {
      const t = config.teams[name]!;
      if (platform === 'slack' && t.slack?.channel === channelId) return name;
      if (platform === 'teams' && t.teams?.conversation === channelId) return name;
      if (platform === 'console' && name === channelId) return name;
    }
    return null;
  };

  const people = (list: PeopleLists | undefined): Required<PeopleLists> => ({ slack: [...(list?.slack ?? [])], teams: [...(list?.teams ?? [])] });

  return {
    enabled: access !== undefined,
    canonical,
    async viewer(identity) {
      if (!access) return { kind: 'everything', why: 'no-access-control' };
      if (isOperator(identity)) return { kind: 'everything', why: 'operator' };
      if (isAdmin(identity)) return { kind: 'everything', why: 'admin' };
      if (await inList(access.finance, identity)) return { kind: 'everything', why: 'finance' };
      return viewerOfTeams(await teamsOf(identity));
    },
    isAdmin,
    isApprover: (identity, team) => idsFor(config.teams[team]?.approvers, identity.platform).some((id) => sameUser(id, identity.userId)),
    isMember: async (identity, team) => config.teams[team] !== undefined && (await inList(config.teams[team]!.members, identity)),
    teamsOf,
    teamOfChannel,
    channelViewer(platform, channelId) {
      if (!access) return { kind: 'everything', why: 'no-access-control' };
      const team = teamOfChannel(platform, channelId);
      return team === null ? null : viewerOfTeams([team]);
    },
    approvers: (team) => people(config.teams[team]?.approvers),
    admins: () => people(access?.admins),
    teamNames: () => [...teamNames],
    teamScope: (team) => scopes.get(team) ?? null,
  };
}

/** The platforms a notice can be posted to, for iterating the notifiers. */
export const NOTICE_PLATFORMS: readonly NoticePlatform[] = ['slack', 'teams', 'console'];
