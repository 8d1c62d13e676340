import { escapeMrkdwn, inlineCode, SLACK_LIMITS, truncate } from './slack-text.js';
import type { SlackMessage } from './types.js';

/** Queries every help and error message suggests (they parse with the default configuration). */
export const EXAMPLE_QUERIES = [
  'by team last week',
  'model=llama-70b this month by env',
  'training by model daily since Nov 1',
  'by workload last 30 days top 5 vs previous',
  'forecast',
] as const;

/** True for `/cost`, `/cost help`, `/cost ?`: show help instead of asking. */
export function isHelpRequest(text: string): boolean {
  return /^\s*(help|\?|-h|--help)?\s*$/i.test(text);
}

function examples(prefix: string): string {
  return EXAMPLE_QUERIES.map((q) => `• ${inlineCode(`${prefix}${q}`)}`).join('\n');
}

/** How to ask, with examples; `prefix` is `/cost ` for the command, empty for mentions and DMs. */
export function renderHelp(prefix: string): SlackMessage {
  const text =
    '*Ask where the cloud money goes.* Combine any of: a period (`last week`, `October`, `since Nov 1`), ' +
    'filters (`team=nlp`, `env!=dev`, a bare value such as `llama-70b`), a breakdown (`by team`, `by model,env`), ' +
    '`top 5`, a trend (`daily`, `weekly`), `vs previous`, `forecast` and `metric=billed|list`.';
  const visibility = prefix
    ? 'Answers are only visible to you; add `public` to post one to the channel, or use the *Share in channel* button.'
    : 'Mention me in a channel or write to me directly; I answer in the thread.';
  return {
    text: 'How to ask finops-bot about cloud costs',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Ask about cloud costs', emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'section', text: { type: 'mrkdwn', text: `*Examples*\n${examples(prefix)}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: visibility }] },
    ],
  };
}

/** A rejected query: the parser's message (it says how to fix it) and examples. */
export function renderRejected(query: string, message: string, prefix: string): SlackMessage {
  const head = `:warning: I could not answer ${inlineCode(truncate(query, 200))}: ${escapeMrkdwn(message)}`;
  return {
    text: truncate(`I could not answer "${query}": ${message}`, SLACK_LIMITS.messageText),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(head, SLACK_LIMITS.sectionText) } },
      { type: 'section', text: { type: 'mrkdwn', text: `Queries that work:\n${examples(prefix)}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${inlineCode(`${prefix}help`)} lists everything you can ask.` }] },
    ],
  };
}

/** Something broke on our side: say so, give the reference to quote, suggest a retry. */
export function renderFailure(query: string, reference: string, prefix: string): SlackMessage {
  const head =
    `:x: Something went wrong on our side while answering ${inlineCode(truncate(query, 200))}. ` +
    `It is logged as ${inlineCode(reference)}: try again in a minute, and quote the reference to whoever runs the bot if it keeps failing.`;
  return {
    text: `Something went wrong while answering "${truncate(query, 200)}" (reference ${reference}).`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: head } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Simpler questions to try: ${EXAMPLE_QUERIES.slice(0, 2).map((q) => inlineCode(prefix + q)).join(', ')}` }] },
    ],
  };
}

/** The immediate acknowledgement of a slash command. */
export function renderWorking(query: string): SlackMessage {
  return { text: `Working on it: ${truncate(query, 200)}…`, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: `:hourglass_flowing_sand: Working on ${inlineCode(truncate(query, 200))}…` }] }] };
}
