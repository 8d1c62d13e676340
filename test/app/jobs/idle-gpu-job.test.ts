import { describe, expect, it } from 'vitest';
import { idleGpuJob } from '../../../src/app/jobs/idle-gpu/idle-gpu-job.js';
import { runJobSlot } from '../../../src/app/jobs/run-slot.js';
import { pgliteHarness, useFreshStore, useHarness } from '../../store/harness.js';
import { sampleDeps } from '../gpu/gpu-test-deps.js';
import { config, FakeNotifier, manualClock, runDeps } from './helpers.js';

const harness = pgliteHarness();
const CFG = config({
  teams: {
    recsys: { slack: { channel: 'C0RECSYS01' } },
    ops: { scope: 'all', default: true },
  },
});
const NOON = new Date('2026-11-26T12:00:00Z');
const HOUR = 3_600_000;

describe('the idle-gpu job: nudges through the ledger, Expected, and one follow-up in the thread', { timeout: 120_000 }, () => {
  useHarness(harness);
  const ctx = useFreshStore(harness);
  const gpu = sampleDeps('2026-11-26');

  it('nudges each ongoing episode once, routes teams without an entry to the default one, and follows up once 24 h later in the nudge’s thread', async () => {
    const slack = new FakeNotifier('slack');
    const consoleFeed = new FakeNotifier('console');
    const clock = manualClock('2026-11-26T12:00:01Z');
    const deps = { ...runDeps(ctx.store, CFG, [slack, consoleFeed], clock.now), gpu };

    const first = await runJobSlot(idleGpuJob, NOON, deps);
    expect(first.error).toBeUndefined();
    const recsys = first.lines.find((l) => l.team === 'recsys')!;
    expect(recsys).toMatchObject({ kind: 'idle-gpu', status: 'posted', targets: [{ platform: 'slack', channel: 'C0RECSYS01' }, { platform: 'console', channel: 'recsys' }] });
    // nlp's nudges: nlp has no entry here, so the default entry gets them.
    expect(first.lines.filter((l) => (l.facts as { team: string }).team === 'nlp').every((l) => l.team === 'ops')).toBe(true);
    expect(slack.posts.map((p) => p.channel)).toEqual(['C0RECSYS01']);

    // Half an hour later: nothing new. A day later: the same episode, a follow-up in the thread.
    clock.set('2026-11-26T12:30:01Z');
    const later = await runJobSlot(idleGpuJob, new Date(NOON.getTime() + HOUR / 2), deps);
    expect(later.lines.every((l) => l.status === 'duplicate')).toBe(true);
    clock.set('2026-11-27T12:00:01Z');
    const nextDay = await runJobSlot(idleGpuJob, new Date(NOON.getTime() + 24 * HOUR), deps);
    const follow = nextDay.lines.find((l) => l.key === `${recsys.key}:follow-up`)!;
    expect(follow).toMatchObject({ status: 'posted', team: 'recsys', text: expect.stringMatching(/^Still idle after \d+ h: 1 of 1 GPUs/) });
    expect(nextDay.lines.find((l) => l.key === recsys.key)!.status).toBe('duplicate');
    const threadOfNudge = slack.posts.find((p) => p.notice.key === recsys.key)!.ref;
    expect(slack.replies.map((r) => [r.ref, r.notice.key])).toEqual([[threadOfNudge, `${recsys.key}:follow-up`]]);
    expect(slack.posts.filter((p) => p.notice.key?.endsWith(':follow-up'))).toEqual([]);
    expect(consoleFeed.replies.some((r) => r.notice.key === `${recsys.key}:follow-up`)).toBe(true);

    // And only once.
    clock.set('2026-11-27T12:30:01Z');
    const after = await runJobSlot(idleGpuJob, new Date(NOON.getTime() + 24.5 * HOUR), deps);
    expect(after.lines.filter((l) => l.key.endsWith(':follow-up')).every((l) => l.status === 'duplicate')).toBe(true);
    expect(slack.replies.length).toBe(1);
  });

  it('says nothing about an episode marked Expected', async () => {
    const slack = new FakeNotifier('slack');
    const deps = { ...runDeps(ctx.store, CFG, [slack, new FakeNotifier('console')], manualClock('2026-11-26T12:00:01Z').now), gpu };
    const dry = await runJobSlot(idleGpuJob, NOON, deps, { dryRun: true });
    const key = dry.lines.find((l) => l.team === 'recsys')!.key;
    await ctx.store.snooze({ resource: key, until: new Date('2027-12-01T00:00:00Z'), by: 'U0ALICE', kind: 'expected' }, NOON);
    const run = await runJobSlot(idleGpuJob, NOON, deps);
    expect(run.lines.map((l) => l.key)).not.toContain(key);
    expect(run.notes).toContainEqual(expect.stringMatching(new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: marked expected by U0ALICE`)));
    expect(slack.posts).toEqual([]);
  });
});
