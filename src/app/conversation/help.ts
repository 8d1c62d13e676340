import type { Asker } from './ports.js';
import type { HelpContent } from './types.js';

/**
 * The example questions every surface offers (help, rejected questions, the console's
 * chips), each with the dimension keys it needs. Only those this deployment can answer
 * are shown: see `exampleQuestions`.
 */
export const EXAMPLES: readonly { text: string; needs: readonly string[] }[] = [
  { text: 'by team last week', needs: ['team'] },
  { text: 'model=llama-70b last 30 days daily', needs: ['model'] },
  { text: 'what did training cost in October?', needs: ['workload'] },
  { text: 'by model top 5 this month vs previous', needs: ['model'] },
  { text: 'by workload yesterday', needs: ['workload'] },
  { text: 'this month forecast', needs: [] },
  { text: 'by service top 8 last month', needs: ['service'] },
];

/** Every example question, whatever the deployment. */
export const EXAMPLE_QUESTIONS: readonly string[] = EXAMPLES.map((e) => e.text);

/** The grammar in brief: `[part, examples]`. */
export const GRAMMAR: readonly [string, string][] = [
  ['Group', 'by team · by model,env · top 5'],
  ['Filter', 'team=nlp · model!=sdxl · env=prod,staging · a known value such as llama-70b'],
  ['Time', 'today · last week · last 30 days · October · Q3 · since Nov 1 · Nov 1 to Nov 15 (default: this month)'],
  ['Trend', 'daily · weekly · monthly'],
  ['Compare', 'vs previous · vs last month · forecast'],
  ['Metric', 'metric=effective (default) · metric=billed · metric=list'],
  ['Share', 'public (post the answer to the channel)'],
];

export const HELP_TITLE = 'Ask me about cloud cost';
export const HELP_INTRO =
  'Ask where the cloud money goes, in plain words: combine a period, filters, a breakdown, top N, a trend, a comparison, a forecast and a metric. ' +
  'Every figure names its period, its metric and how fresh the data is.';

/** Messages that ask for help rather than for a figure (compared after `normalizeForHelp`). */
const HELP_PHRASES = new Set([
  '', 'help', '?', '-h', '--help', 'commands', 'usage', 'examples', 'hi', 'hello',
  'what can you do', 'what can i ask', 'what do you do', 'how do i use this', 'how does this work', 'how do i use you', 'how to use',
]);

/** Lower case, without surrounding punctuation or a leading slash: `What can you do?` → `what can you do`. */
function normalizeForHelp(text: string): string {
  return text.trim().toLowerCase().replace(/^\/+/, '').replace(/\s+/g, ' ').replace(/^[\s?!.]+$/, '?').replace(/[\s?!.]+$/, '');
}

/**
 * True when a message asks for help instead of a figure: an empty message, `help`, `?`,
 * `commands`, `what can you do?`, `how do I use this`… The same on every surface, so no
 * surface answers "what can you do?" with the month's total.
 */
export function isHelpRequest(text: string): boolean {
  return HELP_PHRASES.has(normalizeForHelp(text));
}

/**
 * The example questions this deployment can answer: those whose dimension keys exist and
 * which parse (a deployment without `model` offers no model question).
 */
export function exampleQuestions(asker: Pick<Asker, 'dimensionKeys' | 'parse'>, now: number): string[] {
  const keys = new Set(asker.dimensionKeys());
  return EXAMPLES.filter((e) => e.needs.every((k) => keys.has(k)) && asker.parse(e.text, now).error === null).map((e) => e.text);
}

/** Other commands, one line each, as later ones (`budget`, `snooze`…) are added to the command table. */
const COMMAND_LINES: [string, string][] = [
  ['help', 'this help: what to ask and how'],
  ['budget', 'budgets: show, set (administrators), request an override, history — budget help for the sentences'],
  ['idle gpu [last 7 days] [by team] [team=…]', 'GPUs that sat idle: hours, cost and owner, with a utilisation chart'],
  ['advice [team=…]', 'GPU savings a month, with the evidence: idle waste, right-sizing, spot'],
  ['per gpu-hour · per 1m tokens · per run', 'unit costs, e.g. per gpu-hour by model last month, per 1m tokens model=llama-70b'],
  ['snooze <scope> · unsnooze <scope>', 'silence alerts about team=nlp, model=llama-70b or budget:nlp-monthly for 24 h; snooze alone lists them'],
];

/** The help every surface shows. */
export function helpContent(asker: Pick<Asker, 'dimensionKeys' | 'parse'>, now: number): HelpContent {
  return { title: HELP_TITLE, intro: HELP_INTRO, grammar: GRAMMAR.map(([a, b]) => [a, b]), examples: exampleQuestions(asker, now), commands: COMMAND_LINES.map(([a, b]) => [a, b]) };
}

/** The help as plain text (the CLI, logs, a surface that cannot lay it out). */
export function helpAsText(help: HelpContent): string {
  const width = Math.max(...help.grammar.map(([part]) => part.length));
  return [
    help.title,
    '',
    help.intro,
    '',
    ...help.grammar.map(([part, examples]) => `  ${part.padEnd(width)}  ${examples}`),
    '',
    'Examples:',
    ...help.examples.map((e) => `  ${e}`),
    ...(help.commands.length ? ['', 'Commands:', ...help.commands.map(([c, what]) => `  ${c} — ${what}`)] : []),
  ].join('\n');
}
