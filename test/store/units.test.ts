import { describe, expect, it } from 'vitest';
import { cacheKey } from '../../src/store/index.js';
import { Mutex } from '../../src/store/mutex.js';
import { createPgDriver } from '../../src/store/pg-driver.js';

describe('cacheKey', () => {
  it('ignores object key order but not values, arrays order or provider', () => {
    const base = cacheKey('focus', { range: { start: '2026-05-01', end: '2026-06-01' }, groupBy: ['team', 'model'] });

    expect(cacheKey('focus', { groupBy: ['team', 'model'], range: { end: '2026-06-01', start: '2026-05-01' } })).toBe(base);
    expect(cacheKey('focus', { range: { start: '2026-05-01', end: '2026-06-01' }, groupBy: ['model', 'team'] })).not.toBe(base);
    expect(cacheKey('aws-cost-explorer', { range: { start: '2026-05-01', end: '2026-06-01' }, groupBy: ['team', 'model'] })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('Mutex', () => {
  it('runs holders one at a time in arrival order, and releases after a throw', async () => {
    const mutex = new Mutex();
    const log: string[] = [];
    const hold = (name: string, ms: number, fail = false) =>
      mutex.run(async () => {
        log.push(`${name}+`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(`${name}-`);
        if (fail) throw new Error(name);
        return name;
      });

    const results = await Promise.allSettled([hold('a', 20), hold('b', 1, true), hold('c', 5)]);

    expect(log).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});

describe('createPgDriver', () => {
  it('rejects a schema name that could smuggle SQL into the connection options', async () => {
    await expect(createPgDriver({ connectionString: 'postgres://x@127.0.0.1:1/x', schema: 'a; DROP' })).rejects.toMatchObject({ code: 'invalid-argument' });
  });
});
