import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { askWithinAccess, createAccessPolicy, keyInside, scopeParser, caseInsensitive } from '../../../src/app/access/index.js';
import { CostEngine } from '../../../src/app/cost-engine.js';
import { parseConfig } from '../../../src/config/index.js';
import type { AllocationConfig, CostRecord } from '../../../src/core/types.js';
import { makeRecord } from '../../helpers/make-record.js';
import { recordsProvider, silentLogger } from '../../helpers/test-engine.js';

const TEAMS = ['nlp', 'vision', 'speech'];
const MODELS = ['llama', 'sdxl', 'whisper'];
const DAYS = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'];
const NOW = Date.parse('2026-11-06T12:00:00Z');

const recordArb = fc
  .record({
    day: fc.constantFrom(...DAYS),
    team: fc.constantFrom(...TEAMS, ''),
    model: fc.constantFrom(...MODELS, ''),
    kind: fc.constantFrom('usage', 'usage', 'usage', 'support', 'tax'),
    cents: fc.integer({ min: -5_000, max: 900_000 }),
    resource: fc.constantFrom('i-0aaa', 'i-0bbb', 'i-0ccc', ''),
  })
  .map(({ day, team, model, kind, cents, resource }): CostRecord => {
    const cost = (cents / 100).toFixed(2);
    const tags: Record<string, string> = {};
    if (team) tags.team = team;
    if (model) tags.model = model;
    return makeRecord({
      day, billedCost: cost, effectiveCost: cost, listCost: cost, tags, resourceId: resource,
      serviceName: kind === 'support' ? 'AWS Support (Business)' : 'Amazon SageMaker',
      chargeCategory: kind === 'tax' ? 'Tax' : 'Usage',
    });
  });

/** What a member may see: teams scoped by team, and one scoped by model (scopes on two keys). */
const TEAM_SCOPES: Record<string, string> = { nlp: 'team=nlp', vision: 'team=vision', speech: 'team=speech,nlp env!=dev', gen: 'model=sdxl' };

const questionArb = fc
  .record({
    groupBy: fc.constantFrom('', 'by team', 'by model', 'by team,model', 'by resource'),
    team: fc.constantFrom('', '', '', 'team=nlp', 'team=vision', 'team!=speech', 'team=nlp,vision', 'team=NLP'),
    model: fc.constantFrom('', 'model=llama', 'model!=sdxl'),
    trend: fc.constantFrom('', 'daily'),
    top: fc.constantFrom('', 'top 1', 'top 2'),
    public: fc.constantFrom('', '', '', 'public'),
  })
  .map((q) => [q.groupBy, q.team, q.model, q.trend, q.top, q.public, '2026-11-02 to 2026-11-05'].filter(Boolean).join(' '));

function allocation(split: 'proportional' | 'none'): AllocationConfig {
  const dim = (tags: string[]) => ({ tags, accounts: {}, rules: [], aliases: {} });
  return {
    dimensions: { team: dim(['team']), model: dim(['model']), env: dim(['env']) },
    shared: [
      { name: 'support', when: { ServiceName: 'AWS Support*' }, split },
      { name: 'tax', when: { ChargeCategory: 'Tax' }, split: 'proportional' },
    ],
    unallocated: '(untagged)',
  };
}

const cents = (n: number) => Math.round(n * 100);

describe('access control, for random scopes and questions', () => {
  it('never shows a row outside the asker’s scope, and the visible rows add up to the visible total', async () => {
    const outcomes = { answered: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordArb, { minLength: 1, maxLength: 60 }),
        fc.subarray(Object.keys(TEAM_SCOPES)),
        questionArb,
        fc.constantFrom<'proportional' | 'none'>('proportional', 'none'),
        fc.constantFrom('C0NLP00001', 'C0GEN00001', 'C0ELSEWHERE'),
        async (records, memberOf, question, split, channel) => {
          const engine = await CostEngine.load([recordsProvider(records)], { timezone: 'UTC', weekStart: 'monday', currency: 'USD', defaultRange: 'this month', metric: 'effective', allocation: allocation(split) }, silentLogger);
          const teams = Object.fromEntries(
            Object.entries(TEAM_SCOPES).map(([t, scope]) => [t, { scope, members: { slack: memberOf.includes(t) ? ['U0ASKER01'] : [] }, slack: { channel: t === 'nlp' ? 'C0NLP00001' : t === 'gen' ? 'C0GEN00001' : `C0${t.toUpperCase()}` } }]),
          );
          const parsed = parseConfig({ teams, access: { admins: { slack: ['U0ADMIN01'] } } });
          if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
          const parseScope = scopeParser(engine.dimensionKeys());
          const policy = createAccessPolicy({ config: parsed.config, parseScope });
          const identity = { platform: 'slack' as const, userId: 'U0ASKER01' };

          const result = await askWithinAccess({ engine, policy, unallocatedLabel: '(untagged)' }, identity, { channelId: channel }, question, NOW);

          if (!result.ok) {
            expect(result.message.length).toBeGreaterThan(20);
            outcomes.refused++;
            return;
          }
          outcomes.answered++;
          const a = result.answer;
          // Every clause that limited the answer: the asker's, and for `public` the channel's.
          const viewer = await policy.viewer(identity);
          const clauses = viewer.kind === 'scoped' ? viewer.clauses : [];
          const channelTeam = policy.teamOfChannel('slack', channel);
          const channelClause = question.includes('public') && channelTeam ? policy.teamScope(channelTeam) : null;
          const inScope = (key: Record<string, string>) =>
            clauses.some((c) => keyInside(key, c, caseInsensitive)) && (channelClause === null || channelClause === 'all' || keyInside(key, channelClause, caseInsensitive));

          for (const row of a.rows) if (!row.other) expect(inScope(row.key), JSON.stringify(row.key)).toBe(true);
          for (const p of a.series ?? []) {
            for (const r of p.rows ?? []) expect(inScope(r.key), JSON.stringify(r.key)).toBe(true);
            if (p.rows) expect(p.rows.reduce((s, r) => s + cents(r.cost), 0)).toBe(cents(p.cost));
          }
          if (a.query.groupBy.length) expect(a.rows.reduce((s, r) => s + cents(r.cost), 0)).toBe(cents(a.total));
          // Nothing worded names a team the asker may not see.
          const hidden = TEAMS.filter((t) => !inScope({ team: t }));
          const words = JSON.stringify({ rows: a.rows, series: a.series, unallocated: a.unallocated });
          for (const t of hidden) {
            expect(words).not.toContain(`"${t}"`);
            for (const note of a.notes.slice(1)) expect(note).not.toMatch(new RegExp(`\\b${t}\\b`));
          }
          expect(a.notes[0]).toMatch(/^Limited to what (you|this channel) may see: /);
        },
      ),
      { numRuns: 100 },
    );
    // Both paths were exercised: the property is not vacuous.
    expect(outcomes.answered).toBeGreaterThan(15);
    expect(outcomes.refused).toBeGreaterThan(5);
  }, 120_000);
});
