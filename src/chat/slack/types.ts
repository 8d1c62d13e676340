import type { Answer } from '../../core/types.js';

/**
 * One Block Kit block as plain JSON. The renderer stays free of SDK types; the
 * adapter hands these to Bolt as they are.
 */
export type SlackBlock = { type: string } & Record<string, unknown>;

/** A message: the notification/fallback `text` and the blocks. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** A PNG chart as src/charts renders it. */
export interface ChartPng {
  png: Buffer;
  width: number;
  height: number;
  alt: string;
  mime: 'image/png';
}

/**
 * What the Slack adapter needs from src/charts (injected so tests and a bot without
 * a chart renderer work): a PNG to upload, or a QuickChart URL for `image_url`.
 */
export interface SlackChartPort {
  /** Null when the answer has nothing worth drawing. */
  renderChartPng(answer: Answer, opts?: { onError?: (err: unknown) => void }): Promise<ChartPng | null>;
  /** Null when the answer has nothing worth drawing (may be async: the default port loads src/charts lazily). */
  quickChartUrl(answer: Answer, opts: { host: string; scheme: 'http' | 'https' }): string | null | Promise<string | null>;
}

/** The chart as the message shows it: an uploaded file, or a public URL. */
export type ChartImage = { kind: 'slack_file'; id: string; alt: string } | { kind: 'url'; url: string; alt: string };

/** Where an answer goes and who sees it. */
export interface ReplyTarget {
  userId: string;
  /** Null when Slack did not say (never the case for commands, mentions and messages). */
  channelId: string | null;
  /** True in a direct message with the bot: only the user and the bot see it. */
  isDm: boolean;
  /**
   * True when the reply is seen by everyone in the conversation (a mention answered
   * in its thread, a DM); false for a slash command's ephemeral answer unless the
   * query says `public`.
   */
  conversationVisible: boolean;
  /** Thread to upload the chart into (mentions). */
  threadTs?: string;
  /** Offer the "Share in channel" button (false in DMs and threads). */
  canShare: boolean;
  /** Shown under a public answer posted on someone's behalf. */
  sharedBy?: string;
}
