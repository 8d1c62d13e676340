/**
 * The scheduler every replica runs (`serve`): each job on its own cron and time zone.
 * When a job's slot comes — or a sweep finds the latest slot not done (missed while the
 * bot was down, or left by a replica that died: its lease expired) — it runs the slot
 * through `runJobSlot`, which claims it first, so of all replicas exactly one runs it.
 * After downtime only the latest missed slot of each job runs. `stop()` starts no new
 * run and lets the current one finish, or, past the grace period, stops it before its
 * next post and hands its lease back.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Cron } from 'croner';
import { DEFAULT_LEASE_MS } from './deliver.js';
import { JOBS } from './registry.js';
import { runJobSlot } from './run-slot.js';
import { jobSchedule, latestSlot, nextSlot, type JobSchedule } from './schedule.js';
import type { JobDefinition, RunDeps, RunReport } from './types.js';

export interface SchedulerDeps extends Omit<RunDeps, 'owner'> {
  /** This replica's name in the store; default `<host>:<pid>:<random>`. */
  owner?: string;
  jobs?: readonly JobDefinition[];
  /** How often every replica looks for a due slot (default: a third of the lease, at most 20 s). */
  sweepMs?: number;
  /** A missed slot older than this is skipped (default 24 h). */
  catchUpMs?: number;
  /** A slot whose run failed is retried until it has been attempted this often (default 3). */
  maxAttempts?: number;
  /** Called with each run's report (logs, tests). */
  onReport?: (report: RunReport) => void;
}

export interface SchedulerHandle {
  readonly owner: string;
  /** Each scheduled job and when it next fires. */
  next(): { job: string; schedule: JobSchedule; next: Date | null }[];
  /** Stops: no new runs; waits up to `graceMs` (default 10 s) for the current ones, then stops them before their next post. */
  stop(opts?: { graceMs?: number }): Promise<void>;
}

/** A replica's default name: enough to find the process in `jobs status`. */
export function replicaName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export function startScheduler(deps: SchedulerDeps): SchedulerHandle {
  const owner = deps.owner ?? replicaName();
  const runDeps: RunDeps = { ...deps, owner };
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const catchUpMs = deps.catchUpMs ?? 24 * 3_600_000;
  const maxAttempts = deps.maxAttempts ?? 3;
  const stopping = new AbortController();
  let closed = false;
  const busy = new Map<string, Promise<void>>();
  const scheduled = (deps.jobs ?? JOBS)
    .map((job) => ({ job, schedule: jobSchedule(deps.config, job) }))
    .filter((s): s is { job: JobDefinition; schedule: JobSchedule } => s.schedule !== null);

  const consider = (job: JobDefinition, schedule: JobSchedule): void => {
    if (closed || busy.has(job.name)) return;
    const work = (async () => {
      const now = new Date(deps.clock());
      const slot = latestSlot(schedule, now);
      if (slot === null || now.getTime() - slot.getTime() > catchUpMs) return;
      const run = await deps.store.getJobRun(job.name, slot);
      const due =
        run === null ||
        (run.status === 'running' && run.leaseUntil <= now) ||
        (run.status === 'failed' && run.attempts < maxAttempts);
      if (!due || closed) return;
      const report = await runJobSlot(job, slot, runDeps, { signal: stopping.signal });
      if (report.summary.claimed) {
        deps.logger.info({ ...report.summary, error: report.error, notes: report.notes }, 'job run finished');
      }
      deps.onReport?.(report);
    })().catch((err: unknown) => deps.logger.warn({ err, job: job.name }, 'the scheduler could not run a job slot; the next sweep tries again'));
    busy.set(job.name, work);
    void work.finally(() => busy.delete(job.name));
  };

  const crons = scheduled.map(({ job, schedule }) => new Cron(schedule.cron, { timezone: schedule.timezone, catch: true }, () => consider(job, schedule)));
  const sweep = () => scheduled.forEach(({ job, schedule }) => consider(job, schedule));
  const sweepTimer = setInterval(sweep, deps.sweepMs ?? Math.min(20_000, Math.max(500, Math.floor(leaseMs / 3))));
  // Catch up at start: the latest slot each job missed while no replica ran.
  const startTimer = setTimeout(sweep, 0);

  return {
    owner,
    next: () => scheduled.map(({ job, schedule }) => ({ job: job.name, schedule, next: nextSlot(schedule, new Date(deps.clock())) })),
    async stop(opts = {}) {
      closed = true;
      clearTimeout(startTimer);
      clearInterval(sweepTimer);
      for (const c of crons) c.stop();
      const running = () => Promise.all([...busy.values()]);
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), opts.graceMs ?? 10_000);
      });
      const outcome = await Promise.race([running().then(() => 'done' as const), grace]);
      clearTimeout(timer);
      stopping.abort();
      if (outcome === 'late') await running();
    },
  };
}
