import { describe, expect, it } from 'vitest';
import { EXAMPLE_QUESTIONS, helpAsText, isHelpRequest } from '../../../src/app/conversation/help.js';
import { commandFor, COMMANDS, DEFAULT_COMMAND } from '../../../src/app/conversation/commands.js';

describe('isHelpRequest', () => {
  it.each(['', ' ', 'help', 'HELP', '?', '??', '--help', '-h', 'commands', 'what can you do?', 'What can you do', 'how do I use this?', 'how does this work', 'examples'])('%j asks for help', (t) => expect(isHelpRequest(t)).toBe(true));
  it.each(['help me with llama costs', 'by team', 'helpdesk', 'what did training cost?', 'spot savings'])('%j is not a bare request for help', (t) => expect(isHelpRequest(t)).toBe(false));
});

describe('the command table', () => {
  it('routes a leading command word to its use case and anything else to ask', () => {
    expect(commandFor('help me with budgets')).toEqual({ command: COMMANDS.help, rest: 'me with budgets' });
    expect(commandFor('/HELP')).toEqual({ command: COMMANDS.help, rest: '' });
    expect(commandFor('by team last week')).toEqual({ command: DEFAULT_COMMAND, rest: 'by team last week' });
    expect(commandFor('helpdesk by team').command).toBe(DEFAULT_COMMAND);
    // A word that is an Object property is not a command.
    expect(commandFor('constructor by team').command).toBe(DEFAULT_COMMAND);
  });
});

describe('helpAsText', () => {
  it('lays the help out for a terminal: the grammar aligned, the examples, the commands', () => {
    const text = helpAsText({ title: 'T', intro: 'I', grammar: [['Group', 'by team'], ['Time', 'last week']], examples: [...EXAMPLE_QUESTIONS].slice(0, 2), commands: [['help', 'this help']] });
    expect(text).toBe('T\n\nI\n\n  Group  by team\n  Time   last week\n\nExamples:\n  by team last week\n  model=llama-70b last 30 days daily\n\nCommands:\n  help — this help');
  });
});
