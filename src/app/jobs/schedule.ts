/**
 * When jobs run: each job's cron expression in its own time zone (`schedules:` in the
 * configuration; a schedule without `timezone` uses the top-level one). Croner does the
 * calendar work (time zones, daylight saving, 6-field crons with seconds).
 */
import { Cron } from 'croner';
import type { FinopsConfig } from '../../config/index.js';
import type { JobDefinition } from './types.js';

/** A job's schedule as it applies, or null when the configuration turns the job off. */
export interface JobSchedule {
  cron: string;
  timezone: string;
}

export function jobSchedule(config: Pick<FinopsConfig, 'schedules' | 'timezone'>, job: Pick<JobDefinition, 'scheduleKey'>): JobSchedule | null {
  const s = config.schedules[job.scheduleKey];
  return s === null || s === undefined ? null : { cron: s.cron, timezone: s.timezone ?? config.timezone };
}

function pattern(schedule: JobSchedule): Cron {
  return new Cron(schedule.cron, { timezone: schedule.timezone, paused: true });
}

/** The latest time the schedule fires at or before `now`, or null if it never has. */
export function latestSlot(schedule: JobSchedule, now: Date): Date | null {
  const cron = pattern(schedule);
  try {
    return cron.previousRuns(1, new Date(now.getTime() + 1))[0] ?? null;
  } finally {
    cron.stop();
  }
}

/** The next time the schedule fires after `now`, or null if it never will. */
export function nextSlot(schedule: JobSchedule, now: Date): Date | null {
  const cron = pattern(schedule);
  try {
    return cron.nextRun(now);
  } finally {
    cron.stop();
  }
}

/**
 * The slot a run at `now` is for: the latest firing at or before `now`; for a job the
 * configuration turns off (it still runs by hand), `now` to the minute.
 */
export function slotAt(schedule: JobSchedule | null, now: Date): Date {
  const slot = schedule === null ? null : latestSlot(schedule, now);
  return slot ?? new Date(Math.floor(now.getTime() / 60_000) * 60_000);
}
