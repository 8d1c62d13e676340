import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { engineCostReader } from '../../app/jobs/cost-reader.js';
import { jobsStatus } from '../../app/jobs/jobs-status.js';
import { findJob, JOBS } from '../../app/jobs/registry.js';
import { runJobSlot } from '../../app/jobs/run-slot.js';
import { jobSchedule, slotAt } from '../../app/jobs/schedule.js';
import type { NotifierSet, RunDeps, RunReport } from '../../app/jobs/types.js';
import { createRuntime, loadRuntimeConfig } from '../../app/runtime.js';
import { standaloneSlackNotifier } from '../../chat/slack/cli-notifier.js';
import { readEnvironment, type FinopsConfig } from '../../config/index.js';
import { consoleNotifier } from '../../console/console-notifier.js';
import type { Logger } from 'pino';
import { createLogger } from '../../log.js';
import { openStore, storeOptionsFromEnv, type Store } from '../../store/index.js';
import { parseNow, UsageError, type Command, type CommandArgs, type CommandIO } from '../types.js';
import { renderRunReport, renderStatus } from './jobs-output.js';

const NAMES = [...JOBS.map((j) => j.name), 'all'];
const USAGE = `finops-bot jobs run <${NAMES.join('|')}> [--now ISO] [--dry-run] [--json] [--config FILE] [--data PATH]\nfinops-bot jobs status [--json] [--config FILE]`;

/**
 * The platforms `jobs` posts to from the command line: the console's channel feeds (in
 * the store, so the console and every replica see them) and Slack when `SLACK_BOT_TOKEN`
 * is set. Teams posts need the served bot's adapter: they are reported as not configured
 * here and left for `serve`, which posts them at its next run.
 */
async function cliNotifiers(store: Store, config: FinopsConfig | null, env: Record<string, string | undefined>, logger: Logger): Promise<NotifierSet> {
  const slack = config ? await standaloneSlackNotifier(readEnvironment(env), config.charts, logger) : null;
  return { console: consoleNotifier(store, () => Date.now()), ...(slack ? { slack } : {}) };
}

/**
 * `finops-bot jobs run <job|all>` runs the job's slot at `--now` (the latest time its cron
 * fires at or before it) through the scheduler's own claim-and-ledger path, so a second
 * run posts nothing; `--dry-run` claims, records and posts nothing. `jobs status` shows
 * the schedules, the last runs and anything undelivered or uncertain.
 */
export const jobsCommand: Command = async (args, io) => {
  const [sub, ...rest] = args.positionals;
  if (sub === 'run') return runJobs(rest, args, io);
  if (sub === 'status') {
    if (rest.length > 0) throw new UsageError(`jobs status takes no job name.\n${USAGE}`);
    return showStatus(args, io);
  }
  throw new UsageError(sub === undefined ? `Say what to do:\n${USAGE}` : `Unknown jobs command “${sub}”.\n${USAGE}`);
};

async function runJobs(rest: string[], { values }: CommandArgs, io: CommandIO): Promise<number> {
  const [which, ...extra] = rest;
  if (which === undefined || extra.length > 0 || !NAMES.includes(which)) {
    throw new UsageError(`${which === undefined ? 'Name a job' : `Unknown job “${[which, ...extra].join(' ')}”`}: one of ${NAMES.join(', ')}.\n${USAGE}`);
  }
  const jobs = which === 'all' ? JOBS : [findJob(which)!];
  const now = parseNow(values.now) ?? Date.now();
  const logger = createLogger({ level: io.env.LOG_LEVEL ?? 'warn' });
  const store = await openStore({ ...storeOptionsFromEnv(io.env), logger });
  try {
    const rt = await createRuntime({ configPath: values.config, dataPath: values.data, now, env: io.env, logger, store });
    try {
      const deps: RunDeps = {
        config: rt.config,
        costsFor: (slot) => engineCostReader(rt.engine, slot.getTime()),
        store,
        notifiers: await cliNotifiers(store, rt.config, io.env, logger),
        gpu: rt.gpu,
        logger,
        clock: () => Date.now(),
        owner: `cli:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
      };
      const reports: RunReport[] = [];
      for (const job of jobs) {
        const slot = slotAt(jobSchedule(rt.config, job), new Date(now));
        const report = await runJobSlot(job, slot, deps, { dryRun: values['dry-run'] === true });
        reports.push(report);
        if (values.json) {
          for (const l of report.lines) io.stdout(`${JSON.stringify(l)}\n`);
          io.stdout(`${JSON.stringify({ summary: report.summary })}\n`);
        } else io.stdout(renderRunReport(report));
        for (const n of report.notes) io.stderr(`${job.name}: ${n}\n`);
        if (report.error !== undefined) io.stderr(`${job.name}: the run failed: ${report.error}\n`);
      }
      return reports.some((r) => r.error !== undefined || r.summary.failed > 0) ? 1 : 0;
    } finally {
      await rt.close();
    }
  } finally {
    await store.close();
  }
}

async function showStatus({ values }: CommandArgs, io: CommandIO): Promise<number> {
  const logger = createLogger({ level: io.env.LOG_LEVEL ?? 'warn' });
  const rc = await loadRuntimeConfig({ configPath: values.config, env: io.env });
  const store = await openStore({ ...storeOptionsFromEnv(io.env), logger });
  try {
    const now = new Date(parseNow(values.now) ?? Date.now());
    const report = await jobsStatus({ config: rc.config, store, notifiers: await cliNotifiers(store, rc.config, io.env, logger), now });
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderStatus(report));
    return 0;
  } finally {
    await store.close();
  }
}
