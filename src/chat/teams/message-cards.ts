import { adaptiveCard, clip, followUpAction, plain } from './card-elements.js';
import type { AdaptiveCard, CardElement } from './types.js';

const EXAMPLES: { text: string; needs: string[] }[] = [
  { text: 'by team last week', needs: ['team'] },
  { text: 'by model top 5 this month vs previous', needs: ['model'] },
  { text: 'workload=training by team last 30 days', needs: ['workload', 'team'] },
  { text: 'daily last 14 days', needs: [] },
  { text: 'by service this month forecast', needs: ['service'] },
];

/** Example questions that only use dimension keys this deployment has. */
export function examplesFor(dimensionKeys: string[]): string[] {
  return EXAMPLES.filter((e) => e.needs.every((k) => dimensionKeys.includes(k))).map((e) => e.text);
}

const GRAMMAR: [string, string][] = [
  ['Group', 'by team · by model,env · top 5'],
  ['Filter', 'team=nlp · model!=sdxl · env=prod,staging · a known value such as llama-70b'],
  ['Time', 'today · last week · last 30 days · October · Q3 · since Nov 1 · Nov 1 to Nov 15 (default: this month)'],
  ['Trend', 'daily · weekly · monthly'],
  ['Compare', 'vs previous · vs last month · forecast'],
  ['Metric', 'metric=effective (default) · metric=billed · metric=list'],
];

function exampleList(examples: string[]): CardElement[] {
  return examples.map((e) => plain(`• ${e}`, {}, { spacing: 'None' }));
}

/** The help card: what to type, the grammar in brief, and examples that run when clicked. */
export function helpCard(dimensionKeys: string[]): AdaptiveCard {
  const examples = examplesFor(dimensionKeys);
  const body: CardElement[] = [
    plain('Ask me about cloud cost', { size: 'Medium', weight: 'Bolder' }),
    plain('Type a question in a chat with me, or @mention me in a channel. Every figure names its period, its metric and how fresh the data is.', {}, { spacing: 'Small' }),
    {
      type: 'FactSet',
      spacing: 'Medium',
      facts: GRAMMAR.map(([title, value]) => ({ title, value })),
    },
    plain(`Dimensions: ${clip(dimensionKeys.join(', '), 600)}`, { size: 'Small', isSubtle: true }),
    plain('Examples', { weight: 'Bolder' }, { spacing: 'Medium' }),
    ...exampleList(examples),
  ];
  return adaptiveCard(body, examples.slice(0, 4).map((e) => followUpAction(e, e)), 'Ask me about cloud cost, e.g. "by team last week". Type help for more.');
}

/** A rejected question: what was wrong (the parser's message says how to fix it), what was asked, and examples. */
export function rejectedCard(message: string, asked: string, dimensionKeys: string[]): AdaptiveCard {
  const examples = examplesFor(dimensionKeys);
  const body: CardElement[] = [
    plain('I could not answer that', { size: 'Medium', weight: 'Bolder', color: 'Attention' }),
    plain(clip(message, 1000), {}, { spacing: 'Small' }),
    plain(`You asked: ${clip(asked, 300) || '(nothing)'}`, { size: 'Small', isSubtle: true }),
    plain('Questions that work', { weight: 'Bolder' }, { spacing: 'Medium' }),
    ...exampleList(examples),
    plain('Type help for the whole grammar.', { size: 'Small', isSubtle: true }, { spacing: 'Medium' }),
  ];
  return adaptiveCard(body, examples.slice(0, 3).map((e) => followUpAction(e, e)), `I could not answer that: ${clip(message, 200)}`);
}

/** The engine failed: say so plainly, give the reference to look up in the logs, and what to try. */
export function failureCard(reference: string, dimensionKeys: string[]): AdaptiveCard {
  const examples = examplesFor(dimensionKeys);
  const body: CardElement[] = [
    plain('Something went wrong on our side', { size: 'Medium', weight: 'Bolder', color: 'Attention' }),
    plain('The question was fine, but answering it failed. The error is logged; try again in a minute. If it keeps failing, give your FinOps administrator this reference to find it in the bot\'s logs:', {}, { spacing: 'Small' }),
    plain(reference, { weight: 'Bolder' }),
    plain('Meanwhile, these questions may still work', { weight: 'Bolder' }, { spacing: 'Medium' }),
    ...exampleList(examples),
  ];
  return adaptiveCard(body, examples.slice(0, 3).map((e) => followUpAction(e, e)), `Something went wrong on our side (reference ${reference}). Try again in a minute.`);
}
