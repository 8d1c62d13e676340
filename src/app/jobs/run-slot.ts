/**
 * One run of one job's slot — the one path the scheduler and `finops-bot jobs run` share:
 * claim the slot (`job_runs`) with a lease renewed while working; settle what earlier runs
 * left open; compose; deliver exactly once; record how it ended. A slot already done, or
 * being run elsewhere, posts nothing and says so.
 */
import { todayIn } from '../../core/dates.js';
import type { Json } from '../../store/index.js';
import { DEFAULT_LEASE_MS, deliverMessages, recoverOpenDeliveries } from './deliver.js';
import { LineBook } from './line-book.js';
import type { JobDefinition, RunDeps, RunReport, RunSummary } from './types.js';

export interface RunOptions {
  /** Print what would be posted; claim, record and post nothing. */
  dryRun?: boolean;
  /** Aborted when the process stops: the run stops before its next post and hands its lease back. */
  signal?: AbortSignal;
}

/** Thrown inside a run when it must stop (shutdown, or its lease went to another replica). */
class RunStopped extends Error {
  override readonly name = 'RunStopped';
}

function summaryOf(job: string, slot: string, claimed: boolean, reason?: string): RunSummary {
  return { job, slot, claimed, posted: 0, duplicate: 0, snoozed: 0, failed: 0, uncertain: 0, ...(reason !== undefined ? { reason } : {}) };
}

/** Runs `job` for `slot`; never throws for the job's own failure (the report says it). */
export async function runJobSlot(job: JobDefinition, slot: Date, deps: RunDeps, opts: RunOptions = {}): Promise<RunReport> {
  const slotText = slot.toISOString();
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const dryRun = opts.dryRun === true;
  const costs = deps.costsFor(slot);
  if (!dryRun) {
    const claimed = await deps.store.claimJob(job.name, slot, deps.owner, leaseMs, new Date(deps.clock()));
    if (!claimed) {
      const run = await deps.store.getJobRun(job.name, slot);
      const reason =
        run?.status === 'done'
          ? `already done (by ${run.claimedBy} at ${run.finishedAt?.toISOString() ?? '?'})`
          : `running elsewhere (claimed by ${run?.claimedBy ?? '?'} until ${run?.leaseUntil.toISOString() ?? '?'})`;
      return { lines: [], summary: summaryOf(job.name, slotText, false, reason), notes: [], providerCalls: 0 };
    }
  }

  const stop = new AbortController();
  const onStop = () => stop.abort(new RunStopped('the process is stopping'));
  opts.signal?.addEventListener('abort', onStop, { once: true });
  if (opts.signal?.aborted) onStop();
  let leaseLost = false;
  const heartbeat = dryRun
    ? undefined
    : setInterval(() => {
        deps.store.extendJobLease(job.name, slot, deps.owner, leaseMs, new Date(deps.clock())).then(
          (kept) => {
            if (!kept && !stop.signal.aborted) {
              leaseLost = true;
              stop.abort(new RunStopped('the lease went to another replica'));
            }
          },
          (err: unknown) => deps.logger.warn({ err, job: job.name }, 'could not renew the job lease'),
        );
      }, Math.max(250, Math.floor(leaseMs / 3)));
  heartbeat?.unref();

  const book = new LineBook(job.name, slotText);
  const notes: string[] = [];
  let error: string | undefined;
  try {
    if (!dryRun) await recoverOpenDeliveries(job.name, book, deps, stop.signal);
    throwIfStopped(stop.signal);
    const composed = await job.compose({
      job: job.name,
      slot,
      today: todayIn(slot.getTime(), deps.config.timezone),
      config: deps.config,
      costs,
      store: deps.store,
      gpu: deps.gpu ?? null,
      logger: deps.logger,
      signal: stop.signal,
    });
    notes.push(...composed.notes);
    throwIfStopped(stop.signal);
    notes.push(...(await deliverMessages(composed.messages, book, deps, { dryRun, job: job.name, slot }, stop.signal)));
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    if (!stop.signal.aborted) deps.logger.error({ err, job: job.name, slot: slotText }, 'job run failed');
  } finally {
    if (heartbeat) clearInterval(heartbeat);
    opts.signal?.removeEventListener('abort', onStop);
  }

  if (!dryRun && !leaseLost) {
    const now = new Date(deps.clock());
    if (stop.signal.aborted) await deps.store.releaseJobLease(job.name, slot, deps.owner, now);
    else if (error === undefined) await deps.store.finishJob(job.name, slot, deps.owner, { status: 'done' }, now, notes as Json);
    else await deps.store.finishJob(job.name, slot, deps.owner, { status: 'failed', error }, now, notes as Json);
  }
  if (stop.signal.aborted) error = `stopped: ${(stop.signal.reason as Error | undefined)?.message ?? 'aborted'}${leaseLost ? '' : ' (lease handed back)'}`;

  const lines = book.lines();
  const summary = summaryOf(job.name, slotText, !dryRun, dryRun ? 'dry run: nothing claimed, recorded or posted' : undefined);
  for (const l of lines) if (l.status !== 'dry-run') summary[l.status] += 1;
  return { lines, summary, notes, providerCalls: costs.providerCalls(), ...(error !== undefined ? { error } : {}) };
}

function throwIfStopped(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new RunStopped('stopped');
}
