import { describe, expect, it } from 'vitest';
import { followUps } from '../../../src/app/conversation/follow-ups.js';
import type { HelpContent } from '../../../src/app/conversation/types.js';
import { GRAMMAR } from '../../../src/app/conversation/help.js';
import type { Answer, ParsedQuery } from '../../../src/core/types.js';
import { renderAnswerBlocks } from '../../../src/chat/slack/render-blocks.js';
import { decodeAction } from '../../../src/chat/slack/render-buttons.js';
import { renderFailure, renderHelp, renderRejected } from '../../../src/chat/slack/render-help.js';
import { validateBlocks } from '../../../src/chat/slack/validate-blocks.js';
import type { SlackBlock } from '../../../src/chat/slack/types.js';

const DIMS = ['team', 'model', 'env', 'experiment', 'workload', 'accelerator'];

function query(over: Partial<ParsedQuery> = {}): ParsedQuery {
  return {
    text: 'by team last week', range: { start: '2026-11-16', end: '2026-11-23' }, filters: {}, groupBy: ['team'], granularity: null, top: null,
    compare: null, forecast: false, metric: 'effective', public: false, notes: [], error: null, ...over,
  };
}

function answer(over: Partial<Answer> = {}, q: Partial<ParsedQuery> = {}): Answer {
  return {
    query: query(q), range: { start: '2026-11-16', end: '2026-11-23' }, metric: 'effective', currency: 'USD', total: 48211.07,
    rows: [
      { key: { team: 'nlp' }, cost: 30112.4, share: 0.6246 },
      { key: { team: 'vision' }, cost: 16893.57, share: 0.3504 },
      { key: { team: '(untagged)' }, cost: 1205.1, share: 0.025 },
    ],
    compare: { range: { start: '2026-11-09', end: '2026-11-16' }, total: 41002, change: 0.1758 },
    forecast: null,
    unallocated: { dimension: 'team', cost: 1205.1, share: 0.025, resources: [] },
    freshness: '2026-11-22T23:00:00Z',
    notes: ['2.5% of this cost has no team: the largest untagged resource is i-0abc (412.00 USD)'],
    stats: { providerCalls: { focus: 0 }, cacheHits: 0, ms: 38 },
    ...over,
  };
}

const texts = (blocks: SlackBlock[]) => JSON.stringify(blocks);

describe('renderAnswerBlocks', () => {
  it('renders the answer: header, total with change, table, notes, buttons', () => {
    const a = answer();
    const msg = renderAnswerBlocks(a, followUps(a, { dimensions: DIMS, canShare: true }));
    expect(validateBlocks(msg.blocks)).toEqual([]);
    expect(msg.text).toBe('Cost by team · 2026-11-16 → 2026-11-22 (7 days): 48,211.07 USD');
    expect(msg.blocks).toMatchSnapshot();
  });

  it('gives every button a unique finops:<verb>:<name> action_id and the follow-up query as its value', () => {
    const a = answer();
    const ups = followUps(a, { dimensions: DIMS, canShare: true });
    const actions = renderAnswerBlocks(a, ups).blocks.find((b) => b.type === 'actions')!.elements as SlackBlock[];
    expect(actions.map((b) => [b.action_id, b.value])).toEqual(ups.map((u) => [`finops:${u.verb}:${u.name}`, u.id]));
    expect(new Set(actions.map((b) => b.action_id)).size).toBe(actions.length);
  });

  it('escapes hostile keys and notes: no @channel pings, no broken code blocks', () => {
    const a = answer({
      rows: [{ key: { team: '<!channel> ```evil``` & <@U123>' }, cost: 1, share: 1 }],
      total: 1,
      notes: ['<!here> see <https://evil.example|this>'],
    });
    const json = texts(renderAnswerBlocks(a, []).blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<!here>');
    expect(json).not.toContain('<@U123>');
    expect(json).not.toContain('<https://evil');
    expect(json).toContain('&lt;!channel&gt;');
    const table = renderAnswerBlocks(a, []).blocks[2]!.text as { text: string };
    expect(table.text.match(/```/g)).toHaveLength(2);
  });

  it('stays within every Block Kit limit on a huge answer: 100 rows, 400 points, 10 notes, very long keys', () => {
    const long = 'k'.repeat(500);
    const rows = Array.from({ length: 100 }, (_, i) => ({ key: { team: `${long}-${i}`, model: `${long}-m${i}` }, cost: 1000 - i, share: 0.01 }));
    const series = Array.from({ length: 400 }, (_, i) => ({ start: new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10), cost: 100 + (i % 17) }));
    const notes = Array.from({ length: 10 }, (_, i) => `note ${i}: ${'n'.repeat(2500)}`);
    const a = answer(
      { rows, series, notes, total: rows.reduce((s, r) => s + r.cost, 0) },
      { groupBy: ['team', 'model'], granularity: 'day', filters: { env: { in: [long] } }, text: long },
    );
    const ups = followUps(a, { dimensions: DIMS, canShare: true });
    const msg = renderAnswerBlocks(a, ups, {
      chart: { kind: 'slack_file', id: 'F123', alt: 'a'.repeat(5000) },
      extraNotes: ['extra note'],
      sharedBy: 'U0ALICE',
    });
    expect(validateBlocks(msg.blocks)).toEqual([]);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    const header = msg.blocks[0]!.text as { text: string };
    expect([...header.text].length).toBeLessThanOrEqual(150);
    // All 100 rows are listed (over several sections), and the series is summarised.
    const table = msg.blocks.filter((b) => b.type === 'section').map((b) => (b.text as { text: string }).text).join('\n');
    expect(table).toContain('1,000.00 USD');
    expect(table).toContain('901.00 USD');
    expect(table).toContain('400 day points');
    // Notes past the tenth context element share the last one.
    const context = msg.blocks.find((b) => b.type === 'context')!.elements as SlackBlock[];
    expect(context).toHaveLength(10);
    expect(texts(context)).toContain('extra note');
    expect(texts(context)).toContain('note 9: nnn');
    expect(msg.text.length).toBeLessThanOrEqual(4000);
  });

  it('folds what does not fit into "… and N more lines" when the rows outgrow the blocks', () => {
    const rows = Array.from({ length: 6000 }, (_, i) => ({ key: { team: `team-${i}` }, cost: 6000 - i, share: 0.0001 }));
    const msg = renderAnswerBlocks(answer({ rows }), []);
    expect(validateBlocks(msg.blocks)).toEqual([]);
    const hidden = /… and (\d+) more lines/.exec(texts(msg.blocks));
    expect(hidden).not.toBeNull();
    const shownLines = msg.blocks
      .filter((b) => b.type === 'section')
      .map((b) => (b.text as { text: string }).text)
      .join('\n')
      .split('\n')
      .filter((l) => / USD /.test(l)).length;
    expect(shownLines).toBeGreaterThan(1000);
    expect(shownLines + Number(hidden![1])).toBe(6000);
  });

  it('lists a short series, shows forecast, and drops a follow-up whose query is too long for a button', () => {
    const series = [{ start: '2026-11-16', cost: 10 }, { start: '2026-11-17', cost: 20 }];
    const a = answer({
      rows: [], series, forecast: { total: 99, range: { start: '2026-11-01', end: '2026-12-01' }, actual: 50, dailyRunRate: 3.3, method: 'run-rate' },
    }, { groupBy: [], granularity: 'day' });
    const msg = renderAnswerBlocks(a, [
      { verb: 'ask', name: 'by-team', label: 'By team', id: 'by team' },
      { verb: 'ask', name: 'by-model', label: 'By model', id: 'x'.repeat(2001) },
    ]);
    const json = texts(msg.blocks);
    expect(json).toContain('2026-11-17');
    expect(json).toContain('Forecast: *99.00 USD*');
    const buttons = msg.blocks.find((b) => b.type === 'actions')!.elements as SlackBlock[];
    expect(buttons.map((b) => b.action_id)).toEqual(['finops:ask:by-team']);
  });

  it('renders a button that asks for a text as finops-input:<verb>:<name>, its question in the value, and reads it back', () => {
    const msg = renderAnswerBlocks(answer(), [{ verb: 'override.deny', name: 'deny', label: 'Deny', id: '42', style: 'danger', input: { label: 'Why deny?', required: true } }]);
    const [button] = msg.blocks.find((b) => b.type === 'actions')!.elements as SlackBlock[];
    expect(button).toMatchObject({ action_id: 'finops-input:override.deny:deny', style: 'danger' });
    expect(decodeAction(button!.action_id as string, button!.value)).toEqual({ verb: 'override.deny', id: '42', input: { label: 'Why deny?', required: true } });
    expect(decodeAction('finops:ask:trend', 'by team daily')).toEqual({ verb: 'ask', id: 'by team daily' });
    expect(decodeAction('finops_trend', 'by team daily')).toEqual({ verb: 'ask', id: 'by team daily' });
    expect(decodeAction('finops-input:override.deny:deny', 'not json')).toBeNull();
    expect(decodeAction('other_app', 'x')).toBeNull();
  });

  it('renders a QuickChart URL as image_url', () => {
    const msg = renderAnswerBlocks(answer(), [], { chart: { kind: 'url', url: 'https://qc.example.com/chart?c=1', alt: 'bars' } });
    expect(msg.blocks.find((b) => b.type === 'image')).toMatchObject({ image_url: 'https://qc.example.com/chart?c=1', alt_text: 'bars' });
  });
});

describe('validateBlocks', () => {
  it('reports each limit it is given a reason to', () => {
    const button = (id: string, text = 'ok', value = 'v') => ({ type: 'button', action_id: id, text: { type: 'plain_text', text }, value });
    const blocks: SlackBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
      { type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } },
      { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
      { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) },
      { type: 'actions', elements: [button('a'), button('a'), button('b', 'x'.repeat(76)), button('c', 'ok', 'v'.repeat(2001))] },
      { type: 'image', image_url: 'u'.repeat(3001), alt_text: 'x' },
      { type: 'image', alt_text: '' },
      { type: 'table' },
      ...Array.from({ length: 43 }, () => ({ type: 'divider' })),
    ];
    const problems = validateBlocks(blocks);
    expect(problems).toEqual([
      '51 blocks; at most 50',
      'blocks[0] (header): header text must be 1..150 characters, is 151',
      'blocks[1] (section): text is 3001 characters; at most 3000',
      'blocks[2] (section): 11 fields; at most 10',
      'blocks[3] (context): context needs 1..10 elements, has 11',
      'blocks[4] (actions): elements[1].action_id a is not unique',
      'blocks[4] (actions): elements[2] button text must be 1..75 characters',
      'blocks[4] (actions): elements[3].value is 2001 characters; at most 2000',
      'blocks[5] (image): image_url is 3001 characters; at most 3000',
      'blocks[6] (image): an image needs exactly one of image_url and slack_file',
      'blocks[6] (image): alt_text must be 1..2000 characters',
      'blocks[7] (table): block type table is not one this adapter renders',
    ]);
  });
});

describe('help and error messages', () => {
  const EXAMPLES = ['by team last week', 'forecast'];
  const HELP: HelpContent = { title: 'Ask me about cloud cost', intro: 'Ask where the money goes.', grammar: [...GRAMMAR], examples: EXAMPLES, commands: [['help', 'this help']] };

  it('help lists examples with the command prefix, and fits the limits', () => {
    const msg = renderHelp(HELP, '/cost ');
    expect(validateBlocks(msg.blocks)).toEqual([]);
    expect(texts(msg.blocks)).toContain('`/cost by team last week`');
    expect(texts(renderHelp(HELP, '').blocks)).toContain('`by team last week`');
  });

  it('a rejected query shows the parser message escaped, its suggestions as buttons, and examples', () => {
    const msg = renderRejected({ asked: '<!channel> modle=x', message: 'unknown key modle — did you mean model?', suggestions: ['model=x'], examples: EXAMPLES }, '/cost ');
    expect(validateBlocks(msg.blocks)).toEqual([]);
    expect(texts(msg.blocks)).not.toContain('<!channel>');
    expect(texts(msg.blocks)).toContain('did you mean model?');
    expect(msg.blocks.find((b) => b.block_id === 'finops_suggestions')).toMatchObject({ elements: [{ action_id: 'finops:ask:suggestion-0', value: 'model=x' }] });
  });

  it('a failure gives a reference and stays short for a huge query', () => {
    const msg = renderFailure({ asked: 'q'.repeat(10_000), reference: 'abcd1234', examples: EXAMPLES }, '/cost ');
    expect(validateBlocks(msg.blocks)).toEqual([]);
    expect(msg.text).toContain('abcd1234');
  });
});
