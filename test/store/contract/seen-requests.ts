import { describe, expect, it } from 'vitest';
import { useFreshStore, type DriverHarness } from '../harness.js';

const T0 = new Date('2026-11-26T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const WINDOW = 10 * 60_000;

export function seenRequestsContract(harness: DriverHarness): void {
  describe('seen requests (migration 0008)', () => {
    const ctx = useFreshStore(harness);

    it('says true for the first sighting of a key and false for every repeat within the window', async () => {
      expect(await ctx.store.firstSighting('slack:event:Ev01', WINDOW, T0)).toBe(true);
      expect(await ctx.store.firstSighting('slack:event:Ev01', WINDOW, at(1000))).toBe(false);
      expect(await ctx.store.firstSighting('slack:event:Ev01', WINDOW, at(WINDOW - 1))).toBe(false);
      expect(await ctx.store.firstSighting('slack:event:Ev02', WINDOW, at(1000))).toBe(true);
    });

    it('sees a key again once its window has passed, and purges what expired', async () => {
      expect(await ctx.store.firstSighting('k', WINDOW, T0)).toBe(true);
      expect(await ctx.store.firstSighting('k', WINDOW, at(WINDOW))).toBe(true);
      expect(await ctx.store.firstSighting('k', WINDOW, at(WINDOW + 1))).toBe(false);
      expect(await ctx.store.firstSighting('other', WINDOW, T0)).toBe(true);
      expect(await ctx.store.purgeSightings(at(WINDOW + 1))).toBe(1);
      expect(await ctx.store.firstSighting('other', WINDOW, at(WINDOW + 2))).toBe(true);
    });

    it('gives exactly one true to concurrent sightings of one key', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => ctx.store.firstSighting('race', WINDOW, T0)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
}
