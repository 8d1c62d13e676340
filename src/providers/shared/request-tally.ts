import type { ProviderContext } from '../types.js';

/**
 * A request counter (`tally.calls++` at every attempt, poll and page) that also tells the
 * context at once (`ctx.onRequest`), so the engine counts requests that were sent even
 * when the fetch then throws or times out.
 */
export function requestTally(ctx: Pick<ProviderContext, 'onRequest'>): { calls: number; cacheHits: number } {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    set calls(n: number) {
      for (let i = calls; i < n; i++) ctx.onRequest?.();
      calls = n;
    },
    cacheHits: 0,
  };
}
