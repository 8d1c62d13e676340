import { describe, expect, it } from 'vitest';
import { followUps } from '../../../src/app/conversation/follow-ups.js';
import { parseQuery } from '../../../src/core/query/index.js';
import { makeContext } from '../../core/query/query-context.js';

const at = (now: string) => makeContext({ now: Date.parse(now) });

describe('the compare button', () => {
  it('compares like for like, as `vs previous` would: month to date with the same days of last month', () => {
    const query = parseQuery('by team this month', at('2026-12-02T10:00:00Z'));
    const compare = followUps({ query }, { dimensions: ['team', 'model'], canShare: false }).find((f) => f.name === 'compare')!;
    expect(compare.id).toBe('by team 2026-12-01 to 2026-12-02 vs 2026-11-01 to 2026-11-02');
    // Clicked, it asks exactly that comparison.
    expect(parseQuery(compare.id, at('2026-12-02T10:00:00Z')).compare).toEqual({ start: '2026-11-01', end: '2026-11-03' });
  });

  it('a whole month with the previous whole month', () => {
    const query = parseQuery('last month', at('2026-12-02T10:00:00Z'));
    const compare = followUps({ query }, { dimensions: [], canShare: false }).find((f) => f.name === 'compare')!;
    expect(compare.id).toBe('2026-11-01 to 2026-11-30 vs 2026-10-01 to 2026-10-31');
  });
});
