import { randomUUID } from 'node:crypto';
import { actionsAs, askAs } from '../access/answer-within-access.js';
import { BusyError } from '../pool/busy.js';
import { chartSpecFor } from './chart-spec.js';
import { followUps } from './follow-ups.js';
import { exampleQuestions } from './help.js';
import type { ConversationDeps } from './ports.js';
import type { Conversation, Identity, Platform, Reply } from './types.js';

/** One message to answer, as the adapter verified and decoded it. */
export interface Asking {
  text: string;
  identity: Identity;
  conversation: Conversation;
  /** The clock for this question (epoch ms); the bot's clock otherwise. */
  now?: number;
}

/** How logs name each surface (`answering a Teams question failed`). */
const SURFACE_NAMES: Record<Platform, string> = { slack: 'Slack', teams: 'Teams', console: 'console', api: 'API', cli: 'CLI' };

/** A short id to quote: it is logged with the error, so whoever runs the bot finds it. */
export function failureReference(): string {
  return randomUUID().slice(0, 8);
}

/**
 * The `ask` use case: a cost question → an answer with its follow-up buttons and chart,
 * a rejected question with the parser's message (it says how to fix it), its suggestions
 * and example questions, or — when answering failed on our side — a reference that is
 * also in the log. Never throws.
 */
export async function askQuestion(deps: ConversationDeps, asking: Asking & { now: number }): Promise<Reply> {
  const { text, identity, conversation, now } = asking;
  let result;
  try {
    // Limited to what the asker may see when access control is on (refused with whom to ask otherwise).
    result = await askAs(deps.asker, deps.services?.access, identity, conversation, text, now);
  } catch (err) {
    if (err instanceof BusyError) return { kind: 'busy', asked: text, retryAfterSeconds: err.retryAfterSeconds };
    const reference = failureReference();
    deps.logger.error({ err, reference, query: text.slice(0, 200), platform: identity.platform, user: identity.userId }, `answering a ${SURFACE_NAMES[identity.platform]} question failed`);
    return { kind: 'failed', asked: text, reference, examples: exampleQuestions(deps.asker, now) };
  }
  if (!result.ok) {
    deps.logger.info({ query: text.slice(0, 200), reason: result.message, platform: identity.platform }, 'question rejected');
    return { kind: 'rejected', asked: text, message: result.message, suggestions: result.query.suggestions ?? [], examples: exampleQuestions(deps.asker, now), query: result.query };
  }
  const answer = result.answer;
  return {
    kind: 'answer',
    answer,
    actions: await actionsAs(deps.asker, deps.services?.access, identity, followUps(answer, { dimensions: deps.asker.dimensionKeys(), canShare: conversation.canShare }), now),
    chart: chartSpecFor(answer),
    public: answer.query.public,
  };
}
