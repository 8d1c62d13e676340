import { overrideAction } from '../budgets/budget-conversation.js';
import { usageAction } from '../gpu/gpu-commands.js';
import { expectedAction, runJobAction, snoozeAction, whyAction } from '../jobs/job-action-cases.js';
import { failureReference } from './ask-question.js';
import { reply } from './reply.js';
import type { ConversationDeps } from './ports.js';
import { ACTION_VERBS, type ActionHandler, type ActionRequest, type ActionResult, type ActionVerb, type Notice } from './types.js';

/** A verb's use case, given the conversation's dependencies. */
export type ActionUseCase = (deps: ConversationDeps, request: ActionRequest) => Promise<ActionResult>;

/** `ask`: answer the query the button carries; a drill-down replaces the clicked answer for the clicker. */
const askAction: ActionUseCase = async (deps, request) => ({
  kind: 'reply',
  reply: await reply(deps, { text: request.id, identity: request.identity, conversation: request.conversation, now: request.now }),
  replace: true,
});

/** `share`: answer the query the button carries for everyone in the channel, as a new message. */
const shareAction: ActionUseCase = async (deps, request) => {
  const conversation = { ...request.conversation, private: false, canShare: false };
  // Asked as `public`, so that with access control on it is limited to what the channel may see.
  const answered = await reply(deps, { text: `${request.id} public`, identity: request.identity, conversation, now: request.now });
  return { kind: 'reply', reply: answered.kind === 'answer' ? { ...answered, public: true } : answered, replace: false };
};

/**
 * The action table: a button's verb → its use case. A new button is one line here plus
 * its use case (the verb is listed in `ACTION_VERBS`). A button carries only a verb and an
 * id: what a click may do is decided here, from the store and the clicker's verified
 * identity, never from anything else the client sent.
 */
export const ACTIONS: Readonly<Partial<Record<ActionVerb, ActionUseCase>>> = {
  ask: askAction,
  share: shareAction,
  'override.request': overrideAction('override.request'),
  'override.approve': overrideAction('override.approve'),
  'override.deny': overrideAction('override.deny'),
  snooze: snoozeAction,
  why: whyAction,
  expected: expectedAction,
  usage: usageAction,
  'run-job': runJobAction,
};

/** True for a verb the bot knows (a client may send anything). */
export function isActionVerb(verb: unknown): verb is ActionVerb {
  return typeof verb === 'string' && (ACTION_VERBS as readonly string[]).includes(verb);
}

/** What the clicker is told when a button's verb has no use case (yet), or is unknown. */
export function unsupportedAction(verb: string): Notice {
  const shown = verb.slice(0, 40);
  return {
    kind: 'unsupported-action',
    title: 'This button does not work here',
    text: `This button (${shown}) does nothing in this version of finops-bot: the message may come from a newer or older version. Ask your question again, or type help.`,
    tone: 'warning',
  };
}

/**
 * Handles one click: the verb's use case, or a private notice saying the button does not
 * work (never an error the clicker cannot read). A failing use case is logged and told
 * privately, with the verb.
 */
export async function handleAction(deps: ConversationDeps, request: Omit<ActionRequest, 'verb'> & { verb: string }): Promise<ActionResult> {
  const useCase = isActionVerb(request.verb) ? ACTIONS[request.verb] : undefined;
  if (!useCase) {
    deps.logger.info({ verb: request.verb.slice(0, 40), platform: request.identity.platform }, 'button with no use case');
    return { kind: 'private', notice: unsupportedAction(request.verb) };
  }
  try {
    return await useCase(deps, request as ActionRequest);
  } catch (err) {
    const reference = failureReference();
    deps.logger.error({ err, reference, verb: request.verb, platform: request.identity.platform, user: request.identity.userId }, 'button failed');
    return {
      kind: 'private',
      notice: { kind: 'action-failed', title: 'Something went wrong on our side', text: `That did not work (reference ${reference}): try again in a minute, and quote the reference to whoever runs the bot if it keeps failing.`, tone: 'alert' },
    };
  }
}

/** `handleAction` bound to its dependencies: the `ActionHandler` adapters call. */
export function actionHandler(deps: ConversationDeps): ActionHandler {
  return (request) => handleAction(deps, request);
}
