import { afterEach, describe, expect, it } from 'vitest';
import { startScheduler, type SchedulerHandle } from '../../../src/app/jobs/scheduler.js';
import { latestSlot, nextSlot, slotAt } from '../../../src/app/jobs/schedule.js';
import type { JobDefinition, RunReport } from '../../../src/app/jobs/types.js';
import { pgliteHarness, useFreshStore, useHarness } from '../../store/harness.js';
import { alertMessage, config, FakeNotifier, runDeps, staticJob } from './helpers.js';

const harness = pgliteHarness();

describe('job schedules', () => {
  it('finds the latest firing at or before a time, in the schedule’s own zone', () => {
    const weekdays9 = { cron: '0 9 * * 1-5', timezone: 'Europe/London' };
    expect(latestSlot(weekdays9, new Date('2026-11-26T09:00:00Z'))).toEqual(new Date('2026-11-26T09:00:00Z'));
    expect(latestSlot(weekdays9, new Date('2026-11-26T08:59:59Z'))).toEqual(new Date('2026-11-25T09:00:00Z'));
    // Saturday: Friday's slot. In July London is UTC+1.
    expect(latestSlot(weekdays9, new Date('2026-11-28T12:00:00Z'))).toEqual(new Date('2026-11-27T09:00:00Z'));
    expect(latestSlot(weekdays9, new Date('2026-07-15T12:00:00Z'))).toEqual(new Date('2026-07-15T08:00:00Z'));
    expect(nextSlot({ cron: '*/5 * * * * *', timezone: 'UTC' }, new Date('2026-11-26T09:00:07Z'))).toEqual(new Date('2026-11-26T09:00:10Z'));
    // A job turned off runs by hand for the minute it is asked.
    expect(slotAt(null, new Date('2026-11-26T09:12:34Z'))).toEqual(new Date('2026-11-26T09:12:00Z'));
  });
});

describe('the scheduler', { timeout: 60_000 }, () => {
  useHarness(harness);
  const ctx = useFreshStore(harness);
  let handle: SchedulerHandle | undefined;
  afterEach(async () => {
    await handle?.stop({ graceMs: 0 });
    handle = undefined;
  });

  const cfg = (cron: string) => config({ teams: { nlp: {} }, schedules: { budgets: { cron }, digest: false, anomalies: false, idleGpu: false } });

  it('runs each slot of a seconds-level schedule once, on the latest slot only', async () => {
    const console = new FakeNotifier('console');
    const reports: RunReport[] = [];
    let runs = 0;
    const job = staticJob('budgets', () => [alertMessage(`budget:x:${++runs}`, 'nlp')]);
    handle = startScheduler({ ...runDeps(ctx.store, cfg('* * * * * *'), [console], () => Date.now()), jobs: [job], onReport: (r) => reports.push(r), sweepMs: 200 });

    await waitFor(() => reports.filter((r) => r.summary.claimed).length >= 3);
    await handle.stop();

    const slots = reports.filter((r) => r.summary.claimed).map((r) => r.summary.slot);
    expect(new Set(slots).size).toBe(slots.length);
    expect(console.posts.length).toBe(slots.length);
    const stored = await ctx.store.listJobRuns('budgets', 100);
    expect(stored.every((r) => r.status === 'done')).toBe(true);
  });

  it('catches up only the latest missed slot after downtime, and takes over a slot whose replica died', async () => {
    // Not across a minute boundary: the latest slot must stay the same while the test runs.
    if (60_000 - (Date.now() % 60_000) < 8_000) await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 100));
    const clockStart = Date.now();
    const cron = '0 * * * * *'; // every minute
    const latest = latestSlot({ cron, timezone: 'UTC' }, new Date(clockStart))!;
    // A replica died running the latest slot: its lease has expired.
    await ctx.store.claimJob('budgets', latest, 'dead-replica', 1_000, new Date(clockStart - 10_000));
    const reports: RunReport[] = [];
    const job: JobDefinition = staticJob('budgets', () => [alertMessage('budget:x:1', 'nlp')]);
    handle = startScheduler({ ...runDeps(ctx.store, cfg(cron), [new FakeNotifier('console')], () => Date.now()), jobs: [job], onReport: (r) => reports.push(r), sweepMs: 100 });

    await waitFor(() => reports.length >= 1);

    expect(reports[0]!.summary).toMatchObject({ slot: latest.toISOString(), claimed: true, posted: 1 });
    expect(await ctx.store.getJobRun('budgets', latest)).toMatchObject({ status: 'done', attempts: 2, claimedBy: handle.owner });
    expect((await ctx.store.listJobRuns('budgets', 10)).map((r) => r.scheduledFor)).toEqual([latest]);
  });

  it('stops: waits for the running slot, or hands its lease back after the grace period', async () => {
    let release: () => void = () => undefined;
    const started: string[] = [];
    const slow: JobDefinition = {
      ...staticJob('budgets', () => []),
      compose: async (c) => {
        started.push(c.slot.toISOString());
        await new Promise<void>((resolve) => (release = resolve));
        return { messages: [alertMessage('budget:slow', 'nlp')], notes: [] };
      },
    };
    const console = new FakeNotifier('console');
    handle = startScheduler({ ...runDeps(ctx.store, cfg('* * * * * *'), [console], () => Date.now()), jobs: [slow], sweepMs: 100 });
    await waitFor(() => started.length === 1);

    const stopping = handle.stop({ graceMs: 300 });
    setTimeout(() => release(), 600);
    await stopping;
    handle = undefined;

    const run = await ctx.store.getJobRun('budgets', new Date(started[0]!));
    expect(run).toMatchObject({ status: 'running', error: 'lease handed back (the replica stopped)' });
    expect(run!.leaseUntil.getTime()).toBeLessThanOrEqual(Date.now());
    expect(console.posts).toEqual([]);
  });

  it('lists each scheduled job with its next firing', () => {
    handle = startScheduler({ ...runDeps(ctx.store, cfg('0 9 * * 1-5'), [], () => Date.parse('2026-11-26T10:00:00Z')), jobs: [staticJob('budgets', () => [])], sweepMs: 60_000 });
    expect(handle.next()).toEqual([{ job: 'budgets', schedule: { cron: '0 9 * * 1-5', timezone: 'UTC' }, next: new Date('2026-11-27T09:00:00Z') }]);
  });
});

async function waitFor(done: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the scheduler');
    await new Promise((r) => setTimeout(r, 50));
  }
}
