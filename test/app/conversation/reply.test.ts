import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CostEngine } from '../../../src/app/cost-engine.js';
import { EXAMPLE_QUESTIONS } from '../../../src/app/conversation/help.js';
import type { Asker, ConversationDeps } from '../../../src/app/conversation/ports.js';
import { reply, tooLongMessage } from '../../../src/app/conversation/reply.js';
import type { Asking } from '../../../src/app/conversation/ask-question.js';
import type { ParsedQuery } from '../../../src/core/types.js';
import { sampleEngine } from '../../helpers/test-engine.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const logs: Record<string, unknown>[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });

let engine: CostEngine;
beforeAll(async () => {
  engine = await sampleEngine();
});

const deps = (asker: Asker = engine): ConversationDeps => ({ asker, clock: () => NOW, logger });
const asking = (text: string, over: Partial<Asking> = {}): Asking => ({
  text,
  identity: { platform: 'slack', userId: 'U0ALICE' },
  conversation: { channelId: 'C0COSTS', private: true, isDm: false, canShare: true },
  ...over,
});

describe('reply', () => {
  it('answers a question with the engine\'s answer, its follow-up buttons and its chart', async () => {
    const r = await reply(deps(), asking('by team last week'));
    const expected = await engine.ask('by team last week', NOW);
    if (r.kind !== 'answer' || !expected.ok) throw new Error(`expected an answer, got ${r.kind}`);

    expect(r.answer.total).toBe(expected.answer.total);
    expect(r.public).toBe(false);
    expect(r.actions.map((b) => [b.verb, b.name])).toEqual([['ask', 'by-model'], ['ask', 'by-workload'], ['ask', 'trend'], ['ask', 'compare'], ['share', 'share']]);
    expect(r.actions.every((b) => b.id.length > 0 && b.id.length <= 1900)).toBe(true);
    expect(r.chart).toMatchObject({ alt: expect.stringMatching(/^Bar chart: Cost by team/), currency: 'USD', config: { type: 'bar' } });
  });

  it('offers no Share button where there is no one to share with, and marks a `public` question', async () => {
    const dm = await reply(deps(), asking('by team last week', { conversation: { channelId: 'D0ALICE', private: true, isDm: true, canShare: false } }));
    const pub = await reply(deps(), asking('by team last week public'));
    if (dm.kind !== 'answer' || pub.kind !== 'answer') throw new Error('expected answers');
    expect(dm.actions.map((b) => b.verb)).not.toContain('share');
    expect(pub.public).toBe(true);
    expect(pub.actions.map((b) => b.verb)).not.toContain('share');
  });

  it.each(['', '   ', 'help', 'HELP', '?', 'what can you do?', 'What can I ask', 'how do I use this?', 'commands', '/help', 'help budgets'])('gives help for %j', async (text) => {
    const r = await reply(deps(), asking(text));
    if (r.kind !== 'help') throw new Error(`expected help, got ${r.kind}`);
    expect(r.help.title).toBe('Ask me about cloud cost');
    expect(r.help.examples).toEqual([...EXAMPLE_QUESTIONS]);
    expect(r.help.grammar.length).toBeGreaterThan(4);
    expect(r.help.commands).toContainEqual(['help', expect.any(String)]);
  });

  it('rejects a question over the one length cap, saying how long it may be, without asking the engine', async () => {
    const asked: string[] = [];
    const spy: Asker = { ...bound(engine), ask: async (text, now) => (asked.push(text), engine.ask(text, now)) };
    const r = await reply(deps(spy), asking(`by team ${'x'.repeat(2100)}`));
    expect(r).toMatchObject({ kind: 'rejected', message: tooLongMessage(2108), suggestions: [] });
    expect(tooLongMessage(2108)).toMatch(/too long \(2108 characters; at most 2000\)/);
    expect(asked).toEqual([]);
  });

  it('rejects a question the parser refuses, with its message, the parsed query, its suggestions and the examples', async () => {
    const refused: ParsedQuery = { ...engine.parse('by team', NOW), error: 'unknown key modle — did you mean model?', suggestions: ['model=x'] };
    const stub: Asker = { ...bound(engine), ask: async () => ({ ok: false, query: refused, message: refused.error! }) };
    const r = await reply(deps(stub), asking('modle=x'));
    expect(r).toEqual({ kind: 'rejected', asked: 'modle=x', message: 'unknown key modle — did you mean model?', suggestions: ['model=x'], examples: [...EXAMPLE_QUESTIONS], query: refused });
    const real = await reply(deps(), asking('modle=x'));
    expect(real).toMatchObject({ kind: 'rejected', message: 'unknown key modle — did you mean model?', suggestions: [] });
  });

  it('answers a failure on our side with a short reference that is also in the log, with the error', async () => {
    const broken: Asker = { ...bound(engine), ask: async () => { throw new Error('disk on fire'); } };
    const r = await reply(deps(broken), asking('by team last week', { identity: { platform: 'teams', userId: 'aad-1' } }));
    if (r.kind !== 'failed') throw new Error(`expected a failure, got ${r.kind}`);
    expect(r.reference).toMatch(/^[0-9a-f]{8}$/);
    const logged = logs.find((l) => l.reference === r.reference);
    expect(logged).toMatchObject({ msg: 'answering a Teams question failed', err: { message: 'disk on fire' }, user: 'aad-1' });
    expect(r.examples.length).toBeGreaterThan(0);
  });

  it('uses the asking clock when given, else the bot\'s', async () => {
    const r = await reply(deps(), asking('yesterday', { now: Date.parse('2026-11-20T08:00:00Z') }));
    if (r.kind !== 'answer') throw new Error('expected an answer');
    expect(r.answer.range).toEqual({ start: '2026-11-19', end: '2026-11-20' });
  });

  it('keeps only the examples this deployment can answer', async () => {
    const noModel: Asker = { ...bound(engine), dimensionKeys: () => engine.dimensionKeys().filter((k) => k !== 'model') };
    const r = await reply(deps(noModel), asking('help'));
    if (r.kind !== 'help') throw new Error('expected help');
    expect(r.help.examples).toEqual(EXAMPLE_QUESTIONS.filter((q) => !/model/.test(q)));
  });
});

/** The engine's methods bound, so a test can replace one of them. */
function bound(e: CostEngine): Asker {
  return { ask: (t, n) => e.ask(t, n), parse: (t, n) => e.parse(t, n), dimensionKeys: () => e.dimensionKeys(), knownValues: () => e.knownValues() };
}
