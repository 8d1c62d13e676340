/**
 * The digest's GPU lines: yesterday's idle GPUs (every entry, from one read of the day's
 * utilisation) and, on the first day of the week, the savings advice of the last
 * `gpu.rightsizing.days` days (one read for the organisation, each entry's items summed).
 */
import { addDays, startOfWeek } from '../../../core/dates.js';
import { formatCents } from '../../../core/money.js';
import { gpuAdvice } from '../../gpu/gpu-advice.js';
import { instantsOf, joinGpu, type GpuDeps } from '../../gpu/gpu-analysis.js';
import { digestIdleGpuLine, type DigestIdleLine } from '../../gpu/gpu-usage.js';
import type { CostReader } from '../cost-reader.js';
import type { TeamEntry } from '../routing.js';

export interface DigestGpuLines {
  idle: DigestIdleLine | null;
  /** The weekly savings line, or null (not the week's first day, or nothing to save). */
  advice: string | null;
}

/** The teams an entry's digest covers for GPU lines: all (null), its `team=` value, or none when its scope is on another key. */
function teamsOf(entry: TeamEntry, costs: Pick<CostReader, 'simpleScope'>): string[] | null | 'none' {
  if (entry.scope === null) return null;
  const s = costs.simpleScope(entry.scope);
  return s !== null && s.key === 'team' ? [s.value] : 'none';
}

/** Each entry's GPU lines for the digest of `today` (about yesterday). Entries whose scope is not a team get none. */
export async function digestGpuLines(gpu: GpuDeps, entries: TeamEntry[], costs: Pick<CostReader, 'simpleScope'>, today: string, weekStart: 'monday' | 'sunday'): Promise<Map<string, DigestGpuLines>> {
  const out = new Map<string, DigestGpuLines>();
  // No metric source: nothing to say about idleness (every GPU would be "unknown" every day).
  if (gpu.sources.length === 0 || entries.length === 0) return out;
  const day = addDays(today, -1);
  const join = await joinGpu(gpu, instantsOf({ start: day, end: today }, gpu.timezone));
  const weekly = startOfWeek(today, weekStart) === today;
  const advice = weekly ? await gpuAdvice(gpu, { now: Date.parse(`${today}T12:00:00Z`), dates: { start: addDays(today, -gpu.rightsizing.days), end: today } }) : null;
  for (const entry of entries) {
    const teams = teamsOf(entry, costs);
    if (teams === 'none') continue;
    const idle = await digestIdleGpuLine(gpu, { day, join, ...(teams ? { teams } : {}) });
    let adviceLine: string | null = null;
    if (advice) {
      const allowed = teams ? new Set(teams.map((t) => t.toLowerCase())) : null;
      const items = advice.data.items.filter((i) => !allowed || allowed.has(i.team.toLowerCase()));
      const cents = items.reduce((s, i) => s + BigInt(i.monthlySavings.replace('.', '')), 0n);
      if (items.length > 0 && cents > 0n) {
        const top = items[0]!;
        adviceLine = `GPU savings this week: about ${formatCents(cents, gpu.currency)} a month in ${items.length} item${items.length === 1 ? '' : 's'} (largest: ${top.summary}). Ask \`advice\` for the evidence.`;
      }
    }
    out.set(entry.name, { idle: idle.text === null ? null : idle, advice: adviceLine });
  }
  return out;
}
