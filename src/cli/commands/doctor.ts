import { runDoctor, type DoctorReport } from '../../app/run-doctor.js';
import { loadRuntimeConfig } from '../../app/runtime-config.js';
import { createLogger } from '../../log.js';
import { parseNow, type Command } from '../types.js';

/** The readable report: one block per provider, each check with what to do when it failed. */
function renderReport(report: DoctorReport, source: string | null): string {
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
  const failing = report.providers.filter((p) => p.checks.some((c) => !c.ok)).map((p) => p.id);
  const n = report.providers.length;
  lines.push(
    failing.length === 0
      ? (n === 1 ? 'The provider is ok.' : `All ${n} providers are ok.`)
      : `${failing.length} of ${n} provider${n === 1 ? '' : 's'} need${failing.length === 1 ? 's' : ''} fixing: ${failing.join(', ')}.`,
  );
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
  const report = await runDoctor(rc, { logger, now, cwd: process.cwd() });
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report, rc.configSource));
  return report.ok ? 0 : 1;
};
