import { iso, isoAfter, jsonParam, toDate, toDateOrNull } from './sql-values.js';
import type { JobOutcome, JobRun, JobStatus, Json, SqlExecutor } from './types.js';

/**
 * Claims the slot (`job`, `scheduledFor`) for `owner` until `now + leaseMs`.
 * True when this caller now holds it: the slot was free, or its previous run's lease has
 * expired without finishing (a crashed replica) or it failed. A done slot is never claimed
 * again. One statement, so two replicas racing for the slot cannot both win.
 */
export async function claimJob(
  db: SqlExecutor,
  job: string,
  scheduledFor: Date,
  owner: string,
  leaseMs: number,
  now: Date,
): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO job_runs AS r (job, scheduled_for, claimed_by, lease_until, status, attempts, started_at)
     VALUES ($1, $2::timestamptz, $3, $4::timestamptz, 'running', 1, $5::timestamptz)
     ON CONFLICT (job, scheduled_for) DO UPDATE
       SET claimed_by = EXCLUDED.claimed_by, lease_until = EXCLUDED.lease_until, status = 'running',
           attempts = r.attempts + 1, started_at = EXCLUDED.started_at, finished_at = NULL, error = NULL
       WHERE r.status <> 'done' AND r.lease_until <= EXCLUDED.started_at
     RETURNING job`,
    [job, iso(scheduledFor), owner, isoAfter(now, leaseMs, 'The job lease'), iso(now)],
  );
  return result.rowCount === 1;
}

/** Extends `owner`'s lease on a running slot (a heartbeat for long jobs); false if lost. */
export async function extendJobLease(
  db: SqlExecutor,
  job: string,
  scheduledFor: Date,
  owner: string,
  leaseMs: number,
  now: Date,
): Promise<boolean> {
  const result = await db.query(
    `UPDATE job_runs SET lease_until = $4::timestamptz
     WHERE job = $1 AND scheduled_for = $2::timestamptz AND claimed_by = $3 AND status = 'running'`,
    [job, iso(scheduledFor), owner, isoAfter(now, leaseMs, 'The job lease')],
  );
  return result.rowCount === 1;
}

/**
 * Records how `owner`'s run ended. False when `owner` no longer holds the slot (its lease
 * expired and another replica claimed it): that replica's outcome counts, not this one.
 * A failed slot's lease ends now, so the next claim may retry it at once. `notes` is what
 * the run wants `jobs status` to show (days not judged yet…).
 */
export async function finishJob(
  db: SqlExecutor,
  job: string,
  scheduledFor: Date,
  owner: string,
  outcome: JobOutcome,
  now: Date,
  notes: Json | null = null,
): Promise<boolean> {
  const error = outcome.status === 'failed' ? outcome.error : null;
  const result = await db.query(
    `UPDATE job_runs
     SET status = $4::text, finished_at = $5::timestamptz, error = $6::text, notes = $7::jsonb,
         lease_until = CASE WHEN $4::text = 'failed' THEN $5::timestamptz ELSE lease_until END
     WHERE job = $1 AND scheduled_for = $2::timestamptz AND claimed_by = $3 AND status = 'running'`,
    [job, iso(scheduledFor), owner, outcome.status, iso(now), error, notes === null ? null : jsonParam(notes)],
  );
  return result.rowCount === 1;
}

/**
 * Hands `owner`'s lease on a running slot back (a replica shutting down mid-run): the
 * lease ends now, so another replica may claim the slot at once and finish it. False
 * when `owner` no longer held it.
 */
export async function releaseJobLease(db: SqlExecutor, job: string, scheduledFor: Date, owner: string, now: Date): Promise<boolean> {
  const result = await db.query(
    `UPDATE job_runs SET lease_until = $4::timestamptz, error = 'lease handed back (the replica stopped)'
     WHERE job = $1 AND scheduled_for = $2::timestamptz AND claimed_by = $3 AND status = 'running'`,
    [job, iso(scheduledFor), owner, iso(now)],
  );
  return result.rowCount === 1;
}

interface JobRunRow {
  job: string;
  scheduled_for: Date;
  claimed_by: string;
  lease_until: Date;
  status: JobStatus;
  attempts: number;
  started_at: Date;
  finished_at: Date | null;
  error: string | null;
  notes: Json | null;
}

const JOB_COLUMNS = 'job, scheduled_for, claimed_by, lease_until, status, attempts, started_at, finished_at, error, notes';

/** The run of one slot, or null if it was never claimed. */
export async function getJobRun(db: SqlExecutor, job: string, scheduledFor: Date): Promise<JobRun | null> {
  const result = await db.query<JobRunRow>(
    `SELECT ${JOB_COLUMNS} FROM job_runs WHERE job = $1 AND scheduled_for = $2::timestamptz`,
    [job, iso(scheduledFor)],
  );
  return result.rows[0] === undefined ? null : toJobRun(result.rows[0]);
}

/** The most recent slot of `job` ever claimed (the scheduler's catch-up starts after it). */
export async function latestJobRun(db: SqlExecutor, job: string): Promise<JobRun | null> {
  const result = await db.query<JobRunRow>(
    `SELECT ${JOB_COLUMNS} FROM job_runs WHERE job = $1 ORDER BY scheduled_for DESC LIMIT 1`,
    [job],
  );
  return result.rows[0] === undefined ? null : toJobRun(result.rows[0]);
}

function toJobRun(row: JobRunRow): JobRun {
  return {
    job: row.job,
    scheduledFor: toDate(row.scheduled_for),
    claimedBy: row.claimed_by,
    leaseUntil: toDate(row.lease_until),
    status: row.status,
    attempts: Number(row.attempts),
    startedAt: toDate(row.started_at),
    finishedAt: toDateOrNull(row.finished_at),
    error: row.error,
    notes: row.notes ?? null,
  };
}

/** The `limit` most recent slots of `job` (newest first). */
export async function listJobRuns(db: SqlExecutor, job: string, limit = 5): Promise<JobRun[]> {
  const result = await db.query<JobRunRow>(
    `SELECT ${JOB_COLUMNS} FROM job_runs WHERE job = $1 ORDER BY scheduled_for DESC LIMIT $2`,
    [job, Math.max(1, Math.min(1000, Math.trunc(limit)))],
  );
  return result.rows.map(toJobRun);
}
