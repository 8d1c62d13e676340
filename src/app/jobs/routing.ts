/**
 * Where the jobs' messages go: the owning team's channels from `teams:` — its Slack
 * channel, its Teams conversation, and always its console channel — and, for costs no
 * team owns, the entry marked `default: true`.
 */
import type { FinopsConfig } from '../../config/index.js';
import type { Store } from '../../store/index.js';
import type { Budget } from '../budgets/budget-catalog.js';
import type { CostReader } from './cost-reader.js';
import type { NotifierSet, Target } from './types.js';

/** One `teams:` entry as the jobs use it. */
export interface TeamEntry {
  name: string;
  /** The filter its digests cover (`team=nlp` by default), or null for `scope: all`. */
  scope: string | null;
  slackChannel: string | null;
  teamsConversation: string | null;
  isDefault: boolean;
}

/** The `teams:` entries, in the file's order. */
export function teamEntries(config: Pick<FinopsConfig, 'teams'>): TeamEntry[] {
  return Object.entries(config.teams).map(([name, t]) => ({
    name,
    scope: t.scope === undefined ? `team=${name}` : t.scope.trim().toLowerCase() === 'all' ? null : t.scope,
    slackChannel: t.slack?.channel ?? null,
    teamsConversation: t.teams?.conversation ?? null,
    isDefault: t.default === true,
  }));
}

/** The entry that gets what no team owns, or null. */
export function defaultEntry(config: Pick<FinopsConfig, 'teams'>): string | null {
  return teamEntries(config).find((e) => e.isDefault)?.name ?? null;
}

function entryOwning(config: Pick<FinopsConfig, 'teams'>, costs: Pick<CostReader, 'simpleScope'>, team: string): string | null {
  const v = team.toLowerCase();
  for (const e of teamEntries(config)) {
    if (e.scope === null) continue;
    const s = costs.simpleScope(e.scope);
    if (s !== null && s.key === 'team' && s.value.toLowerCase() === v) return e.name;
  }
  return null;
}

/**
 * Where alerts about a value of the `team` dimension go: the entry whose scope is that
 * `team=<value>` (an entry without `scope` covers `team=<its name>`), else the default
 * entry, else — no entry at all — the console channel named after the team, so that no
 * alert is ever dropped (the console is always on).
 */
export function entryForTeamValue(config: Pick<FinopsConfig, 'teams'>, costs: Pick<CostReader, 'simpleScope'>, team: string): string {
  return entryOwning(config, costs, team) ?? defaultEntry(config) ?? team;
}

/** Where a budget's alerts go: its `team`'s entry, else the entry with the same scope, else the default, else the console channel of its team. */
export function entryForBudget(config: Pick<FinopsConfig, 'teams'>, costs: Pick<CostReader, 'simpleScope'>, budget: Pick<Budget, 'team' | 'scope'>): string {
  const entries = teamEntries(config);
  if (budget.team !== null) {
    if (entries.some((e) => e.name === budget.team)) return budget.team;
    const owning = entryOwning(config, costs, budget.team);
    if (owning !== null) return owning;
  }
  const same = entries.find((e) => e.scope !== null && e.scope.trim() === budget.scope.trim());
  return same?.name ?? defaultEntry(config) ?? budget.team ?? 'budgets';
}

/** `19:abc@thread.tacv2;messageid=…` → `19:abc@thread.tacv2`: where Teams references are kept. */
export function baseConversationId(id: string): string {
  return id.split(';')[0]!;
}

/** Every channel of an entry: Slack and Teams when configured, the console always (a name with no entry: its console channel). */
export function entryTargets(config: Pick<FinopsConfig, 'teams'>, entry: string): Target[] {
  const e = teamEntries(config).find((t) => t.name === entry);
  if (e === undefined) return [{ platform: 'console', channel: entry }];
  const out: Target[] = [];
  if (e.slackChannel !== null) out.push({ platform: 'slack', channel: e.slackChannel });
  if (e.teamsConversation !== null) out.push({ platform: 'teams', channel: baseConversationId(e.teamsConversation) });
  out.push({ platform: 'console', channel: e.name });
  return out;
}

/** The targets a run can post to, and those it cannot because their platform is not wired. */
export function splitByNotifier(targets: Target[], notifiers: NotifierSet): { ready: Target[]; notConfigured: Target[] } {
  return {
    ready: targets.filter((t) => notifiers[t.platform] !== undefined),
    notConfigured: targets.filter((t) => notifiers[t.platform] === undefined),
  };
}

/** A configured channel the bot cannot post to yet, and what to do about it. */
export interface ChannelProblem {
  team: string;
  platform: 'teams';
  channel: string;
  problem: string;
}

/**
 * The entries whose Teams conversation the bot has no stored reference for (it was never
 * added there, or never messaged there): proactive posts to them fail until it is. For
 * `jobs status` and `finops-bot doctor`.
 */
export async function teamsChannelProblems(config: Pick<FinopsConfig, 'teams'>, store: Pick<Store, 'getConversationRef'>): Promise<ChannelProblem[]> {
  const out: ChannelProblem[] = [];
  for (const e of teamEntries(config)) {
    if (e.teamsConversation === null) continue;
    const channel = baseConversationId(e.teamsConversation);
    if ((await store.getConversationRef('teams', channel)) === null) {
      out.push({
        team: e.name,
        platform: 'teams',
        channel,
        problem: `the bot has no reference for this Teams conversation: add the bot to that team or chat (or send it one message there), and check teams.${e.name}.teams.conversation`,
      });
    }
  }
  return out;
}
