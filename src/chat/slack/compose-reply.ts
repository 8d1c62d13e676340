import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { CostEngine } from '../../app/cost-engine.js';
import { followUps } from '../../app/follow-ups.js';
import type { ChartsConfig } from '../../config/index.js';
import type { Answer } from '../../core/types.js';
import { renderAnswerBlocks } from './render-blocks.js';
import { renderFailure, renderRejected } from './render-help.js';
import { SLACK_IMAGE_URL_LIMIT } from './slack-text.js';
import type { ChartImage, ChartPng, ReplyTarget, SlackChartPort, SlackMessage } from './types.js';

/** Uploads a PNG to a conversation (files.uploadV2) and returns the file id. */
export type UploadChart = (chart: ChartPng, where: { channelId: string; threadTs?: string; title: string }) => Promise<string>;

export interface ComposeDeps {
  engine: Pick<CostEngine, 'ask' | 'dimensionKeys'>;
  clock: () => number;
  logger: Logger;
  /** Null turns charts off. */
  charts: SlackChartPort | null;
  chartsConfig: ChartsConfig;
  upload: UploadChart;
}

export type Reply =
  | { kind: 'answer'; answer: Answer; message: SlackMessage; public: boolean; chart: ChartImage | null; withoutChart: () => SlackMessage }
  | { kind: 'rejected' | 'failed'; message: SlackMessage };

const MAX_QUERY_CHARS = 2000;

/**
 * Turns a question into the Slack reply: asks the engine, picks the follow-up buttons,
 * attaches the chart where it may be shown, and renders. Never throws: a rejected
 * query and a failure on our side both come back as a message that says what to do.
 */
export async function composeReply(deps: ComposeDeps, text: string, target: ReplyTarget, prefix: string): Promise<Reply> {
  const log = deps.logger;
  if (text.length > MAX_QUERY_CHARS) {
    return { kind: 'rejected', message: renderRejected(text.slice(0, 80), `the question is too long (${text.length} characters; at most ${MAX_QUERY_CHARS}).`, prefix) };
  }
  let answer: Answer;
  try {
    const result = await deps.engine.ask(text, deps.clock());
    if (!result.ok) {
      log.info({ query: text, reason: result.message }, 'slack query rejected');
      return { kind: 'rejected', message: renderRejected(text, result.message, prefix) };
    }
    answer = result.answer;
  } catch (err) {
    const reference = randomUUID().slice(0, 8);
    log.error({ err, query: text, reference }, 'slack answer failed');
    return { kind: 'failed', message: renderFailure(text, reference, prefix) };
  }

  const isPublic = answer.query.public || target.conversationVisible;
  const buttons = followUps(answer, { dimensions: deps.engine.dimensionKeys(), canShare: target.canShare });
  const { chart, note } = await attachChart(deps, answer, target, isPublic);
  const sharedBy = answer.query.public ? target.sharedBy : undefined;
  const render = (c: ChartImage | null, notes: string[]) => renderAnswerBlocks(answer, buttons, { chart: c, extraNotes: notes, sharedBy });
  return {
    kind: 'answer',
    answer,
    public: answer.query.public,
    chart,
    message: render(chart, note ? [note] : []),
    withoutChart: () => render(null, ['The chart could not be shown (Slack refused the image); the figures above are complete.']),
  };
}

/**
 * The chart, where it may be shown:
 * 1. QuickChart mode: an `image_url` when the URL fits Slack's 3,000 characters.
 * 2. Otherwise a PNG uploaded with files.uploadV2 into the conversation, but only
 *    when everyone there may see the answer: Slack shares an uploaded file with the
 *    whole channel, so a chart of a private (ephemeral) answer would leak it.
 * 3. Any failure leaves the chart out with a note saying why; the answer still posts.
 */
async function attachChart(deps: ComposeDeps, answer: Answer, target: ReplyTarget, isPublic: boolean): Promise<{ chart: ChartImage | null; note?: string }> {
  const charts = deps.charts;
  if (!charts) return { chart: null };
  try {
    const qc = deps.chartsConfig.quickchart;
    if (deps.chartsConfig.mode === 'quickchart' && qc) {
      const url = await charts.quickChartUrl(answer, { host: qc.host, scheme: qc.scheme });
      if (url === null) return { chart: null };
      if (url.length <= SLACK_IMAGE_URL_LIMIT) return { chart: { kind: 'url', url, alt: `Chart of ${answer.query.text}` } };
    }
    const png = await charts.renderChartPng(answer, { onError: (err) => deps.logger.warn({ err }, 'chart drawing failed') });
    if (png === null) return { chart: null };
    if (target.channelId === null) return { chart: null, note: 'No chart: Slack did not say which conversation this is.' };
    if (!isPublic && !target.isDm) {
      return { chart: null, note: 'The chart is left out of answers only you can see (uploading it would share it with the channel): add `public`, or ask me in a DM.' };
    }
    const id = await deps.upload(png, { channelId: target.channelId, threadTs: target.threadTs, title: answer.query.text || 'cost chart' });
    return { chart: { kind: 'slack_file', id, alt: png.alt } };
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;
    deps.logger.warn({ err, code }, 'slack chart left out');
    return { chart: null, note: `The chart could not be attached (${String(code).slice(0, 80)}${/not_in_channel|channel_not_found/.test(String(code)) ? ': invite me to the channel' : ''}); the figures above are complete.` };
  }
}
