import type { Reply } from '../../app/conversation/types.js';
import { answerCard } from './answer-card.js';
import { plain, adaptiveCard } from './card-elements.js';
import { failureCard, helpCard, rejectedCard } from './message-cards.js';
import { noticeCard } from './notice-card.js';
import type { AdaptiveCard, CardImage } from './types.js';

/** Any reply of the conversation layer as an Adaptive Card. */
export function replyCard(reply: Reply, opts: { chart?: CardImage | null; dimensionKeys: string[]; extraNotes?: string[] }): { card: AdaptiveCard; shownRows?: number; totalRows?: number } {
  switch (reply.kind) {
    case 'help':
      return { card: helpCard(reply.help, opts.dimensionKeys) };
    case 'rejected':
      return { card: rejectedCard(reply) };
    case 'failed':
      return { card: failureCard(reply) };
    case 'busy':
      return { card: adaptiveCard([plain(`I am answering many questions right now: ask again in ${reply.retryAfterSeconds} seconds.`)], [], 'Ask again in a moment.') };
    case 'answer': {
      const built = answerCard(reply.answer, { followUps: reply.actions, chart: opts.chart ?? null, extraNotes: opts.extraNotes });
      return { card: built.card, shownRows: built.shownRows, totalRows: built.totalRows };
    }
    case 'notice':
      return { card: noticeCard(reply.notice, { chart: opts.chart ?? null, extraNotes: opts.extraNotes }) };
  }
}

