import { describe, expect, it } from 'vitest';
import { andExpr, dimensionIn, notExpr, orExpr, tagAbsent, tagIn, validateExpression } from '../../../src/providers/aws-cost-explorer/expression.js';

const svc = { Dimensions: { Key: 'SERVICE' as const, Values: ['Amazon EC2'] } };
const team = { Tags: { Key: 'team', Values: ['nlp'] } };

describe('validateExpression', () => {
  it('accepts the documented example and ABSENT tags', () => {
    const example = { And: [svc, { Not: { Dimensions: { Key: 'RECORD_TYPE', Values: ['Credit', 'Refund'] } } }, team] };
    expect(validateExpression(example)).toEqual([]);
    expect(validateExpression(tagAbsent('team'))).toEqual([]);
  });

  it('rejects a node with two roots, naming where', () => {
    expect(validateExpression({ And: [svc, { ...svc, ...team }] })).toEqual([
      'Filter.And[1]: an expression needs exactly one of And, Or, Not, Dimensions, Tags, CostCategories; found Dimensions, Tags',
    ]);
  });

  it('rejects a node with no root, an empty or single-operand And/Or, and a non-object', () => {
    expect(validateExpression({})).toHaveLength(1);
    expect(validateExpression({ Or: [svc] })).toEqual(['Filter.Or: expected at least two expressions']);
    expect(validateExpression({ And: [] })).toHaveLength(1);
    expect(validateExpression(null)).toEqual(['Filter: expected an expression object']);
    expect(validateExpression([svc])).toEqual(['Filter: expected an expression object']);
    expect(validateExpression({ Not: 'x' })).toEqual(['Filter.Not: expected an expression object']);
  });

  it('rejects leaves without values, unknown fields, match options GetCostAndUsage refuses, and ABSENT dimensions', () => {
    expect(validateExpression({ Tags: { Key: 'team', Values: [] } })).toEqual(['Filter.Tags.Values: expected at least one value']);
    expect(validateExpression({ Dimensions: { Key: '', Values: ['x'] } })).toEqual(['Filter.Dimensions.Key: expected a non-empty string']);
    expect(validateExpression({ Dimensions: { Key: 'SERVICE', Values: ['x'], MatchOptions: ['CONTAINS'] } })[0]).toContain('accepts only');
    expect(validateExpression({ Dimensions: { Key: 'SERVICE', MatchOptions: ['ABSENT'] } })[0]).toContain('ABSENT applies to tags');
    expect(validateExpression({ Tags: { Key: 'team', Values: [1] } })).toEqual(['Filter.Tags.Values: expected a list of strings']);
    expect(validateExpression({ ...svc, Filter: {} })).toEqual(['Filter: unknown field Filter']);
  });

  it('checks deep nesting', () => {
    let e: object = team;
    for (let i = 0; i < 30; i++) e = { Not: e };
    expect(validateExpression(e)).toEqual([]);
    expect(validateExpression({ Not: { Not: { Or: [team, {}] } } })[0]).toMatch(/^Filter\.Not\.Not\.Or\[1\]/);
  });
});

describe('expression builders', () => {
  it('collapse constants and singletons so every node keeps one root', () => {
    expect(andExpr([])).toBe('all');
    expect(andExpr(['all', team])).toEqual(team);
    expect(andExpr([team, 'none'])).toBe('none');
    expect(orExpr([])).toBe('none');
    expect(orExpr([team, 'all'])).toBe('all');
    expect(orExpr(['none', svc])).toEqual(svc);
    expect(andExpr([{ And: [team, svc] }, tagAbsent('x')])).toEqual({ And: [team, svc, tagAbsent('x')] });
    expect(notExpr(notExpr(team))).toEqual(team);
    expect(notExpr('all')).toBe('none');
  });

  it('turn empty value lists into "matches nothing" rather than an invalid leaf', () => {
    expect(dimensionIn('SERVICE', [])).toBe('none');
    expect(tagIn('team', [])).toBe('none');
    expect(tagIn('team', ['a', 'a'])).toEqual({ Tags: { Key: 'team', Values: ['a'] } });
  });
});
