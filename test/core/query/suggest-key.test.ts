import { describe, expect, it } from 'vitest';
import { KEY_ALIASES, normalizeKey, suggestKey } from '../../../src/core/query/index.js';
import { editDistance } from '../../../src/core/query/suggest-key.js';
import { DIMENSION_KEYS } from './query-context.js';

describe('suggestKey', () => {
  it.each([
    ['modle', 'model'],
    ['tem', 'team'],
    ['evn', 'env'],
    ['acount', 'account'],
    ['servce', 'service'],
    ['regoin', 'region'],
    ['teamname', 'team'],
    ['accel', 'accelerator'],
  ])('%s → %s', (word, key) => {
    expect(suggestKey(word, DIMENSION_KEYS)).toBe(key);
  });

  it.each(['foo', 'x', '', 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'])('%j → nothing', (word) => {
    expect(suggestKey(word, DIMENSION_KEYS)).toBeNull();
  });

  it('counts a transposition as one edit', () => {
    expect(editDistance('modle', 'model')).toBe(1);
    expect(editDistance('team', 'team')).toBe(0);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('normalizeKey', () => {
  it('finds keys in any case, through aliases, and keeps tag keys as typed', () => {
    expect(normalizeKey('TEAM', DIMENSION_KEYS)).toBe('team');
    expect(normalizeKey('environment', DIMENSION_KEYS)).toBe('env');
    expect(normalizeKey('Models', DIMENSION_KEYS)).toBe('model');
    expect(normalizeKey('tag:Cost-Center', DIMENSION_KEYS)).toBe('tag:Cost-Center');
    expect(normalizeKey('TAG:x', DIMENSION_KEYS)).toBe('tag:x');
    expect(normalizeKey('tag:', DIMENSION_KEYS)).toBeNull();
    expect(normalizeKey('constructor', DIMENSION_KEYS)).toBeNull();
  });

  it('applies an alias only when its target is a known key', () => {
    expect(KEY_ALIASES.environment).toBe('env');
    expect(normalizeKey('environment', ['team', 'model'])).toBeNull();
  });
});
