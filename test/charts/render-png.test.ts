import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { renderChartPng, type ChartImage } from '../../src/charts/render-png.js';
import type { Answer } from '../../src/core/types.js';
import { byTeam, makeAnswer, plainSeries, teamSeries } from './answers.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The PNG's own width and height, read from its IHDR chunk. */
const ihdr = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

/** Share of pixels that are not (near) white, on a 40×40 grid. */
async function inkShare(png: Buffer): Promise<number> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, img.width, img.height).data;
  let ink = 0;
  let n = 0;
  for (let gx = 0; gx < 40; gx++) for (let gy = 0; gy < 40; gy++) {
    const x = Math.floor(((gx + 0.5) * img.width) / 40);
    const y = Math.floor(((gy + 0.5) * img.height) / 40);
    const i = (y * img.width + x) * 4;
    n++;
    if (data[i]! < 235 || data[i + 1]! < 235 || data[i + 2]! < 235) ink++;
  }
  return ink / n;
}

async function render(a: Answer, opts = {}): Promise<ChartImage> {
  const img = await renderChartPng(a, opts);
  expect(img).not.toBeNull();
  return img!;
}

describe('renderChartPng', () => {
  it('renders a breakdown to a real PNG: signature, dimensions, size, not blank, white corners', async () => {
    const img = await render(byTeam(), { width: 800, height: 400 });
    expect(img.mime).toBe('image/png');
    expect(img.png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(ihdr(img.png)).toEqual({ width: 800, height: 400 });
    expect({ width: img.width, height: img.height }).toEqual({ width: 800, height: 400 });
    expect(img.png.length).toBeGreaterThan(5 * 1024);
    const ink = await inkShare(img.png);
    expect(ink).toBeGreaterThan(0.03);
    expect(ink).toBeLessThan(0.9);
    // A white background, not a transparent one (dark chat themes).
    const decoded = await loadImage(img.png);
    const c = createCanvas(decoded.width, decoded.height).getContext('2d');
    c.drawImage(decoded, 0, 0);
    expect([...c.getImageData(2, 2, 1, 1).data]).toEqual([255, 255, 255, 255]);
    expect(img.alt).toContain('Cost by team');
  });

  it('scales the pixels with the device pixel ratio', async () => {
    const img = await render(byTeam(), { width: 600, height: 300, devicePixelRatio: 2 });
    expect(ihdr(img.png)).toEqual({ width: 1200, height: 600 });
    expect(img.width).toBe(1200);
  });

  it('draws every answer shape without throwing, and none of them blank', async () => {
    const shapes: [string, Answer][] = [
      ['stacked bars', teamSeries(7)],
      ['stacked lines', teamSeries(60)],
      ['plain bars', plainSeries(10)],
      ['plain line of 400 points', plainSeries(400)],
      ['a single row', makeAnswer({ query: { groupBy: ['team'] }, rows: [{ key: { team: 'nlp' }, cost: 12.5, share: 1 }] })],
      ['negative costs', makeAnswer({ query: { groupBy: ['service'] }, total: -1500, rows: [{ key: { service: 'Credit' }, cost: -2000, share: 1.33 }, { key: { service: 'EC2' }, cost: 500, share: -0.33 }] })],
      ['empty keys', makeAnswer({ query: { groupBy: ['team', 'model'] }, rows: [{ key: { team: '', model: '' }, cost: 5, share: 1 }] })],
      ['huge numbers', makeAnswer({ query: { groupBy: ['team'] }, total: 9.9e14, rows: [{ key: { team: 'a' }, cost: 9e14, share: 0.9 }, { key: { team: 'b' }, cost: 9e13, share: 0.1 }] })],
      ['all zero', makeAnswer({ query: { groupBy: ['team'] }, total: 0, rows: [{ key: { team: 'a' }, cost: 0, share: 0 }] })],
      ['an unknown currency', { ...byTeam(), currency: 'XQZ' }],
      ['hostile labels', makeAnswer({ query: { groupBy: ['team'] }, rows: [{ key: { team: '<img src=x onerror=alert(1)>'.repeat(20) }, cost: 1, share: 1 }] })],
    ];
    for (const [name, a] of shapes) {
      const img = await renderChartPng(a);
      expect(img, name).not.toBeNull();
      expect(await inkShare(img!.png), name).toBeGreaterThan(0.01);
    }
  });

  it('returns null when there is nothing to draw', async () => {
    expect(await renderChartPng(makeAnswer())).toBeNull();
  });

  it('gives horizontal breakdowns room per bar and clamps silly sizes', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ key: { model: `model-${i}` }, cost: 100 - i, share: 1 / 30 }));
    const tall = await render(makeAnswer({ query: { groupBy: ['model'] }, rows }));
    expect(tall.height).toBeGreaterThan(800);
    const clamped = await render(byTeam(), { width: 1e9, height: -3 });
    expect(clamped.width).toBe(4000);
  });

  // Rendering speed is measured by `npm run bench` (the Teams card with its chart), not asserted here.
});
