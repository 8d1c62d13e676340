import type { ActionButton } from '../../app/conversation/types.js';
import type { AdaptiveCard, CardAction, CardElement } from './types.js';

/** The `Action.Execute` verb of every button; its data is `{verb, id}`, the button's verb and id. */
export const ACTION_VERB = 'finops.action';
/** The verb of follow-up buttons on cards posted before the conversation layer; their data carries query text. */
export const FOLLOW_UP_VERB = 'finops.followup';

export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/**
 * The card's own text (data: URI images aside, which Teams does not count) is kept under
 * 26 KB: Teams documents 100 KB per message today (README.md "Charts"), but tenants and
 * clients that still enforce the older 28 KB limit then take the card too, envelope included.
 */
export const MAX_CARD_BYTES = 26 * 1024;

/** An embedded chart is at most this large: Teams asks for card images under 1 MB (and 1024×1024 px). */
export const MAX_EMBEDDED_IMAGE_BYTES = 1024 * 1024;

/** How a TextRun looks. */
export type RunStyle = { size?: 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge'; weight?: 'Bolder'; isSubtle?: boolean; color?: 'Good' | 'Attention' | 'Accent'; fontType?: 'Monospace' };

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

/**
 * A button: `Action.Execute` with verb `finops.action` and data `{verb, id}` — only what
 * the action table needs, never a decision. `verb` is also what teams-ai's `actionSubmit`
 * filter reads when an old client falls back to `Action.Submit`. A button that asks for
 * a text first (Deny's reason) is a `ShowCard` with an input and the `Execute` inside.
 */
export function actionButton(button: ActionButton): CardAction {
  const style = button.style === 'primary' ? { style: 'positive' as const } : button.style === 'danger' ? { style: 'destructive' as const } : {};
  const execute = { type: 'Action.Execute' as const, title: button.label, verb: ACTION_VERB, data: { verb: button.verb, id: button.id }, ...style };
  if (!button.input) return execute;
  const input: CardElement = {
    type: 'Input.Text', id: 'input', label: button.input.label, isRequired: button.input.required, maxLength: 500,
    ...(button.input.placeholder ? { placeholder: button.input.placeholder } : {}),
    ...(button.input.required ? { errorMessage: `${button.input.label} is required` } : {}),
  };
  return { type: 'Action.ShowCard', title: button.label, card: { type: 'AdaptiveCard', body: [input], actions: [{ ...execute, title: 'Send' }] } };
}

/** Wraps a body in an Adaptive Card 1.5 that uses the full width of the Teams message. */
export function adaptiveCard(body: CardElement[], actions: CardAction[], fallbackText: string): AdaptiveCard {
  const card: AdaptiveCard = { type: 'AdaptiveCard', $schema: CARD_SCHEMA, version: '1.5', body, msteams: { width: 'Full' }, fallbackText };
  if (actions.length) card.actions = actions;
  return card;
}

/** The size Teams counts: the UTF-8 bytes of the card's JSON, embedded (data: URI) images aside. */
export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card, (_key, value: unknown) => (typeof value === 'string' && value.startsWith('data:') ? '' : value)), 'utf8');
}

/** Cuts a text to `max` characters with an ellipsis (titles and notes stay readable on a phone). */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
