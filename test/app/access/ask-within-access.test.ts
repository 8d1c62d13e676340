import { beforeAll, describe, expect, it } from 'vitest';
import { askWithinAccess, canonicalWithAliases, createAccessPolicy, createStaticGroupDirectory, scopeParser, type AccessPolicy } from '../../../src/app/access/index.js';
import type { CostEngine } from '../../../src/app/cost-engine.js';
import type { Identity } from '../../../src/app/conversation/types.js';
import type { Answer } from '../../../src/core/types.js';
import { CHANNELS, PEOPLE, USERGROUPS, teamsConfig } from '../../helpers/teams-config.js';
import { sampleEngine } from '../../helpers/test-engine.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const slack = (userId: string): Identity => ({ platform: 'slack', userId });
const inChannel = (channelId: string | null) => ({ channelId });

let engine: CostEngine;
let policy: AccessPolicy;
let openPolicy: AccessPolicy;

beforeAll(async () => {
  engine = await sampleEngine('2026-11-26');
  const common = { parseScope: scopeParser(engine.dimensionKeys()), groups: createStaticGroupDirectory(USERGROUPS), canonical: canonicalWithAliases(engine.settings.allocation.dimensions) };
  policy = createAccessPolicy({ config: teamsConfig(), ...common });
  openPolicy = createAccessPolicy({ config: teamsConfig({ access: undefined }), ...common });
}, 120_000);

const deps = () => ({ engine, policy, unallocatedLabel: '(untagged)' });
async function answer(identity: Identity, text: string, channel: string | null = null): Promise<Answer> {
  const r = await askWithinAccess(deps(), identity, inChannel(channel), text, NOW);
  if (!r.ok) throw new Error(`expected an answer, got: ${r.message}`);
  return r.answer;
}

describe('answers limited to what the asker may see', () => {
  it('shows a member of nlp asking `by team last month` only nlp, with the figure of nlp’s own row', async () => {
    const everyone = await answer(slack(PEOPLE.admin), 'by team last month');
    const nlpRow = everyone.rows.find((r) => r.key.team === 'nlp')!;

    const mine = await answer(slack(PEOPLE.nlpMember), 'by team last month');

    expect(everyone.rows.length).toBeGreaterThan(3);
    expect(mine.rows).toEqual([{ key: { team: 'nlp' }, cost: nlpRow.cost, share: 1 }]);
    expect(mine.total).toBe(nlpRow.cost);
    expect(mine.range).toEqual({ start: '2026-10-01', end: '2026-11-01' });
    expect(mine.notes[0]).toBe('Limited to what you may see: team=nlp.');
    expect(mine.query.text).toBe('by team last month');
    expect(JSON.stringify(mine)).not.toMatch(/vision|speech|recsys/);
    // Shared pools show only the part spread into nlp's own figure, never the whole pool.
    const pooled = (a: Answer) => (a.shared ?? []).reduce((s, p) => s + p.cost, 0);
    expect(pooled(mine)).toBeGreaterThan(0);
    expect(pooled(mine)).toBeLessThan(pooled(everyone));
    expect(pooled(mine)).toBeLessThanOrEqual(mine.total);
  });

  it('limits a member of a user group the same way, and every series point too', async () => {
    const mine = await answer(slack(PEOPLE.nlpGroupMember), 'by team daily last week');

    expect(mine.rows.map((r) => r.key.team)).toEqual(['nlp']);
    expect(mine.series!.length).toBe(7);
    for (const p of mine.series!) expect((p.rows ?? []).every((r) => r.key.team === 'nlp')).toBe(true);
  });

  it('refuses another team’s costs, saying whom to ask', async () => {
    const r = await askWithinAccess(deps(), slack(PEOPLE.nlpMember), inChannel(null), 'vision by model last month', NOW);

    expect(r).toMatchObject({ ok: false, refused: true, message: expect.stringContaining('team=vision is outside it. To see it, ask the approvers of vision (U0VAPPROV), or an administrator (U0ADMIN01).') });
  });

  it('lets finance and administrators see every team, and everyone when access is not configured', async () => {
    const finance = await answer(slack(PEOPLE.financeGroupMember), 'by team last month');
    const open = await askWithinAccess({ engine, policy: openPolicy, unallocatedLabel: '(untagged)' }, slack(PEOPLE.stranger), inChannel(null), 'by team last month', NOW);

    expect(finance.rows.map((r) => r.key.team)).toEqual(expect.arrayContaining(['nlp', 'vision', 'speech']));
    expect(open.ok && open.answer.rows).toEqual(finance.rows);
  });

  it('posts `public` only what the channel’s team may see', async () => {
    const inNlp = await answer(slack(PEOPLE.admin), 'by team last month public', CHANNELS.nlp);
    const inFinance = await answer(slack(PEOPLE.admin), 'by team last month public', CHANNELS.finance);
    const memberInVision = await askWithinAccess(deps(), slack(PEOPLE.nlpMember), inChannel(CHANNELS.vision), 'by team last month public', NOW);
    const nowhere = await askWithinAccess(deps(), slack(PEOPLE.admin), inChannel('C0RANDOM01'), 'by team public', NOW);

    expect(inNlp.rows.map((r) => r.key.team)).toEqual(['nlp']);
    expect(inNlp.notes[0]).toBe('Limited to what this channel may see: team=nlp.');
    expect(inFinance.rows.length).toBeGreaterThan(3);
    expect(memberInVision).toMatchObject({ ok: false, refused: true, message: expect.stringMatching(/^This is vision’s channel: `public` posts only what vision may see\. You may see costs of `team=vision` only, and team=nlp is outside it/) });
    expect(nowhere).toMatchObject({ ok: false, refused: true, message: expect.stringContaining('This channel belongs to no team') });
  });

  it('passes a question the parser rejects through unchanged', async () => {
    const r = await askWithinAccess(deps(), slack(PEOPLE.nlpMember), inChannel(null), 'modle=x', NOW);

    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('did you mean model?') });
    expect('refused' in r).toBe(false);
  });
});
