import { describe, expect, it } from 'vitest';
import { createAccessPolicy, restrictQuery, scopeParser, type Viewer } from '../../../src/app/access/index.js';
import { parseQuery } from '../../../src/core/query/index.js';
import type { ParsedQuery } from '../../../src/core/types.js';
import { PEOPLE, teamsConfig } from '../../helpers/teams-config.js';

const KEYS = ['team', 'model', 'env', 'service'];
const parseScope = scopeParser(KEYS);
const policy = createAccessPolicy({ config: teamsConfig(), parseScope });
const ask = (text: string): ParsedQuery =>
  parseQuery(text, { now: Date.parse('2026-11-26T12:00:00Z'), timezone: 'UTC', weekStart: 'monday', defaultRange: 'this month', defaultMetric: 'effective', dimensionKeys: KEYS, knownValues: {} });
const nlpMember = () => policy.viewer({ platform: 'slack', userId: PEOPLE.nlpMember });

describe('restrictQuery', () => {
  it('adds the asker’s scope to a question that names none', async () => {
    const r = restrictQuery(ask('by team last month'), await nlpMember(), policy, 'slack');

    expect(r).toMatchObject({ ok: true, clause: { text: 'team=nlp' } });
    expect(r.ok && r.query.filters).toEqual({ team: { in: ['nlp'] } });
    expect(r.ok && r.query.groupBy).toEqual(['team']);
  });

  it('keeps a question inside the scope as asked, whatever the case, and narrows a negative filter', async () => {
    const v = await nlpMember();

    expect(restrictQuery(ask('team=NLP by model'), v, policy, 'slack')).toMatchObject({ ok: true, query: { filters: { team: { in: ['NLP'] } } } });
    expect(restrictQuery(ask('team!=vision model=llama-70b'), v, policy, 'slack')).toMatchObject({
      ok: true,
      query: { filters: { team: { in: ['nlp'], notIn: ['vision'] }, model: { in: ['llama-70b'] } } },
    });
  });

  it('refuses a filter outside the scope, saying whom to ask', async () => {
    const v = await nlpMember();

    const vision = restrictQuery(ask('team=vision last month'), v, policy, 'slack');
    const mixed = restrictQuery(ask('team=nlp,vision'), v, policy, 'slack');
    const fromTeams = restrictQuery(ask('team=vision'), v, policy, 'teams');

    expect(vision).toEqual({
      ok: false,
      outside: [{ key: 'team', values: ['vision'] }],
      message: 'You may see costs of `team=nlp` only, and team=vision is outside it. To see it, ask the approvers of vision (U0VAPPROV), or an administrator (U0ADMIN01).',
    });
    expect(mixed).toMatchObject({ ok: false, outside: [{ key: 'team', values: ['vision'] }] });
    expect(fromTeams.ok === false && fromTeams.message).toMatch(/ask the approvers of vision, or an administrator\.$/);
  });

  it('refuses a question that leaves nothing of the scope', async () => {
    const r = restrictQuery(ask('team!=nlp'), await nlpMember(), policy, 'slack');

    expect(r).toMatchObject({ ok: false, message: 'You may see costs of `team=nlp` only, and this question leaves none of them. Ask about `team=nlp`.' });
  });

  it('refuses everyone who is in no team, saying whom to ask', async () => {
    const r = restrictQuery(ask('by team'), await policy.viewer({ platform: 'slack', userId: PEOPLE.stranger }), policy, 'slack');

    expect(r).toMatchObject({ ok: false, message: 'You may not see costs yet: you are not a member of any team. Ask an administrator (U0ADMIN01) to add you to teams.<team>.members in the configuration.' });
  });

  it('asks to name one scope when they are on different keys, and answers when the question names one', () => {
    const v: Viewer = {
      kind: 'scoped',
      teams: ['nlp', 'gen'],
      clauses: [
        { text: 'team=nlp', filters: { team: { in: ['nlp'] } }, teams: ['nlp'] },
        { text: 'model=sdxl', filters: { model: { in: ['sdxl'] } }, teams: ['gen'] },
      ],
    };

    expect(restrictQuery(ask('by team'), v, policy, 'slack')).toMatchObject({ ok: false, message: expect.stringContaining('Add one of them to the question (for example `team=nlp`)') });
    expect(restrictQuery(ask('team=nlp by model'), v, policy, 'slack')).toMatchObject({ ok: true, query: { filters: { team: { in: ['nlp'] } } } });
    expect(restrictQuery(ask('model=sdxl by team'), v, policy, 'slack')).toMatchObject({ ok: true, query: { filters: { model: { in: ['sdxl'] } } } });
    expect(restrictQuery(ask('model=clip'), v, policy, 'slack')).toMatchObject({ ok: true, query: { filters: { model: { in: ['clip'] }, team: { in: ['nlp'] } } } });
  });

  it('leaves the question alone for someone who sees everything', async () => {
    const q = ask('team=vision by model');

    expect(restrictQuery(q, await policy.viewer({ platform: 'slack', userId: PEOPLE.admin }), policy, 'slack')).toEqual({ ok: true, query: q, clause: null });
  });
});
