import type { Logger } from 'pino';
import type { Answer } from '../../core/types.js';
import type { CardImage, TeamsChartPort } from './types.js';

/**
 * The chart for an answer as a card image: a hosted URL when the bot has a public URL
 * and a chart host (Teams fetches it), else an embedded data: URI — which the card
 * builder drops again if it does not fit the 28 KB message. A failing renderer never
 * costs the answer: the card simply goes without a chart.
 */
export async function chartImage(answer: Answer, charts: TeamsChartPort | undefined, publicUrl: string | undefined, logger: Logger): Promise<CardImage | null> {
  if (!charts) return null;
  let image;
  try {
    image = await charts.renderChartPng(answer);
  } catch (err) {
    logger.warn({ err }, 'chart rendering failed; the card goes without a chart');
    return null;
  }
  if (!image) return null;
  if (publicUrl && charts.host) {
    try {
      const id = await charts.host.put(image);
      return { url: `${publicUrl.replace(/\/+$/, '')}/charts/${encodeURIComponent(id)}.png`, alt: image.alt, embedded: false };
    } catch (err) {
      logger.warn({ err }, 'storing the chart failed; embedding it in the card instead');
    }
  }
  return { url: `data:image/png;base64,${image.png.toString('base64')}`, alt: image.alt, embedded: true };
}
