import type { Logger } from 'pino';
import type { Notifiers } from '../app/conversation/types.js';
import { engineCostReader, type CostReader } from '../app/jobs/cost-reader.js';
import { findJob } from '../app/jobs/registry.js';
import { runJobSlot } from '../app/jobs/run-slot.js';
import { replicaName, startScheduler, type SchedulerDeps, type SchedulerHandle } from '../app/jobs/scheduler.js';
import type { RunDeps, RunReport } from '../app/jobs/types.js';
import type { Runtime } from '../app/runtime.js';
import type { Store } from '../store/index.js';

/** How `serve` runs the scheduler (tests shorten the lease and the sweep). */
export type JobsOptions = Partial<Pick<SchedulerDeps, 'owner' | 'leaseMs' | 'sweepMs' | 'catchUpMs' | 'postTimeoutMs' | 'onReport'>>;

/** The jobs as the bot wires them: the scheduler to start, and what the buttons use. */
export interface BotJobs {
  /** This replica's name in `job_runs` and the ledger. */
  owner: string;
  /** Starts the scheduler (null when it is off); call once the bot listens. */
  start(): SchedulerHandle | null;
  /** The cost data as of an instant, as the jobs read it (*Why?*). */
  costsAt(now: Date): CostReader;
  /** Runs a job now (the console's *Run now*): the slot is `now` to the minute, so only what no run posted yet goes out. */
  runNow(job: string, now: number): Promise<RunReport>;
}

/**
 * The scheduled jobs of one `serve` replica, on the bot's own notifiers (`notifiers` is
 * filled with every connected platform's before `start`), its store and its data. Slots
 * and leases follow the real clock; the data is read as of each slot.
 */
export function startJobs(opts: { runtime: Runtime; store: Store; notifiers: Notifiers; logger: Logger; options: false | JobsOptions }): BotJobs {
  const { runtime, store, notifiers } = opts;
  const logger = opts.logger.child({ part: 'jobs' });
  const owner = (opts.options !== false ? opts.options.owner : undefined) ?? replicaName();
  const costsAt = (at: Date) => engineCostReader(runtime.engine, at.getTime());
  const runDeps: RunDeps = { config: runtime.config, costsFor: costsAt, store, notifiers, gpu: runtime.gpu, logger, clock: () => Date.now(), owner };
  return {
    owner,
    start() {
      if (opts.options === false) {
        logger.info('the scheduler is off: jobs run by hand (the console’s Run now, finops-bot jobs run)');
        return null;
      }
      const handle = startScheduler({ ...runDeps, ...opts.options, owner });
      logger.info({ owner, jobs: handle.next().map((n) => ({ job: n.job, cron: n.schedule.cron, timezone: n.schedule.timezone, next: n.next?.toISOString() ?? null })) }, 'scheduler started');
      return handle;
    },
    costsAt,
    async runNow(name, now) {
      const job = findJob(name);
      if (!job) throw new RangeError(`no job ${name}`);
      return runJobSlot(job, new Date(Math.floor(now / 60_000) * 60_000), runDeps);
    },
  };
}
