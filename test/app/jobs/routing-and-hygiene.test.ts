import { describe, expect, it } from 'vitest';
import { budgetScopeKey } from '../../../src/app/jobs/budgets/budgets-job.js';
import { dayComplete, estimatedDays, filterText } from '../../../src/app/jobs/cost-reader.js';
import { jobActionHandlers, overrideRequestText } from '../../../src/app/jobs/job-actions.js';
import { JOBS, findJob } from '../../../src/app/jobs/registry.js';
import { defaultEntry, entryForBudget, entryForTeamValue, entryTargets, teamEntries, teamsChannelProblems } from '../../../src/app/jobs/routing.js';
import { handleSnoozeText, parseSnoozeCommand } from '../../../src/app/jobs/snooze.js';
import { configSchema } from '../../../src/config/index.js';
import { estimatedNote } from '../../../src/providers/aws-cost-explorer/decode-results.js';
import { pgliteHarness, useFreshStore, useHarness } from '../../store/harness.js';
import { config, noCosts } from './helpers.js';

const CFG = config({
  teams: {
    nlp: { slack: { channel: 'C0NLP00001' }, teams: { conversation: '19:nlp@thread.tacv2;messageid=17' } },
    cv: { scope: 'team=vision' },
    finance: { slack: { channel: 'C0FINANCE0' }, scope: 'all', default: true },
  },
});

describe('routing', () => {
  it('reads the teams: entries, their channels and the default', () => {
    expect(teamEntries(CFG).map((e) => [e.name, e.scope, e.isDefault])).toEqual([
      ['nlp', 'team=nlp', false],
      ['cv', 'team=vision', false],
      ['finance', null, true],
    ]);
    expect(defaultEntry(CFG)).toBe('finance');
    expect(entryTargets(CFG, 'nlp')).toEqual([
      { platform: 'slack', channel: 'C0NLP00001' },
      { platform: 'teams', channel: '19:nlp@thread.tacv2' },
      { platform: 'console', channel: 'nlp' },
    ]);
    expect(entryTargets(CFG, 'speech')).toEqual([{ platform: 'console', channel: 'speech' }]);
  });

  it('sends a team’s costs to the entry covering it, what no team owns to the default, and never drops one', () => {
    expect(entryForTeamValue(CFG, noCosts, 'NLP')).toBe('nlp');
    expect(entryForTeamValue(CFG, noCosts, 'vision')).toBe('cv');
    expect(entryForTeamValue(CFG, noCosts, '(untagged)')).toBe('finance');
    expect(entryForTeamValue(config({}), noCosts, 'speech')).toBe('speech');
    expect(entryForBudget(CFG, noCosts, { team: 'nlp', scope: 'team=nlp' })).toBe('nlp');
    expect(entryForBudget(CFG, noCosts, { team: 'vision', scope: 'team=vision' })).toBe('cv');
    expect(entryForBudget(CFG, noCosts, { team: null, scope: 'team=vision' })).toBe('cv');
    expect(entryForBudget(CFG, noCosts, { team: null, scope: 'env=prod' })).toBe('finance');
  });
});

describe('the cost reader’s reading of the data', () => {
  it('reads the days Cost Explorer marks as estimated, in its own wording', () => {
    expect([...estimatedDays([estimatedNote(['2026-11-25', '2026-11-24'])!])]).toEqual(['2026-11-24', '2026-11-25']);
    expect([...estimatedDays([estimatedNote(['2026-11-20', '2026-11-21', '2026-11-22'])!])]).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
    expect(estimatedDays(['3 rows could not be read']).size).toBe(0);
  });

  it('tells a complete day from one the data only partly covers', () => {
    const endOfDay = Date.parse('2026-11-26T00:00:00Z');
    expect(dayComplete({ freshness: '2026-11-26T00:00:00Z' }, '2026-11-25', endOfDay)).toBe(true);
    expect(dayComplete({ freshness: '2026-11-25T23:00:00Z' }, '2026-11-25', endOfDay)).toBe(false);
    expect(dayComplete({ freshness: null }, '2026-11-25', endOfDay)).toBe(false);
    // Berlin's day ends at 23:00 UTC: an export complete to then covers it.
    expect(dayComplete({ freshness: '2026-11-25T23:00:00Z' }, '2026-11-25', Date.parse('2026-11-25T23:00:00Z'))).toBe(true);
  });

  it('quotes filter values the query language needs quoted', () => {
    expect(filterText('model', 'llama-70b')).toBe('model=llama-70b');
    expect(filterText('team', '(untagged)')).toBe('team="(untagged)"');
  });
});

describe('the job registry', () => {
  it('gives every job a unique name and a schedule key of the configuration', () => {
    const schedules = Object.keys(configSchema.parse({}).schedules);
    expect(new Set(JOBS.map((j) => j.name)).size).toBe(JOBS.length);
    for (const j of JOBS) expect(schedules).toContain(j.scheduleKey);
    expect(findJob('budgets')?.scheduleKey).toBe('budgets');
    expect(findJob('nope')).toBeUndefined();
  });
});

describe('snoozes, buttons and the console channel', { timeout: 60_000 }, () => {
  const harness = pgliteHarness();
  useHarness(harness);
  const ctx = useFreshStore(harness);
  const who = { platform: 'slack' as const, userId: 'U0AAAAAAA' };
  const now = new Date('2026-11-26T09:00:00Z');

  it('reads the snooze commands and refuses what is no scope, saying how', () => {
    expect(parseSnoozeCommand('/cost snooze team=nlp')).toEqual({ verb: 'snooze', scope: 'team=nlp' });
    expect(parseSnoozeCommand('unsnooze budget:nlp-monthly')).toEqual({ verb: 'unsnooze', scope: 'budget:nlp-monthly' });
    expect(parseSnoozeCommand('snooze')).toEqual({ verb: 'list' });
    expect(parseSnoozeCommand('snooze everything please')).toMatchObject({ verb: 'invalid', message: expect.stringContaining('snooze team=nlp') });
    expect(parseSnoozeCommand('by team last week')).toBeNull();
  });

  it('snoozes a scope for 24 hours, lists it, lifts it, and audits each', async () => {
    expect((await handleSnoozeText('snooze team=nlp', ctx.store, who, now))!.text).toBe('Alerts about team=nlp are snoozed until 2026-11-27 09:00 UTC. Say `unsnooze team=nlp` to hear them again.');
    expect((await handleSnoozeText('snooze', ctx.store, who, now))!.text).toBe('1 snoozed: team=nlp');
    expect((await handleSnoozeText('unsnooze team=nlp', ctx.store, who, now))!.text).toBe('Alerts about team=nlp are on again.');
    expect((await handleSnoozeText('unsnooze team=nlp', ctx.store, who, now))!.title).toBe('Not snoozed');
    expect((await ctx.store.listAudit('snooze:team=nlp')).map((e) => e.action)).toEqual(['alert.unsnooze', 'alert.snooze']);
  });

  it('answers the Snooze and Request override buttons', async () => {
    const handlers = jobActionHandlers({ config: CFG, store: ctx.store, costsFor: () => noCosts });
    const request = { identity: who, conversation: { channelId: 'C0NLP00001', private: false, isDm: false, canShare: false }, now: now.getTime() };
    expect(await handlers.snooze!({ ...request, verb: 'snooze', id: budgetScopeKey('nlp-monthly') })).toMatchObject({ kind: 'private', notice: { title: 'Snoozed' } });
    expect(await ctx.store.activeSnooze('budget:nlp-monthly', now)).toMatchObject({ by: 'U0AAAAAAA' });
    const override = await handlers['override.request']!({ ...request, verb: 'override.request', id: 'nlp-monthly' });
    expect(override).toMatchObject({ kind: 'private', notice: { text: expect.stringContaining('/budget request nlp-monthly +<amount>') } });
    expect(overrideRequestText('nlp-monthly', 'teams')).toMatch(/^budget request/);
  });

  it('reports a Teams conversation the bot has no reference for', async () => {
    expect(await teamsChannelProblems(CFG, ctx.store)).toEqual([{ team: 'nlp', platform: 'teams', channel: '19:nlp@thread.tacv2', problem: expect.stringContaining('add the bot to that team') }]);
    await ctx.store.saveConversationRef({ platform: 'teams', conversationId: '19:nlp@thread.tacv2', reference: {}, team: 'nlp' }, now);
    expect(await teamsChannelProblems(CFG, ctx.store)).toEqual([]);
  });
});
