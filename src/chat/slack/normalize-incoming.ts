/**
 * Slack text as the user typed it: mentions of anyone (the bot's own `<@U…>`) dropped,
 * channel and link markup reduced to their labels, and the three escaped characters
 * (`&amp;`, `&lt;`, `&gt;`) restored, so `team=r&d` reaches the parser intact.
 */
export function normalizeIncoming(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/gi, ' ')
    .replace(/<!(?:here|channel|everyone)(?:\|[^>]*)?>/gi, ' ')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/gi, '$1')
    .replace(/<([^>|]+)\|([^>]*)>/g, '$2')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
