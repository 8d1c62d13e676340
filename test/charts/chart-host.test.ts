import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { ChartHost, mountChartHost } from '../../src/charts/chart-host.js';
import type { ChartImage } from '../../src/charts/render-png.js';

const image = (n = 1): ChartImage => ({ png: Buffer.from([0x89, 0x50, 0x4e, 0x47, n]), width: 10, height: 10, alt: `chart ${n}`, mime: 'image/png' });

describe('ChartHost', () => {
  it('gives random, unguessable, url-safe ids', () => {
    const host = new ChartHost();
    const ids = new Set(Array.from({ length: 100 }, () => host.put(image())));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('returns what was stored, and null for unknown or malformed ids', () => {
    const host = new ChartHost();
    const id = host.put(image(7));
    expect(host.get(id)!.alt).toBe('chart 7');
    expect(host.get('A'.repeat(22))).toBeNull();
    expect(host.get('../../etc/passwd')).toBeNull();
    expect(host.get('')).toBeNull();
  });

  it('forgets images after the TTL', () => {
    let now = 1_000_000;
    const host = new ChartHost({ ttlMs: 60_000, clock: () => now });
    const id = host.put(image());
    now += 59_999;
    expect(host.get(id)).not.toBeNull();
    now += 1;
    expect(host.get(id)).toBeNull();
  });

  it('keeps at most maxImages, dropping the least recently used', () => {
    const host = new ChartHost({ maxImages: 2 });
    const a = host.put(image(1));
    const b = host.put(image(2));
    host.get(a); // a is now more recent than b
    const c = host.put(image(3));
    expect(host.size).toBe(2);
    expect(host.get(b)).toBeNull();
    expect(host.get(a)).not.toBeNull();
    expect(host.get(c)).not.toBeNull();
  });

  it('builds public urls', () => {
    expect(new ChartHost().urlFor('abc', 'https://bot.example.com/')).toBe('https://bot.example.com/charts/abc.png');
  });
});

describe('mountChartHost', () => {
  let close: (() => void) | null = null;
  afterEach(() => close?.());

  async function serve(host: ChartHost): Promise<string> {
    const app = express();
    mountChartHost(app, host);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    close = () => server.close();
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('serves GET /charts/<id>.png as a private, cacheable PNG', async () => {
    const host = new ChartHost();
    const id = host.put(image(9));
    const base = await serve(host);
    const res = await fetch(`${base}/charts/${id}.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toContain('private');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(image(9).png);
  });

  it('answers 404 with a message for unknown, expired or malformed names', async () => {
    let now = 0;
    const host = new ChartHost({ ttlMs: 10, clock: () => now });
    const id = host.put(image());
    const base = await serve(host);
    now = 10;
    for (const path of [`/charts/${id}.png`, `/charts/${id}`, '/charts/nope.png', '/charts/%2e%2e%2fsecret.png']) {
      const res = await fetch(base + path);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: string }).error, path).toMatch(/Ask the question again/);
    }
  });
});
