/**
 * `finops-bot jobs status`: each job's schedule, next fire time and last runs (with what
 * they left to say: days not judged yet…), everything undelivered or uncertain, what is
 * snoozed, and every configured channel the bot cannot post to. Reads the configuration
 * and the store only (never the cost data), so it answers in a moment.
 */
import type { FinopsConfig } from '../../config/index.js';
import type { Delivery, Json, Store } from '../../store/index.js';
import { JOBS } from './registry.js';
import { entryTargets, splitByNotifier, teamEntries, teamsChannelProblems } from './routing.js';
import { jobSchedule, nextSlot } from './schedule.js';
import type { JobDefinition, NotifierSet } from './types.js';

export interface JobStatus {
  job: string;
  description: string;
  schedule: { cron: string; timezone: string } | null;
  next: string | null;
  lastRuns: { slot: string; status: string; claimedBy: string; attempts: number; startedAt: string; finishedAt: string | null; leaseUntil: string; error: string | null; notes: Json | null }[];
}

export interface DeliveryStatusLine {
  key: string;
  job: string;
  slot: string;
  platform: string;
  channel: string;
  status: string;
  attempts: number;
  createdAt: string;
  error: string | null;
}

export interface ChannelStatus {
  team: string;
  platform: string;
  channel: string;
  ready: boolean;
  problem?: string;
}

export interface JobsStatusReport {
  jobs: JobStatus[];
  /** Failed (retried by later runs within a day) or still claimed. */
  undelivered: DeliveryStatusLine[];
  /** Claimed by a run that died, on a platform that cannot tell whether it went out: never re-posted. */
  uncertain: DeliveryStatusLine[];
  snoozed: { scope: string; until: string; by: string }[];
  channels: ChannelStatus[];
}

function line(d: Delivery): DeliveryStatusLine {
  return { key: d.ledgerKey, job: d.job, slot: d.slot.toISOString(), platform: d.platform, channel: d.channel, status: d.status, attempts: d.attempts, createdAt: d.createdAt.toISOString(), error: d.error };
}

export async function jobsStatus(opts: {
  config: FinopsConfig;
  store: Pick<Store, 'listJobRuns' | 'listDeliveries' | 'listSnoozes' | 'getConversationRef'>;
  notifiers: NotifierSet;
  now: Date;
  jobs?: readonly JobDefinition[];
  runs?: number;
}): Promise<JobsStatusReport> {
  const jobs: JobStatus[] = [];
  for (const job of opts.jobs ?? JOBS) {
    const schedule = jobSchedule(opts.config, job);
    const runs = await opts.store.listJobRuns(job.name, opts.runs ?? 3);
    jobs.push({
      job: job.name,
      description: job.description,
      schedule,
      next: schedule === null ? null : (nextSlot(schedule, opts.now)?.toISOString() ?? null),
      lastRuns: runs.map((r) => ({
        slot: r.scheduledFor.toISOString(),
        status: r.status === 'running' && r.leaseUntil <= opts.now ? 'running (lease expired: another replica takes it over)' : r.status,
        claimedBy: r.claimedBy,
        attempts: r.attempts,
        startedAt: r.startedAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
        leaseUntil: r.leaseUntil.toISOString(),
        error: r.error,
        notes: r.notes,
      })),
    });
  }
  const undelivered = (await opts.store.listDeliveries({ statuses: ['failed', 'claimed'], limit: 200 })).map(line);
  const uncertain = (await opts.store.listDeliveries({ statuses: ['uncertain'], limit: 200 })).map(line);
  const snoozed = (await opts.store.listSnoozes(opts.now)).filter((s) => s.kind === 'snooze').map((s) => ({ scope: s.resource, until: s.until.toISOString(), by: s.by }));
  const problems = await teamsChannelProblems(opts.config, opts.store);
  const channels: ChannelStatus[] = [];
  for (const entry of teamEntries(opts.config)) {
    const { ready, notConfigured } = splitByNotifier(entryTargets(opts.config, entry.name), opts.notifiers);
    for (const t of ready) {
      const p = problems.find((x) => x.team === entry.name && x.platform === t.platform && x.channel === t.channel);
      channels.push({ team: entry.name, platform: t.platform, channel: t.channel, ready: p === undefined, ...(p ? { problem: p.problem } : {}) });
    }
    for (const t of notConfigured) {
      const p = problems.find((x) => x.team === entry.name && x.platform === t.platform && x.channel === t.channel);
      channels.push({ team: entry.name, platform: t.platform, channel: t.channel, ready: false, problem: `no ${t.platform} notifier in this process (not configured)${p ? `; ${p.problem}` : ''}` });
    }
  }
  return { jobs, undelivered, uncertain, snoozed, channels };
}
