import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { followUps } from '../../app/follow-ups.js';
import { answerCard } from './answer-card.js';
import { chartImage } from './chart-image.js';
import { failureCard, helpCard, rejectedCard } from './message-cards.js';
import type { AdaptiveCard, TeamsDeps } from './types.js';

export type ReplyKind = 'answer' | 'help' | 'rejected' | 'failure';

export interface Reply {
  kind: ReplyKind;
  card: AdaptiveCard;
  /** True when the question asked to be posted for everyone (`public`, the Share button). */
  public: boolean;
  /** The engine's total, for logs and tests. */
  total?: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/**
 * What the user typed, as the query language reads it. Teams sends HTML-ish text: other
 * people's mentions as `<at>Name</at>`, non-breaking spaces, a trailing newline. A
 * leading `cost` (as in the Slack command `/cost by team`) is dropped, so both
 * `cost by team last week` and `by team last week` work.
 */
export function normalizeText(raw: string | undefined | null): string {
  return (raw ?? '')
    .replace(/&nbsp;|\u00a0/gi, ' ')
    .replace(/<\/?[a-z][^>]*>/gi, ' ')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ENTITIES[e]!)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\/?costs?(?=\s|$)/i, '')
    .trim();
}

const HELP = /^(\/?help|\?|commands)$/i;

/**
 * The reply to one question, whatever the surface route (a message, a mention, a
 * button): help, an answer card, or a card that says what went wrong and how to fix it.
 * Never throws for a bad question or a failing engine — the user always hears back.
 */
export async function replyTo(rawText: string, deps: TeamsDeps, opts: { canShare: boolean; logger: Logger }): Promise<Reply> {
  const text = normalizeText(rawText);
  const dimensions = deps.engine.dimensionKeys();
  // A bare mention or an empty message gets help; a bare `cost` asks for the default range.
  const empty = text === '' && !/(^|\s)\/?costs?(\s|$)/i.test(rawText);
  if (empty || HELP.test(text)) return { kind: 'help', card: helpCard(dimensions), public: false };
  let result;
  try {
    result = await deps.engine.ask(text, deps.clock());
  } catch (err) {
    const reference = randomUUID().slice(0, 8);
    opts.logger.error({ err, reference, query: text.slice(0, 200) }, 'answering a Teams question failed');
    return { kind: 'failure', card: failureCard(reference, dimensions), public: false };
  }
  if (!result.ok) return { kind: 'rejected', card: rejectedCard(result.message, text, dimensions), public: false };
  const answer = result.answer;
  const chart = await chartImage(answer, deps.charts, deps.publicUrl, opts.logger);
  const built = answerCard(answer, { followUps: followUps(answer, { dimensions, canShare: opts.canShare }), chart });
  if (built.shownRows < built.totalRows) opts.logger.info({ shown: built.shownRows, rows: built.totalRows }, 'answer card truncated to fit Teams');
  return { kind: 'answer', card: built.card, public: answer.query.public, total: answer.total };
}
