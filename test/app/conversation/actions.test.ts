import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CostEngine } from '../../../src/app/cost-engine.js';
import { ACTIONS, handleAction, isActionVerb } from '../../../src/app/conversation/actions.js';
import type { ConversationDeps } from '../../../src/app/conversation/ports.js';
import { ACTION_VERBS, type ActionRequest } from '../../../src/app/conversation/types.js';
import { sampleEngine } from '../../helpers/test-engine.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');
let deps: ConversationDeps;
beforeAll(async () => {
  const engine: CostEngine = await sampleEngine();
  deps = { asker: engine, clock: () => NOW, logger: pino({ level: 'silent' }) };
});

const click = (verb: string, id: string): Omit<ActionRequest, 'verb'> & { verb: string } => ({
  verb, id, now: NOW,
  identity: { platform: 'slack', userId: 'U0ALICE' },
  conversation: { channelId: 'C0COSTS', private: true, isDm: false, canShare: true },
});

describe('the action table', () => {
  it('knows only verbs of ACTION_VERBS, each at most once', () => {
    for (const verb of Object.keys(ACTIONS)) expect(ACTION_VERBS).toContain(verb);
    expect(isActionVerb('ask')).toBe(true);
    expect(isActionVerb('approve')).toBe(false);
    expect(isActionVerb(42)).toBe(false);
  });

  it('ask: answers the query the button carries, replacing the clicked answer', async () => {
    const result = await handleAction(deps, click('ask', 'by model top 10 2026-11-16 to 2026-11-22'));
    expect(result).toMatchObject({ kind: 'reply', replace: true, reply: { kind: 'answer', public: false, answer: { query: { groupBy: ['model'] } } } });
  });

  it('share: answers the query for everyone, as a new message with no Share button of its own', async () => {
    const result = await handleAction(deps, click('share', 'by team 2026-11-16 to 2026-11-22'));
    if (result.kind !== 'reply' || result.reply.kind !== 'answer') throw new Error('expected an answer');
    expect(result.replace).toBe(false);
    expect(result.reply.public).toBe(true);
    expect(result.reply.actions.map((b) => b.verb)).not.toContain('share');
  });

  it('answers a verb with no use case yet, or an unknown one, with a private notice that says so', async () => {
    for (const verb of ['approve', 'x'.repeat(500)]) {
      const result = await handleAction(deps, click(verb, '42'));
      expect(result).toMatchObject({ kind: 'private', notice: { kind: 'unsupported-action', tone: 'warning' } });
      if (result.kind === 'private') expect(result.notice.text.length).toBeLessThan(300);
    }
  });

  it('answers Approve, Deny and Request override on a surface without budgets (no services) with a private notice, deciding nothing', async () => {
    for (const verb of ['override.approve', 'override.deny', 'override.request']) {
      const result = await handleAction(deps, click(verb, '42'));
      expect(result).toMatchObject({ kind: 'private', notice: { kind: 'budgets-unavailable', text: expect.stringContaining('Budgets are not available here') } });
    }
  });
});
