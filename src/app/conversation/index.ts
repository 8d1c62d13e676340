/**
 * The conversation layer: platform-free use cases every surface calls with a verified
 * `Identity` — reply to a message (`reply`), handle a button (`handleAction`) — and the
 * ports notices go through (`Notifier`). See README.md's Architecture section.
 */
export * from './types.js';
export type { AskResult, Asker, ChartPng, ChartRenderer, ConversationDeps, QuickChartTarget } from './ports.js';
export { reply, tooLongMessage } from './reply.js';
export { askQuestion, failureReference, type Asking } from './ask-question.js';
export { COMMANDS, DEFAULT_COMMAND, commandFor, type Command, type CommandRequest } from './commands.js';
export { ACTIONS, actionHandler, handleAction, isActionVerb, unsupportedAction, type ActionUseCase } from './actions.js';
export { EXAMPLES, EXAMPLE_QUESTIONS, GRAMMAR, exampleQuestions, helpAsText, helpContent, isHelpRequest } from './help.js';
export { followUps } from './follow-ups.js';
export { chartSpecFor, replyChart } from './chart-spec.js';
export { notifierFor } from './notifiers.js';
