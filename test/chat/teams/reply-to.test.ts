import { beforeAll, describe, expect, it } from 'vitest';
import type { CostEngine } from '../../../src/app/cost-engine.js';
import { ChartHost } from '../../../src/charts/index.js';
import { defaultCharts } from '../../../src/chat/default-charts.js';
import { readEnvironment } from '../../../src/config/index.js';
import { cardBytes, MAX_CARD_BYTES } from '../../../src/chat/teams/card-elements.js';
import { normalizeText, replyTo } from '../../../src/chat/teams/reply-to.js';
import { captureLogger, NOW, testConfig, testEngine, testRecords } from './test-helpers.js';
import type { TeamsDeps } from '../../../src/chat/teams/types.js';

describe('normalizeText', () => {
  it.each([
    ['cost by team last week', 'by team last week'],
    ['/cost by team', 'by team'],
    ['Costs  by team', 'by team'],
    ['cost', ''],
    ['by team\u00a0last&nbsp;week\n', 'by team last week'],
    ['by team <at>Grace Hopper</at> last week', 'by team Grace Hopper last week'],
    ['team=r&amp;d by model', 'team=r&d by model'],
    ['cost-center=x', 'cost-center=x'],
    ['costly by team', 'costly by team'],
    ['', ''],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeText(raw)).toBe(expected);
  });

  it('does not let an entity become a tag', () => {
    expect(normalizeText('&lt;at&gt;x&lt;/at&gt; by team')).toBe('<at>x</at> by team');
  });
});

describe('replyTo', () => {
  let engine: CostEngine;
  const deps = (over: Partial<TeamsDeps> = {}): TeamsDeps => ({
    asker: engine, logger: captureLogger().logger, clock: () => NOW, config: testConfig(), env: readEnvironment({}), store: {} as never, charts: null, ...over,
  });
  beforeAll(async () => {
    engine = await testEngine(testRecords(), testConfig(), captureLogger().logger);
  });

  it('answers with the engine\'s total and marks a `public` question for sharing', async () => {
    const expected = await engine.ask('by team last week public', NOW);
    if (!expected.ok) throw new Error(expected.message);
    const reply = await replyTo('cost by team last week public', deps(), { canShare: true, logger: captureLogger().logger });
    expect(reply).toMatchObject({ kind: 'answer', public: true, total: expected.answer.total });
  });

  it('answers `cost` alone with the default range, and an empty message with help', async () => {
    const logger = captureLogger().logger;
    expect((await replyTo('cost', deps(), { canShare: false, logger })).kind).toBe('answer');
    expect((await replyTo('  ', deps(), { canShare: false, logger })).kind).toBe('help');
    expect((await replyTo('HELP', deps(), { canShare: false, logger })).kind).toBe('help');
  });

  it('draws a real chart into the card as a data: URI without a public URL', async () => {
    const reply = await replyTo('by team daily last week', deps({ charts: defaultCharts() }), { canShare: false, logger: captureLogger().logger });
    const image = reply.card.body.find((e) => e.type === 'Image') as { url: string } | undefined;
    expect(image?.url).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(cardBytes(reply.card)).toBeLessThan(MAX_CARD_BYTES);
    expect(reply.withoutChart?.().body.some((e) => e.type === 'Image')).toBe(false);
  });

  it('answers a too-long question with how long it may be, not a crash', async () => {
    const reply = await replyTo(`by team ${'x '.repeat(3000)}`, deps(), { canShare: false, logger: captureLogger().logger });
    expect(reply.kind).toBe('rejected');
    expect(JSON.stringify(reply.card)).toMatch(/too long/);
    expect(cardBytes(reply.card)).toBeLessThan(MAX_CARD_BYTES);
  });

  it('draws a real chart (src/charts) and links it through the chart host', async () => {
    const host = new ChartHost({ clock: () => NOW });
    const reply = await replyTo('by team daily last week', deps({ charts: defaultCharts(), chartHost: host, publicUrl: 'https://bot.example.com' }), { canShare: false, logger: captureLogger().logger });
    const image = reply.card.body.find((e) => e.type === 'Image') as { url: string; altText: string } | undefined;
    expect(image?.url).toMatch(/^https:\/\/bot\.example\.com\/charts\/[A-Za-z0-9_-]{22}\.png$/);
    expect(host.get(/charts\/(.+)\.png$/.exec(image!.url)![1]!)?.png.subarray(1, 4).toString()).toBe('PNG');
    expect(image!.altText.length).toBeGreaterThan(10);
  });
});
