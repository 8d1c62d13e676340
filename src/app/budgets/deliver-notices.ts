/**
 * Posting the approval flow's messages through the notifiers: a request to the team's
 * channels and its approvers' direct messages, updates wherever it was posted, the
 * requester's direct message. A platform that fails is logged and skipped: a decision is
 * never undone because a chat was down.
 */
import type { Json, OverrideRow } from '../../store/index.js';
import type { MessageRef, Notice, NoticePlatform } from '../conversation/types.js';
import type { BudgetDeps } from './budget-deps.js';

function isMessageRef(value: Json): value is Json & MessageRef {
  const v = value as Partial<MessageRef> | null;
  return typeof v === 'object' && v !== null && (v.platform === 'slack' || v.platform === 'teams' || v.platform === 'console') && typeof v.channel === 'string' && typeof v.id === 'string';
}

/** Where a team's requests go: its channel on each platform, and each approver directly. */
function targets(deps: BudgetDeps, team: string): { platform: NoticePlatform; channel?: string; user?: string }[] {
  const t = deps.config.teams[team];
  const approvers = deps.policy.approvers(team);
  const out: { platform: NoticePlatform; channel?: string; user?: string }[] = [];
  if (t?.slack?.channel) out.push({ platform: 'slack', channel: t.slack.channel });
  for (const user of approvers.slack) out.push({ platform: 'slack', user });
  if (t?.teams?.conversation) out.push({ platform: 'teams', channel: t.teams.conversation });
  for (const user of approvers.teams) out.push({ platform: 'teams', user });
  // The console's channels are named after the teams.
  out.push({ platform: 'console', channel: team });
  return out;
}

/**
 * Posts a new request for the team's approvers and remembers every message on the request
 * (`addOverrideMessageRef`), so a decision can update them all. Returns where it went.
 */
export async function postRequest(deps: BudgetDeps, request: OverrideRow, team: string, notice: Notice): Promise<MessageRef[]> {
  const posted: MessageRef[] = [];
  for (const target of targets(deps, team)) {
    const notifier = deps.notifiers?.[target.platform];
    if (!notifier) continue;
    try {
      const ref = target.channel !== undefined ? await notifier.post(target.channel, notice) : await notifier.direct(target.user!, notice);
      posted.push(ref);
      await deps.store.addOverrideMessageRef(request.id, { platform: ref.platform, channel: ref.channel, id: ref.id });
    } catch (err) {
      deps.logger?.warn({ err, request: request.id, platform: target.platform, channel: target.channel, user: target.user }, 'override request could not be posted there');
    }
  }
  return posted;
}

/** Updates every posted copy of a request, except the clicked one (its adapter updates it). */
export async function updateEverywhere(deps: BudgetDeps, request: OverrideRow, notice: Notice, except?: MessageRef): Promise<void> {
  for (const ref of request.messageRefs.filter(isMessageRef)) {
    if (except && ref.platform === except.platform && ref.channel === except.channel && ref.id === except.id) continue;
    const notifier = deps.notifiers?.[ref.platform];
    if (!notifier) continue;
    try {
      await notifier.update({ platform: ref.platform, channel: ref.channel, id: ref.id }, notice);
    } catch (err) {
      deps.logger?.warn({ err, request: request.id, platform: ref.platform, channel: ref.channel }, 'override request message could not be updated');
    }
  }
}

/** Tells the requester in a direct message on the platform they asked from. */
export async function tellRequester(deps: BudgetDeps, request: OverrideRow, notice: Notice): Promise<void> {
  const platform = request.requestedPlatform;
  if (platform !== 'slack' && platform !== 'teams' && platform !== 'console') return;
  const notifier = deps.notifiers?.[platform];
  if (!notifier) return;
  try {
    await notifier.direct(request.requestedBy, notice);
  } catch (err) {
    deps.logger?.warn({ err, request: request.id, platform }, 'the requester could not be told');
  }
}
