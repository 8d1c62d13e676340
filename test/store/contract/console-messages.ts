import { describe, expect, it } from 'vitest';
import type { Json } from '../../../src/store/types.js';
import { useFreshStore, type DriverHarness } from '../harness.js';

const T0 = new Date('2026-11-26T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const notice = (title: string): Json => ({ kind: 'digest', title, text: `${title} (text)`, facts: [{ label: 'spent', value: '1,234.56 USD' }] });

export function consoleMessagesContract(harness: DriverHarness): void {
  describe('console channel feeds', () => {
    const ctx = useFreshStore(harness);

    it('posts, reads back, updates and lists a channel oldest first with the replies of its threads', async () => {
      const first = await ctx.store.postConsoleMessage({ channel: 'team-nlp', notice: notice('Daily digest'), key: 'digest:nlp:2026-11-25' }, T0);
      const second = await ctx.store.postConsoleMessage({ channel: 'team-nlp', notice: notice('Budget alert') }, at(1000));
      await ctx.store.postConsoleMessage({ channel: 'team-vision', notice: notice('Other team') }, at(1500));
      const reply = await ctx.store.postConsoleMessage({ channel: 'team-nlp', notice: notice('Why?'), threadOf: first!.id }, at(2000));

      expect(first).toEqual({ id: expect.stringMatching(/^\d+$/), channel: 'team-nlp', threadOf: null, notice: notice('Daily digest'), key: 'digest:nlp:2026-11-25', postedAt: T0, updatedAt: T0 });
      expect(reply).toMatchObject({ threadOf: first!.id, key: null });
      expect(await ctx.store.updateConsoleMessage(second!.id, notice('Budget alert — approved'), at(3000))).toBe(true);

      const feed = await ctx.store.listConsoleMessages('team-nlp');
      expect(feed.map((m) => [(m.notice as { title: string }).title, m.threadOf])).toEqual([
        ['Daily digest', null],
        ['Budget alert — approved', null],
        ['Why?', first!.id],
      ]);
      expect(feed[1]).toMatchObject({ postedAt: at(1000), updatedAt: at(3000) });
      expect(await ctx.store.getConsoleMessage(reply!.id)).toEqual(feed[2]);
    });

    it('keeps a thread one level deep: a reply to a reply joins the same thread', async () => {
      const top = await ctx.store.postConsoleMessage({ channel: 'team-nlp', notice: notice('Spike') }, T0);
      const r1 = await ctx.store.postConsoleMessage({ channel: 'team-nlp', notice: notice('r1'), threadOf: top!.id }, at(1));
      const r2 = await ctx.store.postConsoleMessage({ channel: 'team-nlp', notice: notice('r2'), threadOf: r1!.id }, at(2));

      expect(r2!.threadOf).toBe(top!.id);
    });

    it('refuses a thread in another channel, an unknown or a malformed message id', async () => {
      const top = await ctx.store.postConsoleMessage({ channel: 'team-nlp', notice: notice('Spike') }, T0);

      expect(await ctx.store.postConsoleMessage({ channel: 'team-vision', notice: notice('x'), threadOf: top!.id }, at(1))).toBeNull();
      expect(await ctx.store.postConsoleMessage({ channel: 'team-nlp', notice: notice('x'), threadOf: '999999' }, at(1))).toBeNull();
      expect(await ctx.store.postConsoleMessage({ channel: 'team-nlp', notice: notice('x'), threadOf: "1; DROP TABLE console_messages" }, at(1))).toBeNull();
      expect(await ctx.store.updateConsoleMessage('not-an-id', notice('x'), at(1))).toBe(false);
      expect(await ctx.store.updateConsoleMessage('999999', notice('x'), at(1))).toBe(false);
      expect(await ctx.store.getConsoleMessage('-1')).toBeNull();
      expect(await ctx.store.listConsoleMessages('team-nlp')).toHaveLength(1);
    });

    it('lists only the latest top-level messages when asked for fewer', async () => {
      for (let i = 0; i < 5; i++) await ctx.store.postConsoleMessage({ channel: 'ask', notice: notice(`n${i}`) }, at(i));

      const latest = await ctx.store.listConsoleMessages('ask', 2);

      expect(latest.map((m) => (m.notice as { title: string }).title)).toEqual(['n3', 'n4']);
    });

    it('finds a message by its ledger key posted since a time, and nothing before it or elsewhere', async () => {
      const posted = await ctx.store.postConsoleMessage({ channel: 'team-nlp', notice: notice('Budget 80%'), key: 'budget:nlp:2026-11-01:80' }, at(5000));

      expect(await ctx.store.findConsoleMessage('team-nlp', 'budget:nlp:2026-11-01:80', T0)).toEqual(posted);
      expect(await ctx.store.findConsoleMessage('team-nlp', 'budget:nlp:2026-11-01:80', at(6000))).toBeNull();
      expect(await ctx.store.findConsoleMessage('team-vision', 'budget:nlp:2026-11-01:80', T0)).toBeNull();
      expect(await ctx.store.findConsoleMessage('team-nlp', 'budget:nlp:2026-11-01:100', T0)).toBeNull();
    });
  });
}
