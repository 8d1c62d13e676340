import { describe, expect, it } from 'vitest';
import type { ChartPng, ChartRenderer } from '../../../src/app/conversation/ports.js';
import type { ChartSpec } from '../../../src/app/conversation/types.js';
import { chartImage } from '../../../src/chat/teams/chart-image.js';
import { captureLogger } from './test-helpers.js';

const spec: ChartSpec = { config: { type: 'bar', data: { labels: ['nlp'], datasets: [] } }, alt: 'Bar chart of cost by team', currency: 'USD' };
const image: ChartPng = { png: Buffer.from([0x89, 0x50, 0x4e, 0x47]), width: 800, height: 400, alt: 'Bar chart of cost by team', mime: 'image/png' };
const port = (png: ChartRenderer['png']): ChartRenderer => ({ png, quickChartUrl: async () => null });

describe('chartImage', () => {
  it('is null without a chart port or a chart, or when the renderer has nothing to draw', async () => {
    const { logger } = captureLogger();
    expect(await chartImage(spec, { charts: null, publicUrl: 'https://bot.example.com', logger })).toBeNull();
    expect(await chartImage(null, { charts: port(async () => image), logger })).toBeNull();
    expect(await chartImage(spec, { charts: port(async () => null), publicUrl: 'https://bot.example.com', logger })).toBeNull();
  });

  it('links to the hosted image when the bot has a public URL', async () => {
    const { logger } = captureLogger();
    const stored: ChartPng[] = [];
    const got = await chartImage(spec, { charts: port(async () => image), chartHost: { put: (img) => (stored.push(img), 'AbCdEfGhIjKlMnOpQrStUv') }, publicUrl: 'https://bot.example.com/', logger });
    expect(got).toEqual({ url: 'https://bot.example.com/charts/AbCdEfGhIjKlMnOpQrStUv.png', alt: 'Bar chart of cost by team', embedded: false });
    expect(stored).toEqual([image]);
  });

  it('embeds a data: URI without a public URL, drawn at most 1024 px on a side', async () => {
    const { logger } = captureLogger();
    const asked: unknown[] = [];
    const got = await chartImage(spec, { charts: port(async (_c, o) => (asked.push(o), image)), chartHost: { put: () => 'never' }, logger });
    expect(got).toEqual({ url: `data:image/png;base64,${image.png.toString('base64')}`, alt: image.alt, embedded: true });
    expect(asked).toEqual([{ maxSide: 1024 }]);
  });

  it('embeds instead when storing fails, and logs it', async () => {
    const { logger, lines } = captureLogger();
    const got = await chartImage(spec, { charts: port(async () => image), chartHost: { put: () => { throw new Error('full'); } }, publicUrl: 'https://bot.example.com', logger });
    expect(got?.embedded).toBe(true);
    expect(lines().find((l) => l.level === 40)?.msg).toBe('storing the chart failed; embedding it in the card instead');
  });

  it('goes without a chart (and logs) when the renderer throws', async () => {
    const { logger, lines } = captureLogger();
    const got = await chartImage(spec, { charts: port(async () => { throw new Error('no canvas'); }), logger });
    expect(got).toBeNull();
    expect(lines().find((l) => l.level === 40)?.err?.message).toBe('no canvas');
  });
});
