import { describe, expect, it } from 'vitest';
import { isHelpRequest } from '../../../src/app/conversation/help.js';
import { normalizeIncoming } from '../../../src/chat/slack/normalize-incoming.js';

describe('normalizeIncoming', () => {
  it.each([
    ['<@UBOT> by team last week', 'by team last week'],
    ['<@UBOT|finops> by   team\nlast week', 'by team last week'],
    ['team=r&amp;d env!=dev', 'team=r&d env!=dev'],
    ['cost in <#C0COSTS|ml-costs> &lt;yesterday&gt;', 'cost in ml-costs <yesterday>'],
    ['<!here> by team', 'by team'],
    ['see <https://example.com/x|the report> <mailto:a@b.c>', 'see the report mailto:a@b.c'],
    ['', ''],
    ['   ', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeIncoming(input)).toBe(expected);
  });
});

describe('isHelpRequest', () => {
  it.each(['', ' ', 'help', 'HELP', '?', '--help'])('%j asks for help', (t) => expect(isHelpRequest(t)).toBe(true));
  it.each(['help me with llama costs', 'by team', 'helpdesk'])('%j is a question', (t) => expect(isHelpRequest(t)).toBe(false));
});
