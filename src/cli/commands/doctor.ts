import type { Logger } from 'pino';
import { gpuDoctor, type GpuDoctorReport } from '../../app/gpu/gpu-doctor.js';
import { jobsDoctor } from '../../app/jobs/jobs-doctor.js';
import { runDoctor, type DoctorReport } from '../../app/run-doctor.js';
import { createRuntime } from '../../app/runtime.js';
import type { RuntimeConfig } from '../../app/runtime-config.js';
import { loadRuntimeConfig } from '../../app/runtime-config.js';
import { readEnvironment } from '../../config/index.js';
import type { DoctorCheck } from '../../providers/types.js';
import { createLogger } from '../../log.js';
import { openStore, storeOptionsFromEnv } from '../../store/index.js';
import { parseNow, type Command } from '../types.js';

/** The whole report: the providers, then the scheduled jobs and the GPU metric sources. */
export interface FullDoctorReport extends DoctorReport {
  jobs: { checks: DoctorCheck[] };
  gpu: GpuDoctorReport;
}

function checkLines(checks: DoctorCheck[]): string[] {
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${c.detail}`);
    if (!c.ok && c.fix) lines.push(`        fix: ${c.fix}`);
  }
  return lines;
}

/** The jobs' checks; the store is opened only for Teams conversation references. */
async function jobsChecks(rc: RuntimeConfig, env: Record<string, string | undefined>, now: number, logger: Logger): Promise<DoctorCheck[]> {
  const environment = readEnvironment(env);
  const needsStore = Object.values(rc.config.teams).some((t) => t.teams?.conversation);
  if (!needsStore) return jobsDoctor({ config: rc.config, env: environment, now, store: null });
  let store;
  try {
    store = await openStore({ ...storeOptionsFromEnv(env), logger });
  } catch (err) {
    return jobsDoctor({ config: rc.config, env: environment, now, store: null, storeProblem: err instanceof Error ? err.message : String(err) });
  }
  try {
    return await jobsDoctor({ config: rc.config, env: environment, now, store });
  } finally {
    await store.close();
  }
}

/**
 * The GPU metric sources' own checks and whether utilisation meets billing over the last
 * day. That join needs the cost data, so the data is loaded only when `gpu.metrics` is
 * configured; the bundled sample's utilisation needs no check.
 */
async function gpuChecks(rc: RuntimeConfig, opts: { configPath?: string; dataPath?: string; env: Record<string, string | undefined>; now: number; logger: Logger }): Promise<GpuDoctorReport> {
  if (rc.config.gpu.metrics.length === 0) {
    const detail = rc.sample ? 'the bundled sample’s utilisation (nothing to check)' : 'none configured: idle GPUs, right-sizing and per-token costs are not available';
    return { sources: [], coverage: [{ name: 'metric sources', ok: true, detail, ...(rc.sample ? {} : { fix: 'Add gpu.metrics (prometheus, cloudwatch or file) to the configuration.' }) }], ok: true };
  }
  const rt = await createRuntime({ configPath: opts.configPath, dataPath: opts.dataPath, now: opts.now, env: opts.env, logger: opts.logger, store: null });
  try {
    return await gpuDoctor(rt.gpu, opts.now);
  } finally {
    await rt.close();
  }
}

/** The readable report: one block per provider, each check with what to do when it failed. */
function renderReport(report: FullDoctorReport, source: string | null): string {
  const lines = [`Configuration: ${source ?? '(none found: built-in defaults)'}`, ''];
  for (const p of report.providers) {
    lines.push(`${p.id} (${p.type})`);
    // Some providers prefix their checks with their id; the heading already says it.
    const label = (name: string) => (name.startsWith(`${p.id}: `) ? name.slice(p.id.length + 2) : name);
    for (const c of p.checks) {
      lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'}  ${label(c.name)}: ${c.detail}`);
      if (!c.ok && c.fix) lines.push(`        fix: ${c.fix}`);
    }
    lines.push('');
  }
  lines.push('scheduled jobs', ...checkLines(report.jobs.checks), '');
  for (const s of report.gpu.sources) lines.push(`GPU metrics ${s.id} (${s.type})`, ...checkLines(s.checks), '');
  lines.push('GPU utilisation against billing', ...checkLines(report.gpu.coverage), '');
  const failing = report.providers.filter((p) => p.checks.some((c) => !c.ok)).map((p) => p.id);
  const n = report.providers.length;
  lines.push(
    failing.length === 0
      ? (n === 1 ? 'The provider is ok.' : `All ${n} providers are ok.`)
      : `${failing.length} of ${n} provider${n === 1 ? '' : 's'} need${failing.length === 1 ? 's' : ''} fixing: ${failing.join(', ')}.`,
  );
  if (!report.jobs.checks.every((c) => c.ok)) lines.push('The scheduled jobs need fixing (see above).');
  if (!report.gpu.ok) lines.push('The GPU metric sources need fixing (see above).');
  return `${lines.join('\n')}\n`;
}

/**
 * `finops-bot doctor`: checks each configured provider (files, credentials, permissions,
 * a tiny query) and says what to fix. Exit 0 when all is well, 1 when something needs
 * fixing, 2 when the configuration itself is rejected (thrown as ConfigError).
 */
export const doctorCommand: Command = async ({ values }, io) => {
  const now = parseNow(values.now) ?? Date.now();
  const logger = createLogger({ level: io.env.LOG_LEVEL ?? 'warn' });
  const rc = await loadRuntimeConfig({ configPath: values.config, dataPath: values.data, env: io.env });
  const providers = await runDoctor(rc, { logger, now, cwd: process.cwd() });
  const jobs = { checks: await jobsChecks(rc, io.env, now, logger) };
  const gpu = await gpuChecks(rc, { configPath: values.config, dataPath: values.data, env: io.env, now, logger });
  const report: FullDoctorReport = { ...providers, jobs, gpu, ok: providers.ok && jobs.checks.every((c) => c.ok) && gpu.ok };
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report, rc.configSource));
  return report.ok ? 0 : 1;
};
