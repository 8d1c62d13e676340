import type { AdaptiveCard, CardElement, ExecuteAction } from './types.js';

/** The verb of every follow-up button; its data carries the query text. */
export const FOLLOW_UP_VERB = 'finops.followup';

export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/**
 * Teams refuses a message over 28 KB. The card is only part of the activity (the
 * envelope names the conversation, the sender, the service URL), so it gets 26 KB.
 */
export const MAX_CARD_BYTES = 26 * 1024;

type RunStyle = { size?: 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge'; weight?: 'Bolder'; isSubtle?: boolean; color?: 'Good' | 'Attention' | 'Accent' };

/**
 * Text that may hold user data (tag values, query words, notes) goes into a TextRun:
 * unlike a TextBlock it is never read as markdown, so a tag value such as
 * `[click](https://evil)` shows as typed instead of becoming a link.
 */
export function plain(text: string, style: RunStyle = {}, extra: Record<string, unknown> = {}): CardElement {
  return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text, ...style }], ...extra };
}

/** Several runs on one line (a label and a figure in different styles). */
export function line(runs: { text: string; style?: RunStyle }[], extra: Record<string, unknown> = {}): CardElement {
  return { type: 'RichTextBlock', inlines: runs.map((r) => ({ type: 'TextRun', text: r.text, ...r.style })), ...extra };
}

/** A 1.5 `Table` with a header row; `align` per column (`Right` for figures). */
export function table(headers: string[], rows: string[][], widths: number[], align: ('Left' | 'Right')[]): CardElement {
  const cell = (text: string, i: number, header: boolean): CardElement => ({
    type: 'TableCell',
    items: [plain(text, header ? { weight: 'Bolder' } : {}, align[i] === 'Right' ? { horizontalAlignment: 'Right' } : {})],
  });
  return {
    type: 'Table',
    columns: widths.map((width) => ({ width })),
    firstRowAsHeader: true,
    showGridLines: false,
    rows: [headers, ...rows].map((cells, r) => ({ type: 'TableRow', cells: cells.map((c, i) => cell(c, i, r === 0)) })),
  };
}

/** A follow-up button: clicking it asks `text` and replaces the card with the answer. */
export function followUpAction(title: string, text: string): ExecuteAction {
  // `verb` is repeated in data so that a client falling back to Action.Submit still
  // reaches the right route (teams-ai's actionSubmit filters on data.verb).
  return { type: 'Action.Execute', title, verb: FOLLOW_UP_VERB, data: { verb: FOLLOW_UP_VERB, text } };
}

/** Wraps a body in an Adaptive Card 1.5 that uses the full width of the Teams message. */
export function adaptiveCard(body: CardElement[], actions: ExecuteAction[], fallbackText: string): AdaptiveCard {
  const card: AdaptiveCard = { type: 'AdaptiveCard', $schema: CARD_SCHEMA, version: '1.5', body, msteams: { width: 'Full' }, fallbackText };
  if (actions.length) card.actions = actions;
  return card;
}

/** The size Teams counts: the UTF-8 bytes of the card's JSON. */
export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/** Cuts a text to `max` characters with an ellipsis (titles and notes stay readable on a phone). */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
