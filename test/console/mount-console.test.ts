import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartConfigFor } from '../../src/charts/chart-config.js';
import { EXAMPLE_QUESTIONS } from '../../src/app/conversation/help.js';
import { readAskBody } from '../../src/server/read-ask-body.js';
import { resolveConsolePublicDir } from '../../src/console/public-dir.js';
import { ChartHost, NOW, sampleEngine, startConsoleServer } from './console-fixture.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field below
type Json = any;
const json = (res: Response): Promise<Json> => res.json() as Promise<Json>;

const PUBLIC_DIR = fileURLToPath(new URL('../../src/console/public/', import.meta.url));

describe('resolveConsolePublicDir', () => {
  it('finds the files next to the sources (tests, tsx)', () => {
    expect(resolveConsolePublicDir(new URL('../../src/console/mount-console.ts', import.meta.url).href)).toBe(PUBLIC_DIR);
  });
  it('finds them back in src/ from the compiled module in dist/ (tsc does not copy them)', () => {
    expect(resolveConsolePublicDir(new URL('../../dist/console/mount-console.js', import.meta.url).href)).toBe(PUBLIC_DIR);
  });
  it('says what to do when they are nowhere', () => {
    expect(() => resolveConsolePublicDir('file:///nowhere/at/all/module.js')).toThrow(/src\/console\/public is shipped/);
  });
});

describe('readAskBody', () => {
  const clock = () => NOW;
  it('reads the text and the optional now', () => {
    expect(readAskBody({ text: 'by team' }, clock)).toEqual({ ok: true, text: 'by team', now: NOW });
    expect(readAskBody({ text: 'by team', now: '2026-01-02T00:00:00Z' }, clock)).toEqual({ ok: true, text: 'by team', now: Date.parse('2026-01-02T00:00:00Z') });
  });
  it('rejects bad bodies with a message that says how to fix them', () => {
    expect(readAskBody(null, clock)).toMatchObject({ ok: false, error: expect.stringMatching(/Send a JSON body/) });
    expect(readAskBody({ text: 42 }, clock)).toMatchObject({ ok: false, error: expect.stringMatching(/Send a JSON body/) });
    expect(readAskBody({ text: 'by team', now: 'yesterday-ish' }, clock)).toMatchObject({ ok: false, error: expect.stringMatching(/"now" must be an ISO time/) });
  });

  it('leaves an empty question (help) and the length cap to the conversation layer', () => {
    expect(readAskBody({ text: '   ' }, clock)).toEqual({ ok: true, text: '   ', now: NOW });
    expect(readAskBody({ text: 'x'.repeat(2001) }, clock)).toMatchObject({ ok: true });
  });
});

describe('mountConsole over HTTP', () => {
  let server: Awaited<ReturnType<typeof startConsoleServer>>;
  let host: ChartHost;
  beforeAll(async () => {
    host = new ChartHost();
    server = await startConsoleServer({ chartHost: host, config: { teams: {} } });
  });
  afterAll(() => server.close());

  const post = (body: unknown, raw = false) =>
    fetch(`${server.base}/api/console/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ? (body as string) : JSON.stringify(body) });

  it('serves the page at / with a strict content security policy', async () => {
    const res = await fetch(`${server.base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/console/app.js">');
    expect(html).not.toMatch(/https?:\/\//); // no CDN: the bot often runs without internet
  });

  it('serves the scripts, the stylesheet and Chart.js from node_modules', async () => {
    for (const [path, type] of [['/console/app.js', /javascript/], ['/console/render-card.js', /javascript/], ['/console/render-notice.js', /javascript/], ['/console/style.css', /text\/css/], ['/vendor/chart.umd.js', /javascript/]] as const) {
      const res = await fetch(server.base + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(type);
    }
    expect(await (await fetch(`${server.base}/vendor/chart.umd.js`)).text()).toMatch(/Chart\.js v4/);
    expect((await fetch(`${server.base}/console/nope.js`)).status).toBe(404);
    expect((await fetch(`${server.base}/console/../../package.json`)).status).toBe(404);
  });

  it('never uses innerHTML in the page scripts', async () => {
    for (const file of ['app.js', 'render-card.js', 'render-notice.js', 'channel-feed.js', 'dom.js', 'draw-chart.js']) {
      expect(await (await fetch(`${server.base}/console/${file}`)).text(), file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    }
  });

  it('GET /api/console/meta: examples that parse, dimensions, the sample source, team channels from the data', async () => {
    const meta = await json(await fetch(`${server.base}/api/console/meta`));
    expect(meta.examples).toEqual([...EXAMPLE_QUESTIONS]);
    expect(meta.dimensions).toEqual(expect.arrayContaining(['team', 'model', 'workload']));
    expect(meta.sample).toBe(true);
    expect(meta.dataSources[0]).toMatchObject({ id: 'sample', rows: expect.any(Number) });
    expect(meta.now).toBe('2026-11-26T12:00:00.000Z');
    expect(meta.channels.map((c: { id: string }) => c.id)).toEqual(['ask', 'team-nlp', 'team-platform', 'team-recsys', 'team-speech', 'team-vision']);
  });

  it('POST /api/console/ask: the answer, its wording, the follow-ups (no sharing) and the chart', async () => {
    const res = await post({ text: 'by team last week vs previous' });
    expect(res.status).toBe(200);
    const reply = await json(res);
    expect(reply.kind).toBe('answer');
    expect(reply.actions.map((a: { verb: string }) => a.verb)).toEqual(['ask', 'ask', 'ask']);
    expect(reply.answer.range).toEqual({ start: '2026-11-16', end: '2026-11-23' });
    expect(reply.view).toMatchObject({ title: 'Cost by team', range: '2026-11-16 → 2026-11-22 (7 days)', metric: 'effective cost (amortized)', columns: ['team'] });
    expect(reply.view.total).toMatch(/^[\d,]+\.\d\d USD$/);
    expect(reply.view.change).toMatch(/^[▲▼] \d+\.\d%$/);
    expect(reply.view.rows).toHaveLength(reply.answer.rows.length);
    expect(reply.followUps.map((f: { id: string }) => f.id)).toEqual(['by-model', 'by-workload', 'trend']);
    expect(reply.followUps.some((f: { id: string }) => f.id === 'share')).toBe(false);
    expect(reply.chart).toEqual(JSON.parse(JSON.stringify(chartConfigFor(reply.answer))));
    expect(reply.chartAlt).toMatch(/^Bar chart: Cost by team/);
  });

  it('hosts the chart PNG when the console has a chart host', async () => {
    const reply = await json(await post({ text: 'by team last week' }));
    expect(reply.imageUrl).toMatch(/^\/charts\/[A-Za-z0-9_-]{22}\.png$/);
    const png = await fetch(server.base + reply.imageUrl);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(host.size).toBeGreaterThan(0);
  });

  it('a follow-up text asks the drill-down it promises', async () => {
    const first = await json(await post({ text: 'by team last week' }));
    const byModel = first.followUps.find((f: { id: string }) => f.id === 'by-model');
    const second = await json(await post({ text: byModel.text }));
    expect(second.view.title).toBe('Cost by model');
    expect(second.answer.range).toEqual(first.answer.range);
    expect(second.answer.total).toBe(first.answer.total);
  });

  it('rejects a question with 400 {error, query, examples}: the message says how to fix it', async () => {
    const res = await post({ text: '<img src=x onerror=alert(1)>' });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error).toMatch(/known keys are/);
    expect(body.query.text).toBe('<img src=x onerror=alert(1)>');
    expect(body.examples).toContain('by team last week');
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('rejects malformed, too long and huge bodies', async () => {
    const bad = await post('{"text": ', true);
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatch(/not valid JSON/);
    const long = await post({ text: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    expect((await json(long)).error).toMatch(/too long \(2001 characters; at most 2000\)/);
    const huge = await post({ text: 'x'.repeat(40_000) });
    expect(huge.status).toBe(413);
  });

  it.each(['', 'help', 'what can you do?'])('answers %j with the help: the grammar and the examples', async (text) => {
    const res = await post({ text });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.kind).toBe('help');
    expect(body.help.title).toBe('Ask me about cloud cost');
    expect(body.help.examples).toEqual([...EXAMPLE_QUESTIONS]);
    expect(body.help.grammar.map((g: string[]) => g[0])).toContain('Time');
  });

  it('GET /api/console/channels/:id/messages: [] for a channel without a store, 404 otherwise', async () => {
    const ok = await fetch(`${server.base}/api/console/channels/team-nlp/messages`);
    expect(await json(ok)).toEqual([]);
    const missing = await fetch(`${server.base}/api/console/channels/team-nope/messages`);
    expect(missing.status).toBe(404);
    expect((await json(missing)).error).toMatch(/GET \/api\/console\/meta lists the channels/);
  });

  it('keeps the server’s own routes working', async () => {
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"by team last week"}' })).status).toBe(200);
  });
});

describe('team channels', () => {
  it('come from config.teams when it names teams', async () => {
    const server = await startConsoleServer({ config: { teams: { nlp: {}, search: {} } as never } });
    try {
      const meta = await json(await fetch(`${server.base}/api/console/meta`));
      expect(meta.channels.map((c: { name: string }) => c.name)).toEqual(['ask', 'nlp', 'search']);
      expect((await sampleEngine()).knownValues().team).not.toContain('search');
    } finally {
      await server.close();
    }
  });
});
