import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { ChartPng, ChartRenderer } from '../../app/conversation/ports.js';
import type { ChartSpec } from '../../app/conversation/types.js';
import type { ChartsConfig } from '../../config/index.js';
import { SLACK_IMAGE_URL_LIMIT } from './slack-text.js';
import type { ChartImage, SlackMessage } from './types.js';

/** Uploads a PNG to Slack and returns the file id. */
export type UploadChart = (chart: ChartPng, title: string) => Promise<string>;

export interface SlackChartDeps {
  /** The chart port (src/chat/default-charts.ts); null turns charts off. */
  charts: ChartRenderer | null;
  chartsConfig: ChartsConfig;
  upload: UploadChart;
  logger: Logger;
}

/** Said once, in the message that goes without its chart, when Slack refused it with the image. */
export const CHART_REFUSED_NOTE = 'The chart could not be shown (Slack refused the image); the figures above are complete.';

/**
 * files.uploadV2 with no channel: the file stays private to the bot — it is shared with
 * no conversation and posts no message of its own — and an `image` block shows it by id
 * (`slack_file`), which Slack allows because the bot, who posts the blocks, has access
 * to it (see README.md "Charts"). `highlight_type: png` lets Slack render it before its
 * upload processing finishes.
 */
export function privateUploader(client: WebClient): UploadChart {
  return async (chart, title) => {
    const res = await client.files.uploadV2({ file: chart.png, filename: 'chart.png', title, alt_text: chart.alt, highlight_type: 'png' } as Parameters<WebClient['files']['uploadV2']>[0]);
    const files = (res as { files?: { files?: { id?: string }[] }[] }).files;
    const id = files?.[0]?.files?.[0]?.id;
    if (!id) throw new Error('files.uploadV2 returned no file id');
    return id;
  };
}

/**
 * The chart of a reply or a notice as Slack shows it, in every answer, private or not:
 * 1. QuickChart mode: an `image_url` when the URL fits Slack's 3,000 characters.
 * 2. Otherwise the PNG, uploaded privately (`privateUploader`) and shown by file id.
 * 3. Any failure leaves the chart out with a note saying why; the message still posts.
 */
export async function slackChartImage(deps: SlackChartDeps, spec: ChartSpec | null | undefined, title: string): Promise<{ chart: ChartImage | null; note?: string }> {
  if (!spec || !deps.charts) return { chart: null };
  try {
    const qc = deps.chartsConfig.quickchart;
    if (deps.chartsConfig.mode === 'quickchart' && qc) {
      const url = await deps.charts.quickChartUrl(spec, { host: qc.host, scheme: qc.scheme });
      if (url === null) return { chart: null };
      if (url.length <= SLACK_IMAGE_URL_LIMIT) return { chart: { kind: 'url', url, alt: spec.alt } };
    }
    const png = await deps.charts.png(spec);
    if (png === null) return { chart: null };
    const id = await deps.upload(png, title || 'cost chart');
    return { chart: { kind: 'slack_file', id, alt: png.alt } };
  } catch (err) {
    const code = String((err as { data?: { error?: string } }).data?.error ?? (err as Error).message);
    deps.logger.warn({ err, code }, 'slack chart left out');
    const hint = /not_in_channel|channel_not_found/.test(code) ? ': invite me to the channel' : /missing_scope|not_allowed_token_type/.test(code) ? ': give the app the files:write scope and reinstall it' : '';
    return { chart: null, note: `The chart could not be attached (${code.slice(0, 80)}${hint}); the figures above are complete.` };
  }
}

/**
 * Sends a message; when Slack refuses it and it carried a chart, sends it again without
 * the chart (`withoutChart`), saying so once in that message.
 */
export async function sendWithChartFallback<T>(send: (m: SlackMessage) => Promise<T>, message: SlackMessage, withoutChart: (() => SlackMessage) | null, logger: Logger): Promise<T> {
  try {
    return await send(message);
  } catch (err) {
    if (!withoutChart) throw err;
    logger.warn({ err }, 'slack refused the message with its chart; sending it without');
    return send(withoutChart());
  }
}
