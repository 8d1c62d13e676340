/**
 * Every scheduled job, in the order `jobs run all` runs them. Adding a job is one line
 * here (its module exports a `JobDefinition`); a guard test checks each has a schedule.
 */
import { anomaliesJob } from './anomalies/anomalies-job.js';
import { budgetsJob } from './budgets/budgets-job.js';
import { digestJob } from './digest/digest-job.js';
import { idleGpuJob } from './idle-gpu/idle-gpu-job.js';
import type { JobDefinition } from './types.js';

export const JOBS: readonly JobDefinition[] = [
  digestJob,
  budgetsJob,
  anomaliesJob,
  idleGpuJob,
];

/** The job called `name`, or undefined. */
export function findJob(name: string, jobs: readonly JobDefinition[] = JOBS): JobDefinition | undefined {
  return jobs.find((j) => j.name === name);
}
