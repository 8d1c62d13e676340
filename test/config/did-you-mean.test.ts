import { describe, expect, it } from 'vitest';
import { closest, unknownKeyMessage } from '../../src/config/did-you-mean.js';

describe('closest', () => {
  it('finds typos, swaps and case differences', () => {
    expect(closest('timzone', ['timezone', 'weekStart'])).toBe('timezone');
    expect(closest('wekstart', ['timezone', 'weekStart'])).toBe('weekStart');
    expect(closest('modle', ['model', 'team'])).toBe('model');
    expect(closest('servicename', ['ServiceName', 'SkuId'])).toBe('ServiceName');
  });

  it('suggests nothing for a different word, or a huge one', () => {
    expect(closest('frobnicate', ['timezone', 'metric'])).toBeNull();
    expect(closest('x'.repeat(100_000), ['timezone'])).toBeNull();
  });

  it('phrases the message', () => {
    expect(unknownKeyMessage('tgs', ['tags', 'rules'])).toBe('unknown key — did you mean tags?');
    expect(unknownKeyMessage('zzz', ['tags', 'rules'])).toBe('unknown key — expected one of tags, rules');
  });
});
