/**
 * The access policy inside the reply use case, so every surface gets it: the question is
 * asked within what the asker may see (`askWithinAccess`), and the answer's buttons are
 * kept only when their question would be answered for this asker too.
 */
import type { ActionButton, Conversation, Identity } from '../conversation/types.js';
import type { Asker, AskResult } from '../conversation/ports.js';
import type { AccessPolicy } from './access-policy.js';
import { askWithinAccess } from './ask-within-access.js';
import { restrictActions } from './restrict-answer.js';
import { restrictQuery } from './restrict-query.js';

export interface AccessServices {
  policy: AccessPolicy;
  unallocatedLabel: string;
}

/** The engine's answer limited to the asker's view, or a refusal saying whom to ask (as a rejected result). */
export async function askAs(asker: Asker, access: AccessServices | undefined, identity: Identity, conversation: Pick<Conversation, 'channelId'>, text: string, now: number): Promise<AskResult> {
  if (!access?.policy.enabled) return asker.ask(text, now);
  const result = await askWithinAccess({ engine: asker, policy: access.policy, unallocatedLabel: access.unallocatedLabel }, identity, conversation, text, now);
  if (result.ok) return result;
  return { ok: false, query: result.query, message: result.message };
}

/** The buttons whose question this asker may ask (a drill-down never leads outside the view). */
export async function actionsAs(asker: Asker, access: AccessServices | undefined, identity: Identity, actions: ActionButton[], now: number): Promise<ActionButton[]> {
  if (!access?.policy.enabled) return actions;
  const viewer = await access.policy.viewer(identity);
  if (viewer.kind === 'everything') return actions;
  const platform = identity.platform === 'slack' || identity.platform === 'teams' ? identity.platform : 'other';
  return restrictActions(actions, (queryText) => {
    const q = asker.parse(queryText, now);
    return q.error === null && restrictQuery(q, viewer, access.policy, platform).ok;
  });
}
