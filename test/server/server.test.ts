import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server/create-server.js';
import { sampleEngine, silentLogger } from '../helpers/test-engine.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');
let server: Server;
let base: string;

beforeAll(async () => {
  const engine = await sampleEngine();
  server = createServer({ engine, logger: silentLogger, clock: () => NOW }).listen(0);
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response): Promise<any> => res.json();

const ask = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${base}/api/ask`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('POST /api/ask', () => {
  it('answers {text} with the answer JSON', async () => {
    const res = await ask({ text: 'by team last week' });
    expect(res.status).toBe(200);
    const a = await json(res);
    expect(a.range).toEqual({ start: '2026-11-16', end: '2026-11-23' });
    expect(a.rows.reduce((s: number, r: { cost: number }) => s + Math.round(r.cost * 100), 0)).toBe(Math.round(a.total * 100));
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('takes an optional now', async () => {
    const a = await json(await ask({ text: 'yesterday', now: '2026-11-20T08:00:00Z' }));
    expect(a.range).toEqual({ start: '2026-11-19', end: '2026-11-20' });
  });

  it('answers the same figure as a filtered query for that group (conservation)', async () => {
    const grouped = await json(await ask({ text: 'by team last week' }));
    const nlp = grouped.rows.find((r: { key: { team: string } }) => r.key.team === 'nlp');
    const filtered = await json(await ask({ text: 'team=nlp last week' }));
    expect(Math.abs(Math.round(filtered.total * 100) - Math.round(nlp.cost * 100))).toBeLessThanOrEqual(1);
  });

  it('refuses a rejected query with 400, the message and the parsed query (and suggestions and example questions)', async () => {
    const res = await ask({ text: 'modle=x' });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error).toBe('unknown key modle — did you mean model?');
    expect(body.query.error).toBe(body.error);
    expect(body.suggestions).toEqual([]);
    expect(body.examples).toContain('by team last week');
  });

  it.each(['help', '', 'what can you do?', 'How do I use this?'])('answers %j with 200 {help}: the grammar and the examples, not a total', async (text) => {
    const res = await ask({ text });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(Object.keys(body)).toEqual(['help']);
    expect(body.help).toMatchObject({ title: 'Ask me about cloud cost', examples: expect.arrayContaining(['by team last week']) });
    expect(body.help.grammar.map((g: string[]) => g[0])).toEqual(expect.arrayContaining(['Group', 'Filter', 'Time']));
  });

  it('refuses a question over the length cap with 400 and how long it may be', async () => {
    const res = await ask({ text: 'x'.repeat(2001) });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatch(/too long \(2001 characters; at most 2000\)/);
  });

  it('explains malformed bodies instead of failing', async () => {
    for (const [body, headers] of [
      ['{not json', { 'content-type': 'application/json' }],
      [{ question: 'by team' }, { 'content-type': 'application/json' }],
      [{ text: 42 }, { 'content-type': 'application/json' }],
      ['text=by team', { 'content-type': 'application/x-www-form-urlencoded' }],
      [{ text: 'by team', now: 'soon' }, { 'content-type': 'application/json' }],
      [{ text: 'x'.repeat(5000) }, { 'content-type': 'application/json' }],
    ] as const) {
      const res = await ask(body, headers as Record<string, string>);
      expect(res.status).toBe(400);
      expect((await json(res)).error).toMatch(/\w/);
    }
  });

  it('treats hostile text as words, never code', async () => {
    const res = await ask({ text: "team=x' OR 1=1 -- by team" });
    // A team no data has and the bot does not know is refused, never answered with zero.
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error).toMatch(/^no team is called “x'” in the data/);
    expect(body.query.filters.team.in[0]).toBe("x'");
  });
});

describe('GET /healthz', () => {
  it('reports the providers and their rows', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.status).toBe('ok');
    expect(body.providers[0]).toMatchObject({ id: 'sample', rejected: 0 });
    expect(body.providers[0].rows).toBeGreaterThan(10_000);
  });
});
