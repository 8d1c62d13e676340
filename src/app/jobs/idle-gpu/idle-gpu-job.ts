/**
 * Idle-GPU nudges (spec: jobs-and-approvals.md, "idle-gpu"), once per resource and
 * episode: each GPU resource idle now (under `gpu.idle.utilisationBelow` for at least
 * `gpu.idle.forHours`) to the owning team's channels, with its cost per hour and per day,
 * what it wasted so far and a small chart. An episode marked *Expected* is silent; a
 * resource snoozed is silent for 24 h; one still idle 24 h after its nudge gets one
 * follow-up in the nudge's thread (`<key>:follow-up`), not a new alarm.
 */
import type { Json } from '../../../store/index.js';
import { idleGpuFollowUp, idleGpuNudges, type IdleGpuNudge } from '../../gpu/idle-gpu-nudges.js';
import { entryForTeamValue } from '../routing.js';
import type { Composed, JobContext, JobDefinition, JobMessage } from '../types.js';

/** A nudge still idle this long after it was posted gets its one follow-up. */
export const FOLLOW_UP_AFTER_MS = 24 * 3_600_000;

/** The scope *Snooze 24 h* on a nudge silences: the resource. */
export const idleGpuSnoozeScope = (resource: string) => `idle-gpu:${resource}`;

export const idleGpuJob: JobDefinition = {
  name: 'idle-gpu',
  scheduleKey: 'idleGpu',
  description: 'a GPU resource idle now (under the utilisation threshold for the window), with its cost per hour and per day, to the owning team; one follow-up 24 h later',
  async compose(ctx): Promise<Composed> {
    if (!ctx.gpu) return { messages: [], notes: ['No GPU dependencies in this process: nothing to judge.'] };
    const notes: string[] = [];
    if (ctx.gpu.sources.length === 0) notes.push('No GPU metric sources are configured (gpu.metrics): idle GPUs cannot be found. Add prometheus, cloudwatch or file sources.');
    const found = await idleGpuNudges(ctx.gpu, { now: ctx.slot.getTime() });
    notes.push(...found.notes);
    const messages: JobMessage[] = [];
    for (const nudge of found.nudges) {
      if (ctx.signal.aborted) break;
      const expected = ctx.store.activeSnooze ? await ctx.store.activeSnooze(nudge.key, ctx.slot) : null;
      if (expected !== null) {
        notes.push(`${nudge.key}: marked expected by ${expected.by} until ${expected.until.toISOString()}: not nudged.`);
        continue;
      }
      const team = entryForTeamValue(ctx.config, ctx.costs, nudge.team || ctx.costs.unallocatedLabel);
      messages.push(nudgeMessage(nudge, team));
      const followUp = await followUpMessage(ctx, nudge, team);
      if (followUp) messages.push(followUp);
    }
    return { messages, notes };
  },
};

function nudgeMessage(nudge: IdleGpuNudge, team: string): JobMessage {
  return {
    key: nudge.key,
    kind: 'idle-gpu',
    team,
    text: nudge.notice.text,
    facts: nudge.facts as unknown as Record<string, Json>,
    notice: nudge.notice,
    snoozeScope: idleGpuSnoozeScope(nudge.facts.resource),
  };
}

/** The follow-up when the nudge went out from a slot at least 24 h before this one and the episode goes on. */
async function followUpMessage(ctx: JobContext, nudge: IdleGpuNudge, team: string): Promise<JobMessage | null> {
  if (!ctx.store.getDeliveries || !ctx.gpu) return null;
  // Slot against slot (the data's clock), so that `jobs run --now` and the scheduler agree.
  const sent = (await ctx.store.getDeliveries([nudge.key])).filter((d) => d.status === 'sent');
  const first = Math.min(...sent.map((d) => d.slot.getTime()));
  if (sent.length === 0 || ctx.slot.getTime() - first < FOLLOW_UP_AFTER_MS) return null;
  const notice = idleGpuFollowUp(ctx.gpu, nudge);
  return {
    key: notice.key!,
    kind: 'idle-gpu',
    team,
    text: notice.text,
    facts: { ...(nudge.facts as unknown as Record<string, Json>), followUpOf: nudge.key },
    notice,
    snoozeScope: idleGpuSnoozeScope(nudge.facts.resource),
    threadOf: nudge.key,
  };
}
