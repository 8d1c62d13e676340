import { chartAltText } from '../../charts/chart-alt-text.js';
import { chartConfigFor } from '../../charts/chart-config.js';
import type { Answer } from '../../core/types.js';
import type { ChartSpec, Reply } from './types.js';

/**
 * The chart of an answer as every surface receives it: the one Chart.js description
 * (plain JSON) with its text alternative and currency, or null when there is nothing to
 * draw (no rows, no series). Surfaces draw it through the `ChartRenderer` port (Slack,
 * Teams) or in the browser (the console).
 */
export function chartSpecFor(answer: Answer): ChartSpec | null {
  const config = chartConfigFor(answer);
  if (!config) return null;
  return { config, alt: chartAltText(answer), currency: answer.currency };
}

/** The chart a reply carries, if any (answers and notices). */
export function replyChart(reply: Reply): ChartSpec | null {
  return reply.kind === 'answer' ? reply.chart : reply.kind === 'notice' ? (reply.notice.chart ?? null) : null;
}
