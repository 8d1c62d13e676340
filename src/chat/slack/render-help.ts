import type { ActionButton, HelpContent, Reply } from '../../app/conversation/types.js';
import { actionsBlock } from './render-buttons.js';
import { escapeMrkdwn, inlineCode, SLACK_LIMITS, truncate } from './slack-text.js';
import type { SlackBlock, SlackMessage } from './types.js';

type Rejected = Pick<Extract<Reply, { kind: 'rejected' }>, 'asked' | 'message' | 'suggestions' | 'examples'>;
type Failed = Pick<Extract<Reply, { kind: 'failed' }>, 'asked' | 'reference' | 'examples'>;

function exampleLines(examples: string[], prefix: string): string {
  return examples.map((q) => `• ${inlineCode(`${prefix}${q}`)}`).join('\n');
}

/** Buttons asking each question (examples, suggestions): a click answers it. */
function askButtons(questions: string[], name: string, max: number): ActionButton[] {
  return questions.slice(0, max).map((q, i) => ({ verb: 'ask', id: q, label: q, name: `${name}-${i}` }));
}

/**
 * The help (one text for every surface, src/app/conversation/help.ts) as Block Kit: what
 * to ask, the grammar in brief, the examples (with the command prefix: `/cost ` for the
 * command, empty for mentions and DMs) and buttons asking them.
 */
export function renderHelp(help: HelpContent, prefix: string): SlackMessage {
  const grammar = help.grammar.map(([part, examples]) => `*${escapeMrkdwn(part)}*  ${escapeMrkdwn(examples)}`).join('\n');
  const visibility = prefix
    ? 'Answers are only visible to you; add `public` to post one to the channel, or use the *Share in channel* button.'
    : 'Mention me in a channel or write to me directly; I answer in the thread.';
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(help.title, SLACK_LIMITS.header), emoji: false } },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(help.intro), SLACK_LIMITS.sectionText) } },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(grammar, SLACK_LIMITS.sectionText) } },
  ];
  if (help.examples.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Examples*\n${exampleLines(help.examples, prefix)}`, SLACK_LIMITS.sectionText) } });
  const buttons = actionsBlock(askButtons(help.examples, 'example', 5), 'finops_examples');
  if (buttons) blocks.push(buttons);
  if (help.commands.length > 1) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: help.commands.map(([c, what]) => `${inlineCode(prefix + c)} ${escapeMrkdwn(what)}`).join('\n') } });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: visibility }] });
  return { text: 'How to ask finops-bot about cloud costs', blocks };
}

/** A rejected question: the message (it says how to fix it), the closest things the bot knows as buttons, and examples. */
export function renderRejected(r: Rejected, prefix: string): SlackMessage {
  const head = `:warning: I could not answer ${inlineCode(truncate(r.asked, 200))}: ${escapeMrkdwn(r.message)}`;
  const blocks: SlackBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: truncate(head, SLACK_LIMITS.sectionText) } }];
  const suggestions = actionsBlock(askButtons(r.suggestions, 'suggestion', 5), 'finops_suggestions');
  if (suggestions) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: '*Did you mean*' } }, suggestions);
  if (r.examples.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`Queries that work:\n${exampleLines(r.examples, prefix)}`, SLACK_LIMITS.sectionText) } });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${inlineCode(`${prefix}help`)} lists everything you can ask.` }] });
  return { text: truncate(`I could not answer "${r.asked}": ${r.message}`, SLACK_LIMITS.messageText), blocks };
}

/** Something broke on our side: say so, give the reference to quote, suggest a retry. */
export function renderFailure(r: Failed, prefix: string): SlackMessage {
  const head =
    `:x: Something went wrong on our side while answering ${inlineCode(truncate(r.asked, 200))}. ` +
    `It is logged as ${inlineCode(r.reference)}: try again in a minute, and quote the reference to whoever runs the bot if it keeps failing.`;
  const blocks: SlackBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: head } }];
  if (r.examples.length) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Simpler questions to try: ${r.examples.slice(0, 2).map((q) => inlineCode(prefix + q)).join(', ')}` }] });
  return { text: `Something went wrong while answering "${truncate(r.asked, 200)}" (reference ${r.reference}).`, blocks };
}

/** The immediate acknowledgement of a slash command. */
export function renderWorking(query: string): SlackMessage {
  return { text: `Working on it: ${truncate(query, 200)}…`, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: `:hourglass_flowing_sand: Working on ${inlineCode(truncate(query, 200))}…` }] }] };
}
