import type { JobsStatusReport } from '../../app/jobs/jobs-status.js';
import type { RunReport } from '../../app/jobs/types.js';

/** One run for a terminal: each message with its status and channels, then the summary. */
export function renderRunReport(report: RunReport): string {
  const out: string[] = [];
  for (const l of report.lines) {
    const where = l.targets.map((t) => `${t.platform} ${t.channel}`).join(', ') || 'no channel';
    out.push(`${l.status.padEnd(9)} ${l.key} → ${where}`);
    out.push(`          ${l.text}`);
  }
  const s = report.summary;
  out.push(
    s.claimed || s.reason?.startsWith('dry run')
      ? `${s.job} ${s.slot}: ${s.posted} posted, ${s.duplicate} duplicate, ${s.snoozed} snoozed, ${s.failed} failed, ${s.uncertain} uncertain${s.reason ? ` (${s.reason})` : ''}`
      : `${s.job} ${s.slot}: not run — ${s.reason ?? 'not claimed'}`,
  );
  if (report.lines.length === 0 && (s.claimed || s.reason?.startsWith('dry run')) && report.error === undefined) out.push('          nothing to post: a quiet run.');
  return `${out.join('\n')}\n`;
}

/** `jobs status` for a terminal. */
export function renderStatus(r: JobsStatusReport): string {
  const out: string[] = [];
  for (const j of r.jobs) {
    out.push(`${j.job} — ${j.description}`);
    out.push(j.schedule === null ? '  schedule: off (runs by hand only)' : `  schedule: ${j.schedule.cron} (${j.schedule.timezone}); next ${j.next ?? 'never'}`);
    if (j.lastRuns.length === 0) out.push('  no runs yet');
    for (const run of j.lastRuns) {
      out.push(`  ${run.slot}  ${run.status}  by ${run.claimedBy}, attempt ${run.attempts}${run.error ? ` — ${run.error}` : ''}`);
      if (Array.isArray(run.notes)) for (const n of run.notes) out.push(`      note: ${String(n)}`);
    }
  }
  out.push('');
  out.push(r.undelivered.length === 0 ? 'Undelivered: none' : `Undelivered (${r.undelivered.length}):`);
  for (const d of r.undelivered) out.push(`  ${d.status.padEnd(8)} ${d.key} → ${d.platform} ${d.channel} (attempt ${d.attempts})${d.error ? ` — ${d.error}` : ''}`);
  out.push(r.uncertain.length === 0 ? 'Uncertain: none' : `Uncertain (${r.uncertain.length}, not re-posted: check the channel):`);
  for (const d of r.uncertain) out.push(`  ${d.key} → ${d.platform} ${d.channel}${d.error ? ` — ${d.error}` : ''}`);
  out.push(r.snoozed.length === 0 ? 'Snoozed: none' : `Snoozed (${r.snoozed.length}):`);
  for (const s of r.snoozed) out.push(`  ${s.scope} until ${s.until} (by ${s.by})`);
  out.push('Channels:');
  if (r.channels.length === 0) out.push('  none: add teams: entries to the configuration');
  for (const c of r.channels) out.push(`  ${c.ready ? 'ok     ' : 'NOT OK '} ${c.team}: ${c.platform} ${c.channel}${c.problem ? ` — ${c.problem}` : ''}`);
  return `${out.join('\n')}\n`;
}
