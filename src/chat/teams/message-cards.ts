import type { ActionButton, HelpContent, Reply } from '../../app/conversation/types.js';
import { actionButton, adaptiveCard, clip, plain } from './card-elements.js';
import type { AdaptiveCard, CardElement } from './types.js';

type Rejected = Pick<Extract<Reply, { kind: 'rejected' }>, 'asked' | 'message' | 'suggestions' | 'examples'>;
type Failed = Pick<Extract<Reply, { kind: 'failed' }>, 'reference' | 'examples'>;

function exampleList(examples: string[]): CardElement[] {
  return examples.map((e) => plain(`• ${e}`, {}, { spacing: 'None' }));
}

/** Buttons asking each question (examples, suggestions): a click answers it. */
function askButtons(questions: string[], name: string, max: number) {
  return questions.slice(0, max).map((q, i): ActionButton => ({ verb: 'ask', id: q, label: q, name: `${name}-${i}` })).map(actionButton);
}

/**
 * The help card (one help text for every surface, src/app/conversation/help.ts): what to
 * type, the grammar in brief, and examples that run when clicked. The grammar is a table
 * of TextRuns, not a FactSet: Teams reads FactSet values as markdown.
 */
export function helpCard(help: HelpContent, dimensionKeys: string[]): AdaptiveCard {
  const grammar: CardElement = {
    type: 'Table', spacing: 'Medium', showGridLines: false, firstRowAsHeader: false, columns: [{ width: 1 }, { width: 4 }],
    rows: help.grammar.map(([part, examples]) => ({ type: 'TableRow', cells: [{ type: 'TableCell', items: [plain(part, { weight: 'Bolder' })] }, { type: 'TableCell', items: [plain(examples)] }] })),
  };
  const body: CardElement[] = [
    plain(help.title, { size: 'Medium', weight: 'Bolder' }),
    plain('Type a question in a chat with me, or @mention me in a channel.', {}, { spacing: 'Small' }),
    plain(help.intro, {}, { spacing: 'Small' }),
    grammar,
    plain(`Dimensions: ${clip(dimensionKeys.join(', '), 600)}`, { size: 'Small', isSubtle: true }),
  ];
  if (help.examples.length) body.push(plain('Examples', { weight: 'Bolder' }, { spacing: 'Medium' }), ...exampleList(help.examples));
  if (help.commands.length > 1) body.push(plain('Commands', { weight: 'Bolder' }, { spacing: 'Medium' }), ...help.commands.map(([c, what]) => plain(`• ${c} — ${what}`, {}, { spacing: 'None' })));
  return adaptiveCard(body, askButtons(help.examples, 'example', 4), 'Ask me about cloud cost, e.g. "by team last week". Type help for more.');
}

/** A rejected question: what was wrong (the message says how to fix it), what was asked, the closest things the bot knows, and examples. */
export function rejectedCard(r: Rejected): AdaptiveCard {
  const body: CardElement[] = [
    plain('I could not answer that', { size: 'Medium', weight: 'Bolder', color: 'Attention' }),
    plain(clip(r.message, 1000), {}, { spacing: 'Small' }),
    plain(`You asked: ${clip(r.asked, 300) || '(nothing)'}`, { size: 'Small', isSubtle: true }),
  ];
  if (r.suggestions.length) body.push(plain('Did you mean', { weight: 'Bolder' }, { spacing: 'Medium' }), ...exampleList(r.suggestions.slice(0, 5)));
  if (r.examples.length) body.push(plain('Questions that work', { weight: 'Bolder' }, { spacing: 'Medium' }), ...exampleList(r.examples));
  body.push(plain('Type help for the whole grammar.', { size: 'Small', isSubtle: true }, { spacing: 'Medium' }));
  const buttons = r.suggestions.length ? askButtons(r.suggestions, 'suggestion', 3) : askButtons(r.examples, 'example', 3);
  return adaptiveCard(body, buttons, `I could not answer that: ${clip(r.message, 200)}`);
}

/** Answering failed on our side: say so plainly, give the reference to look up in the logs, and what to try. */
export function failureCard(r: Failed): AdaptiveCard {
  const body: CardElement[] = [
    plain('Something went wrong on our side', { size: 'Medium', weight: 'Bolder', color: 'Attention' }),
    plain('The question was fine, but answering it failed. The error is logged; try again in a minute. If it keeps failing, give your FinOps administrator this reference to find it in the bot\'s logs:', {}, { spacing: 'Small' }),
    plain(r.reference, { weight: 'Bolder' }),
  ];
  if (r.examples.length) body.push(plain('Meanwhile, these questions may still work', { weight: 'Bolder' }, { spacing: 'Medium' }), ...exampleList(r.examples));
  return adaptiveCard(body, askButtons(r.examples, 'example', 3), `Something went wrong on our side (reference ${r.reference}). Try again in a minute.`);
}
