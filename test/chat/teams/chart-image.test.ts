import { describe, expect, it } from 'vitest';
import type { Answer } from '../../../src/core/types.js';
import { chartImage } from '../../../src/chat/teams/chart-image.js';
import { captureLogger } from './test-helpers.js';
import type { ChartImage, TeamsChartPort } from '../../../src/chat/teams/types.js';

const answer = {} as Answer;
const image: ChartImage = { png: Buffer.from([0x89, 0x50, 0x4e, 0x47]), width: 800, height: 400, alt: 'Bar chart of cost by team', mime: 'image/png' };

describe('chartImage', () => {
  it('is null without a chart port, or when the renderer has nothing to draw', async () => {
    const { logger } = captureLogger();
    expect(await chartImage(answer, undefined, 'https://bot.example.com', logger)).toBeNull();
    expect(await chartImage(answer, { renderChartPng: async () => null }, 'https://bot.example.com', logger)).toBeNull();
  });

  it('links to the hosted image when the bot has a public URL', async () => {
    const { logger } = captureLogger();
    const stored: ChartImage[] = [];
    const port: TeamsChartPort = { renderChartPng: async () => image, host: { put: (img) => (stored.push(img), 'AbCdEfGhIjKlMnOpQrStUv') } };
    const got = await chartImage(answer, port, 'https://bot.example.com/', logger);
    expect(got).toEqual({ url: 'https://bot.example.com/charts/AbCdEfGhIjKlMnOpQrStUv.png', alt: 'Bar chart of cost by team', embedded: false });
    expect(stored).toEqual([image]);
  });

  it('embeds a data: URI without a public URL', async () => {
    const { logger } = captureLogger();
    const got = await chartImage(answer, { renderChartPng: async () => image, host: { put: () => 'never' } }, undefined, logger);
    expect(got).toEqual({ url: `data:image/png;base64,${image.png.toString('base64')}`, alt: image.alt, embedded: true });
  });

  it('embeds instead when storing fails, and logs it', async () => {
    const { logger, lines } = captureLogger();
    const port: TeamsChartPort = { renderChartPng: async () => image, host: { put: () => { throw new Error('full'); } } };
    expect((await chartImage(answer, port, 'https://bot.example.com', logger))?.embedded).toBe(true);
    expect(lines().find((l) => l.level === 40)?.msg).toBe('storing the chart failed; embedding it in the card instead');
  });

  it('goes without a chart (and logs) when the renderer throws', async () => {
    const { logger, lines } = captureLogger();
    const got = await chartImage(answer, { renderChartPng: async () => { throw new Error('no canvas'); } }, undefined, logger);
    expect(got).toBeNull();
    expect(lines().find((l) => l.level === 40)?.err?.message).toBe('no canvas');
  });
});
