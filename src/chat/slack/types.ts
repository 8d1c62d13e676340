/**
 * One Block Kit block as plain JSON. The renderers stay free of SDK types; the adapter
 * hands these to Bolt as they are.
 */
export type SlackBlock = { type: string } & Record<string, unknown>;

/** A message: the notification/fallback `text` and the blocks. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** The chart as a message shows it: a file uploaded to Slack, or a URL Slack fetches (QuickChart). */
export type ChartImage = { kind: 'slack_file'; id: string; alt: string } | { kind: 'url'; url: string; alt: string };
