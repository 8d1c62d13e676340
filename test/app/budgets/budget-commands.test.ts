import { beforeAll, describe, expect, it } from 'vitest';
import { engineSpend, runBudgetCommand, type BudgetStatus } from '../../../src/app/budgets/index.js';
import { CONSOLE_OPERATOR } from '../../../src/app/access/index.js';
import type { CostEngine } from '../../../src/app/cost-engine.js';
import type { Identity, Reply } from '../../../src/app/conversation/types.js';
import type { Store } from '../../../src/store/index.js';
import { CHANNELS, PEOPLE, teamsConfig } from '../../helpers/teams-config.js';
import { sampleEngine } from '../../helpers/test-engine.js';
import { pgliteHarness, useFreshStore, useHarness } from '../../store/harness.js';
import { budgetDeps } from './budget-fixture.js';

const NOW = Date.parse('2026-11-26T12:00:00.000Z');
const slack = (userId: string): Identity => ({ platform: 'slack', userId });
const admin = slack(PEOPLE.admin);

const harness = pgliteHarness();
useHarness(harness);
const ctx = useFreshStore(harness);
let engine: CostEngine;
beforeAll(async () => {
  engine = await sampleEngine('2026-11-26');
}, 120_000);

const deps = () => budgetDeps(ctx.store, { spend: engineSpend(engine) });
const run = (who: Identity, text: string, channelId: string | null = CHANNELS.nlp, at = NOW) => runBudgetCommand(deps(), who, { channelId }, text, at);
const statuses = (r: Reply) => (r.kind === 'notice' ? (r.data as { budgets: BudgetStatus[] }).budgets : []);
const trail = async (store: Store) => (await store.listAuditPage({})).map((e) => [e.actor, e.platform, e.action, e.subject]);

describe('/budget', () => {
  it('shows this channel’s team’s budgets: spent, forecast, thresholds, overrides and where each is set', async () => {
    const engineSays = await engine.ask('team=nlp this month forecast', NOW);
    if (!engineSays.ok) throw new Error(engineSays.message);

    const r = await run(slack(PEOPLE.nlpMember), '/budget');

    expect(r).toMatchObject({ kind: 'notice', public: false, notice: { kind: 'budget-status', title: 'Budgets — nlp' } });
    expect(statuses(r)).toEqual([
      {
        name: 'nlp-monthly', scope: 'team=nlp', team: 'nlp', period: { unit: 'month', start: '2026-11-01', end: '2026-12-01' }, currency: 'USD',
        amount: '50000.00', effectiveAmount: '50000.00', approvedOverrides: '0.00', pendingOverrides: 0,
        spent: engineSays.answer.total.toFixed(2), forecast: engineSays.answer.forecast!.total.toFixed(2),
        used: Math.round((engineSays.answer.total / 50000) * 100),
        thresholds: [50, 80, 100], forecastAlerts: true, source: 'config', overridesConfig: false, updatedBy: null, updatedAt: null,
      },
    ]);
    const n = r.kind === 'notice' ? r.notice : null;
    expect(n!.table!.columns).toEqual(['Budget', 'Period', 'Amount', 'Spent', 'Used', 'Forecast', 'Thresholds', 'Overrides', 'Set in']);
    expect(n!.table!.rows[0]!.slice(0, 3)).toEqual(['nlp-monthly', 'November 2026', '50,000.00 USD']);
    expect(n!.table!.rows[0]!.slice(6)).toEqual(['50, 80, 100 % + forecast', 'none approved', 'file']);
    expect(n!.actions).toEqual([{ verb: 'override.request', id: 'nlp-monthly', label: 'Request override: nlp-monthly' }]);
  });

  it('says there are none for a team without budgets, and how to set one', async () => {
    const r = await run(slack(PEOPLE.visionMember), '/budget', CHANNELS.vision);

    expect(r).toMatchObject({ kind: 'notice', notice: { title: 'Budgets — vision', notes: ['No budgets for vision yet. An administrator sets one with /budget set <name> team=vision 50000/month.'] } });
  });

  it('lets an administrator set a budget that replaces the file’s, shown as such, with approved overrides on top', async () => {
    const set = await run(admin, 'budget set nlp-monthly team=nlp 60000/month thresholds=80,100', null);

    expect(set).toMatchObject({
      kind: 'notice',
      notice: {
        kind: 'budget-set',
        text: 'nlp-monthly is now 60,000.00 USD a month for team=nlp, thresholds 80, 100 % and the forecast; overrides are decided by the approvers of nlp. It replaces the configuration file’s budget of the same name (50,000.00 USD a month for team=nlp) until it is changed here again.',
      },
    });
    const req = await run(slack(PEOPLE.nlpMember), 'budget request nlp-monthly +2500.50 reason="eval sweep"');
    const id = req.kind === 'notice' ? (req.data as { request: { id: string } }).request.id : '';
    await ctx.store.decideOverride(id, 'approved', PEOPLE.nlpApprover, null, new Date(NOW));
    await run(slack(PEOPLE.nlpMember), 'budget request nlp-monthly +1 reason="pending one"');

    const shown = await run(slack(PEOPLE.nlpMember), '/budget nlp-monthly');

    expect(statuses(shown)[0]).toMatchObject({ amount: '60000.00', effectiveAmount: '62500.50', approvedOverrides: '2500.50', pendingOverrides: 1, thresholds: [80, 100], source: 'store', overridesConfig: true, updatedBy: PEOPLE.admin });
    const n = shown.kind === 'notice' ? shown.notice : null;
    expect(n!.table!.rows[0]!.slice(7)).toEqual(['+2,500.50 USD approved, 1 pending', 'chat (replaces file)']);
    expect(n!.notes).toEqual(['nlp-monthly was set from chat by U0ADMIN01 on 2026-11-26 12:00 UTC and replaces the configuration file’s budget of the same name.']);
    expect((await ctx.store.listAudit('budget:nlp-monthly', 1))[0]).toMatchObject({ actor: PEOPLE.nlpMember, platform: 'slack', action: 'override.request' });
    expect((await trail(ctx.store))[0]).toEqual([PEOPLE.admin, 'slack', 'budget.set', 'budget:nlp-monthly']);
    expect((await ctx.store.listAuditPage({}))[0]!.detail).toEqual({
      name: 'nlp-monthly', scope: 'team=nlp', amount: '60000.00', currency: 'USD', period: 'month', thresholds: [80, 100], team: 'nlp', forecast: true, replacesConfig: true,
      previous: { scope: 'team=nlp', amount: '50000.00', period: 'month', thresholds: [50, 80, 100], team: 'nlp', forecast: true, source: 'config' },
    });
  });

  it('refuses set to anyone but an administrator, audited, and says whom to ask', async () => {
    const r = await run(slack(PEOPLE.nlpApprover), 'budget set nlp-monthly team=nlp 1/month');

    expect(r).toMatchObject({ kind: 'rejected', message: 'Only administrators can set budgets: ask U0ADMIN01.' });
    expect(await ctx.store.listBudgets()).toEqual([]);
    expect(await trail(ctx.store)).toEqual([[PEOPLE.nlpApprover, 'slack', 'budget.set.refused', 'budget:nlp-monthly']]);
  });

  it('says what is wrong with a set: unknown key, unknown owner, no owner, a name clash', async () => {
    await run(admin, 'budget set vision-q team=vision 9000/quarter');

    expect(await run(admin, 'budget set x modle=llama 1/month')).toMatchObject({ kind: 'rejected', message: expect.stringMatching(/^The scope modle=llama is not a filter the bot understands: unknown key modle — did you mean model\?/) });
    expect(await run(admin, 'budget set x team=nlp 1/month owner=nlpp')).toMatchObject({ kind: 'rejected', message: 'owner=nlpp is not a team of the configuration — did you mean nlp? Teams: nlp, vision, finance.' });
    expect(await run(admin, 'budget set x model=llama-70b 1/month')).toMatchObject({ kind: 'rejected', message: 'Which team’s approvers decide on overrides of x? Add owner=<team> (nlp, vision, finance).' });
    expect(await run(admin, 'budget set Vision-Q team=vision 1/month')).toMatchObject({ kind: 'rejected', message: 'A budget named vision-q already exists and “Vision-Q” differs from it only in case: use /budget set vision-q … to change it, or pick another name.' });
    expect(await run(admin, 'budget set x model=llama-70b 1/month owner=nlp')).toMatchObject({ kind: 'notice' });
    expect((await ctx.store.listBudgets()).map((b) => [b.name, b.team, b.period, b.amount])).toEqual([['vision-q', 'vision', 'quarter', '9000.00'], ['x', 'nlp', 'month', '1.00']]);
  });

  it('shows only the budgets the asker may see, and refuses one they may not with whom to ask', async () => {
    await run(admin, 'budget set vision-q team=vision 9000/quarter');

    const elsewhere = await run(slack(PEOPLE.nlpMember), '/budget', null);
    const theirs = await run(slack(PEOPLE.nlpMember), '/budget vision-q');
    const everything = await run(slack(PEOPLE.finance), '/budget', null);

    expect(statuses(elsewhere).map((s) => s.name)).toEqual(['nlp-monthly']);
    expect(theirs).toMatchObject({ kind: 'rejected', message: 'You may not see the costs of vision-q. To see them, ask the approvers of vision (U0VAPPROV), or an administrator (U0ADMIN01).' });
    expect(statuses(everything).map((s) => s.name)).toEqual(['nlp-monthly', 'vision-q']);
  });

  it('shows the history of a budget, newest first', async () => {
    await run(admin, 'budget set nlp-monthly team=nlp 60000/month', null, NOW - 60_000);
    await run(slack(PEOPLE.nlpMember), 'budget request nlp-monthly +5000 reason="Q4 run"');

    const r = await run(slack(PEOPLE.nlpMember), '/budget history nlp-monthly');

    expect(r).toMatchObject({ kind: 'notice', notice: { kind: 'budget-history', title: 'History of nlp-monthly' } });
    const rows = r.kind === 'notice' ? r.notice.table!.rows : [];
    expect(rows).toEqual([
      ['2026-11-26 12:00 UTC', PEOPLE.nlpMember, 'slack', 'override.request', expect.stringMatching(/^#\d+ \+5000.00 for 2026-11-01: Q4 run$/)],
      ['2026-11-26 11:59 UTC', PEOPLE.admin, 'slack', 'budget.set', 'team=nlp 60000.00/month, thresholds 50,80,100, owner nlp'],
    ]);
    expect(await run(slack(PEOPLE.nlpMember), '/budget history nope')).toMatchObject({ kind: 'rejected', message: expect.stringContaining('There is no budget named “nope”') });
  });

  it('answers help and every parse mistake as a reply, never a crash', async () => {
    expect(await run(slack(PEOPLE.nlpMember), 'budget help')).toMatchObject({ kind: 'notice', notice: { kind: 'budget-help' } });
    expect(await run(slack(PEOPLE.nlpMember), 'budget set nlp team=nlp 5/week')).toMatchObject({ kind: 'rejected', asked: 'budget set nlp team=nlp 5/week', message: '“week” is not a budget period: use month, quarter or year, e.g. 5/month.' });
  });
});

describe('/budget without access control', () => {
  it('shows every budget to anyone outside a team channel, and still lets only administrators set', async () => {
    const open = teamsConfig({ access: undefined });
    const d = budgetDeps(ctx.store, { config: open, spend: engineSpend(engine) });

    const shown = await runBudgetCommand(d, slack(PEOPLE.stranger), { channelId: null }, '/budget', NOW);
    const set = await runBudgetCommand(d, slack(PEOPLE.stranger), { channelId: null }, '/budget set a team=nlp 1/month', NOW);
    const console = await runBudgetCommand(d, { platform: 'console', userId: CONSOLE_OPERATOR }, { channelId: null }, 'budget set a team=nlp 1/month', NOW);

    expect(statuses(shown).map((s) => s.name)).toEqual(['nlp-monthly']);
    expect(set).toMatchObject({ kind: 'rejected', message: 'Only administrators can set budgets, and none is configured: add your user id to access.admins in the configuration file.' });
    expect(console).toMatchObject({ kind: 'notice', notice: { kind: 'budget-set' } });
  });
});
