import { describe, expect, it } from 'vitest';
import { canonicalWithAliases, caseInsensitive, intersect, keyInside, mergeClauses } from '../../../src/app/access/index.js';

const clause = (text: string, filters: Record<string, { in?: string[]; notIn?: string[] }>, teams = ['t']) => ({ text, filters, teams });

describe('scope filters', () => {
  it('merges scopes on one key into one filter, keeps identical ones once and others apart', () => {
    const merged = mergeClauses(
      [
        clause('team=nlp', { team: { in: ['nlp'] } }, ['nlp']),
        clause('team=vision', { team: { in: ['Vision'] } }, ['vision']),
        clause('team=NLP', { team: { in: ['NLP'] } }, ['nlp-2']),
        clause('model=sdxl', { model: { in: ['sdxl'] } }, ['gen']),
        clause('model=sdxl', { model: { in: ['sdxl'] } }, ['gen-2']),
        clause('team=speech env!=dev', { team: { in: ['speech'] }, env: { notIn: ['dev'] } }, ['speech']),
        clause('service="Amazon SageMaker"', { service: { in: ['Amazon SageMaker'] } }, ['ml']),
      ],
      caseInsensitive,
    );

    expect(merged).toEqual([
      clause('team=nlp,Vision', { team: { in: ['nlp', 'Vision'] } }, ['nlp', 'vision', 'nlp-2']),
      clause('model=sdxl', { model: { in: ['sdxl'] } }, ['gen', 'gen-2']),
      clause('team=speech env!=dev', { team: { in: ['speech'] }, env: { notIn: ['dev'] } }, ['speech']),
      clause('service="Amazon SageMaker"', { service: { in: ['Amazon SageMaker'] } }, ['ml']),
    ]);
  });

  it('intersects a question with a scope: adds the scope, keeps values inside, reports values outside', () => {
    const scope = { filters: { team: { in: ['nlp', 'speech'] }, env: { notIn: ['dev'] } } };

    expect(intersect({}, scope, caseInsensitive)).toEqual({ ok: true, filters: scope.filters });
    expect(intersect({ team: { in: ['NLP'] }, model: { in: ['x'] } }, scope, caseInsensitive)).toEqual({ ok: true, filters: { team: { in: ['NLP'] }, model: { in: ['x'] }, env: { notIn: ['dev'] } } });
    expect(intersect({ team: { notIn: ['speech'] }, env: { notIn: ['staging'] } }, scope, caseInsensitive)).toEqual({ ok: true, filters: { team: { in: ['nlp'], notIn: ['speech'] }, env: { notIn: ['staging', 'dev'] } } });
    expect(intersect({ team: { in: ['nlp', 'vision'] }, env: { in: ['dev'] } }, scope, caseInsensitive)).toEqual({ ok: false, outside: [{ key: 'team', values: ['vision'] }, { key: 'env', values: ['dev'] }] });
    expect(intersect({ team: { notIn: ['nlp', 'speech'] } }, scope, caseInsensitive)).toEqual({ ok: false, outside: [{ key: 'team', values: ['!nlp', '!speech'] }] });
  });

  it('matches tag keys whatever their case, and values through the dimensions’ aliases', () => {
    const canon = canonicalWithAliases({ team: { aliases: { NLP: 'nlp', ranking: 'recsys' } } });
    const scope = { filters: { team: { in: ['recsys'] }, 'tag:Cost-Center': { in: ['42'] } } };

    expect(intersect({ team: { in: ['Ranking'] }, 'tag:cost-center': { in: ['42'] } }, scope, canon)).toEqual({ ok: true, filters: { team: { in: ['Ranking'] }, 'tag:cost-center': { in: ['42'] } } });
    expect(keyInside({ team: 'ranking', 'TAG:COST-CENTER': '42' }, scope, canon)).toBe(true);
    expect(keyInside({ team: 'nlp' }, scope, canon)).toBe(false);
    expect(keyInside({ model: 'anything' }, scope, canon)).toBe(true);
  });
});
