import type { Logger } from 'pino';
import type { ChartRenderer } from '../../app/conversation/ports.js';
import type { ChartSpec } from '../../app/conversation/types.js';
import type { CardImage, ChartStore } from './types.js';

/** Teams shows card images up to 1024×1024 px. */
export const TEAMS_MAX_IMAGE_SIDE = 1024;

/**
 * The chart of a reply or a notice as a card image, drawn through the one chart port:
 * - with the bot's public URL and a chart host, a hosted URL Teams fetches (a small card);
 * - otherwise an embedded data: URI, which Teams takes in a bot's card and does not count
 *   in the message size (README.md "Charts") — no public URL needed.
 * A failing renderer never costs the answer: the card simply goes without a chart.
 */
export async function chartImage(spec: ChartSpec | null | undefined, deps: { charts?: ChartRenderer | null; chartHost?: ChartStore; publicUrl?: string; logger: Logger }): Promise<CardImage | null> {
  if (!spec || !deps.charts) return null;
  let image;
  try {
    image = await deps.charts.png(spec, { maxSide: TEAMS_MAX_IMAGE_SIDE });
  } catch (err) {
    deps.logger.warn({ err }, 'chart rendering failed; the card goes without a chart');
    return null;
  }
  if (!image) return null;
  if (deps.publicUrl && deps.chartHost) {
    try {
      const id = await deps.chartHost.put(image);
      return { url: `${deps.publicUrl.replace(/\/+$/, '')}/charts/${encodeURIComponent(id)}.png`, alt: image.alt, embedded: false };
    } catch (err) {
      deps.logger.warn({ err }, 'storing the chart failed; embedding it in the card instead');
    }
  }
  return { url: `data:image/png;base64,${image.png.toString('base64')}`, alt: image.alt, embedded: true };
}
