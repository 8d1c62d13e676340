/**
 * Where the access policy hooks into the reply use case: ask the engine a question limited
 * to what the asker may see (and, for `public`, to what the channel's team may see).
 */
import { formatQuery } from '../../core/query/index.js';
import type { Answer, ParsedQuery } from '../../core/types.js';
import type { AskResult } from '../cost-engine.js';
import type { Conversation, Identity } from '../conversation/types.js';
import type { AccessPolicy } from './access-policy.js';
import { restrictAnswer } from './restrict-answer.js';
import { restrictQuery } from './restrict-query.js';
import type { ScopeClause } from './types.js';

export interface AskWithinAccessDeps {
  engine: { parse(text: string, now: number): ParsedQuery; ask(text: string, now: number): Promise<AskResult> };
  policy: AccessPolicy;
  /** `unallocated` from the configuration: the label of costs no rule could allocate. */
  unallocatedLabel: string;
}

/** The engine's result, or a refusal by the access policy (`message` says whom to ask). */
export type ScopedAskResult = AskResult | { ok: false; refused: true; query: ParsedQuery; message: string };

function platformOf(identity: Identity): 'slack' | 'teams' | 'other' {
  return identity.platform === 'slack' || identity.platform === 'teams' ? identity.platform : 'other';
}

/**
 * Answers `text` for `identity`:
 * 1. the asker sees everything (and `public` goes to a channel that may see everything):
 *    the engine answers the question as asked;
 * 2. otherwise the question is limited by `restrictQuery` (refused when it names costs
 *    outside the asker's view), then for `public` by the channel's team's view (refused in
 *    a channel no team owns);
 * 3. the limited question is asked as canonical text, and the answer is checked field by
 *    field by `restrictAnswer`; it says what it was limited to.
 */
export async function askWithinAccess(deps: AskWithinAccessDeps, identity: Identity, conversation: Pick<Conversation, 'channelId'>, text: string, now: number): Promise<ScopedAskResult> {
  const { engine, policy } = deps;
  if (!policy.enabled) return engine.ask(text, now);
  const query = engine.parse(text, now);
  // A question the parser refuses is refused by the engine, as for everyone (one path: its message, suggestions and metrics).
  if (query.error !== null) return engine.ask(text, now);
  const platform = platformOf(identity);
  const mine = restrictQuery(query, await policy.viewer(identity), policy, platform);
  if (!mine.ok) return { ok: false, refused: true, query, message: mine.message };
  let limited = mine.query;
  const clauses: ScopeClause[] = mine.clause ? [mine.clause] : [];
  if (query.public) {
    const channel = policy.channelViewer(identity.platform, conversation.channelId);
    if (channel === null) {
      return { ok: false, refused: true, query, message: 'This channel belongs to no team, so `public` cannot post costs here. Ask without `public` to see the answer yourself, or ask in your team’s channel.' };
    }
    const theirs = restrictQuery(limited, channel, policy, platform);
    if (!theirs.ok) {
      const team = policy.teamOfChannel(identity.platform, conversation.channelId);
      return { ok: false, refused: true, query, message: `This is ${team}’s channel: \`public\` posts only what ${team} may see. ${theirs.message}` };
    }
    limited = theirs.query;
    if (theirs.clause) clauses.push(theirs.clause);
  }
  if (clauses.length === 0) return engine.ask(text, now);

  const result = await engine.ask(formatQuery(limited), now);
  if (!result.ok) return result;
  let answer: Answer = result.answer;
  for (const clause of clauses) answer = restrictAnswer(answer, clause, policy.canonical, deps.unallocatedLabel);
  const note = `Limited to what ${query.public ? 'this channel' : 'you'} may see: ${clauses.map((c) => c.text).join(' and ')}.`;
  answer = {
    ...answer,
    query: { ...answer.query, text: query.text, notes: [...query.notes, ...answer.query.notes] },
    notes: [note, ...query.notes.filter((n) => !answer.notes.includes(n)), ...answer.notes],
  };
  return { ok: true, answer };
}
