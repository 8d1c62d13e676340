import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server/create-server.js';
import { sampleEngine, silentLogger } from '../helpers/test-engine.js';

// Issue 12 (safe by default): each fault gets its own status and a message that fits it.
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

const ask = (body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${base}/api/ask`, { method: 'POST', headers, body });

describe('POST /api/ask faults', () => {
  it.each(['+010000-01-01T00:00:00Z', '9999-12-31T00:00:00Z', '1900-01-01T00:00:00Z', '-000001-01-01T00:00:00Z'])('refuses now=%s with 400 and the range it must lie in', async (now) => {
    const res = await ask(JSON.stringify({ text: 'by team last week', now }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string };
    expect(body.error).toBe(`"now" must lie between 2000-01-01 and 2199-12-31, got ${JSON.stringify(now)}.`);
  });

  it('still answers a now inside the range', async () => {
    const res = await ask(JSON.stringify({ text: 'by team last week', now: '2026-11-20T08:00:00Z' }));
    expect(res.status).toBe(200);
  });

  it('names the limit when the body is too large (413)', async () => {
    const res = await ask(JSON.stringify({ text: 'x'.repeat(40_000) }));
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(/^The body is too large: POST \/api\/ask takes at most 32 kB \(this one is [\d,]+ bytes\)\.$/);
  });

  it('names the accepted charset when the charset is not (415)', async () => {
    const res = await ask(Buffer.from(JSON.stringify({ text: 'by team' }), 'latin1'), { 'content-type': 'application/json; charset=iso-8859-1' });
    expect(res.status).toBe(415);
    const body = (await res.json()) as { error: string };
    expect(body.error).toBe('The charset "iso-8859-1" is not accepted: send UTF-8 (content-type: application/json; charset=utf-8).');
  });

  it('names the accepted encodings when the content-encoding is not (415)', async () => {
    const res = await ask(JSON.stringify({ text: 'by team' }), { 'content-type': 'application/json', 'content-encoding': 'zstd-nope' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: string }).error).toMatch(/content-encoding "zstd-nope" is not accepted/);
  });
});

describe('--now on the command line', () => {
  it('is a usage error outside the sane range, and read as before inside it', async () => {
    const { parseNow, UsageError } = await import('../../src/cli/types.js');
    expect(() => parseNow('+010000-01-01T00:00:00Z')).toThrow(UsageError);
    expect(() => parseNow('1999-12-31')).toThrow(/--now must lie between 2000-01-01 and 2199-12-31/);
    expect(parseNow('2026-11-26')).toBe(Date.parse('2026-11-26T00:00:00Z'));
  });
});
