/** Block Kit limits this adapter renders within (docs.slack.dev/reference/block-kit). */
export const SLACK_LIMITS = {
  blocks: 50,
  header: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  imageUrl: 3000,
  altText: 2000,
  /** Notification/fallback text of a message (Slack truncates past 40,000). */
  messageText: 4000,
} as const;

/** Slack's own limit on `image_url`. */
export const SLACK_IMAGE_URL_LIMIT = SLACK_LIMITS.imageUrl;

/** Escapes the three characters mrkdwn treats as control (`<@U…>`, `<!here>`, `&amp;`). */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts to at most `max` characters (code points), ending with `…` when cut. */
export function truncate(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  return chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/** Inline code for mrkdwn: escaped, backticks replaced so the span cannot be broken out of. */
export function inlineCode(s: string): string {
  return '`' + escapeMrkdwn(s.replace(/`/g, "'")) + '`';
}
