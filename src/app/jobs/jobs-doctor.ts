/**
 * What `finops-bot doctor` says about the scheduled jobs: each job's schedule (a valid
 * cron in a valid zone, and when it fires next), and where each `teams:` entry's messages
 * go — every channel on a platform this deployment is connected to, Teams conversations
 * the bot has a reference for, and an entry for costs no team owns. Never throws.
 */
import { Cron } from 'croner';
import type { Environment, FinopsConfig } from '../../config/index.js';
import type { DoctorCheck } from '../../providers/types.js';
import type { Store } from '../../store/index.js';
import { JOBS } from './registry.js';
import { entryTargets, teamEntries, teamsChannelProblems } from './routing.js';
import { jobSchedule } from './schedule.js';

export async function jobsDoctor(opts: {
  config: FinopsConfig;
  env: Environment;
  now: number;
  /** The store, for the Teams conversation references; null when it could not be opened (then said). */
  store: Pick<Store, 'getConversationRef'> | null;
  storeProblem?: string;
}): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const job of JOBS) {
    const s = jobSchedule(opts.config, job);
    if (s === null) {
      checks.push({ name: `schedule ${job.name}`, ok: true, detail: `off (schedules.${job.scheduleKey}: false): runs only by hand` });
      continue;
    }
    try {
      const cron = new Cron(s.cron, { timezone: s.timezone, paused: true });
      const next = cron.nextRun(new Date(opts.now));
      cron.stop();
      checks.push(next === null
        ? { name: `schedule ${job.name}`, ok: false, detail: `“${s.cron}” (${s.timezone}) never fires again`, fix: `Set schedules.${job.scheduleKey}.cron to a schedule that fires, e.g. "0 9 * * 1-5".` }
        : { name: `schedule ${job.name}`, ok: true, detail: `“${s.cron}” (${s.timezone}), next ${next.toISOString()}` });
    } catch (err) {
      checks.push({ name: `schedule ${job.name}`, ok: false, detail: `“${s.cron}” (${s.timezone}): ${err instanceof Error ? err.message : String(err)}`, fix: `Fix schedules.${job.scheduleKey}: a 5- or 6-field cron and an IANA zone.` });
    }
  }

  const entries = teamEntries(opts.config);
  const slackOn = opts.env.slack.botToken !== null;
  const teamsOn = opts.env.teams.appId !== null || opts.env.teams.emulator;
  for (const e of entries) {
    const targets = entryTargets(opts.config, e.name);
    const problems: string[] = [];
    const fixes: string[] = [];
    if (e.slackChannel !== null && !slackOn) {
      problems.push(`Slack channel ${e.slackChannel}, but Slack is not connected`);
      fixes.push('set SLACK_BOT_TOKEN (with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN)');
    }
    if (e.teamsConversation !== null && !teamsOn) {
      problems.push(`Teams conversation ${e.teamsConversation}, but Teams is not connected`);
      fixes.push('set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD');
    }
    const where = targets.map((t) => `${t.platform} ${t.channel}`).join(', ');
    checks.push(problems.length
      ? { name: `channels ${e.name}`, ok: false, detail: `${problems.join('; ')}: those posts wait, and jobs status lists them`, fix: `${fixes.join('; ')}, or remove the channel from teams.${e.name}.` }
      : { name: `channels ${e.name}`, ok: true, detail: `${e.scope === null ? 'the whole organisation' : e.scope} → ${where}${e.isDefault ? ' (default: gets what no team owns)' : ''}` });
  }
  if (entries.some((e) => e.teamsConversation !== null)) {
    if (opts.store === null) {
      checks.push({ name: 'teams conversations', ok: false, detail: `could not read the stored conversation references: ${opts.storeProblem ?? 'no store'}`, fix: 'Run the doctor where the bot’s store is reachable (DATABASE_URL), or stop the bot when it uses the embedded one.' });
    } else {
      for (const p of await teamsChannelProblems(opts.config, opts.store)) checks.push({ name: `teams conversation ${p.team}`, ok: false, detail: p.channel, fix: p.problem });
    }
  }
  if (entries.length === 0) {
    checks.push({ name: 'routing', ok: true, detail: 'no teams: entries: each team in the data gets its digest and alerts on its console channel' });
  } else if (!entries.some((e) => e.isDefault)) {
    checks.push({ name: 'routing', ok: true, detail: 'no entry is default: true: alerts about costs no team owns go to the console channel named after their team' });
  }
  return checks;
}
