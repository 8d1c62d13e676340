import type { ActionButton } from '../../app/conversation/types.js';
import { SLACK_LIMITS, truncate } from './slack-text.js';
import type { SlackBlock } from './types.js';

/**
 * Every button's `action_id` is `finops:<verb>:<name>`, so one listener (`/^finops:/`)
 * takes them all and the verb is read back from it; the `value` is the button's id. The
 * name only keeps action ids unique within a message, as Slack requires.
 */
export const ACTION_PREFIX = 'finops:';
/** Buttons of answers posted before the conversation layer: `finops_<follow-up>`, value = query text. */
export const LEGACY_ACTION_PREFIX = 'finops_';
/**
 * Buttons that ask for a text first (Deny's reason): `finops-input:<verb>:<name>`, the value
 * `{"id", "label", "placeholder"?, "required"}` as JSON. A click opens a modal; its
 * submission is the click, with the text typed.
 */
export const INPUT_ACTION_PREFIX = 'finops-input:';

/** What an input button's modal asks. */
export type ButtonInput = NonNullable<ActionButton['input']>;

/** The `actions` block of a message's buttons (those whose id fits a button value), or null without any. */
export function actionsBlock(buttons: ActionButton[], blockId = 'finops_actions'): SlackBlock | null {
  // An input button's value also carries its question: it must still fit a button value.
  const usable = buttons.filter((b) => b.id.length <= SLACK_LIMITS.buttonValue - (b.input ? 200 : 0)).slice(0, SLACK_LIMITS.actionsElements);
  if (usable.length === 0) return null;
  const seen = new Set<string>();
  return {
    type: 'actions',
    block_id: blockId,
    elements: usable.map((b, i) => {
      const prefix = b.input ? INPUT_ACTION_PREFIX : ACTION_PREFIX;
      let actionId = truncate(`${prefix}${b.verb}:${b.name ?? i}`, SLACK_LIMITS.actionId);
      if (seen.has(actionId)) actionId = truncate(`${prefix}${b.verb}:${i}`, SLACK_LIMITS.actionId);
      seen.add(actionId);
      return {
        type: 'button',
        action_id: actionId,
        text: { type: 'plain_text', text: truncate(b.label, SLACK_LIMITS.buttonText), emoji: false },
        value: b.input ? JSON.stringify({ id: b.id, label: truncate(b.input.label, 48), ...(b.input.placeholder ? { placeholder: truncate(b.input.placeholder, 100) } : {}), required: b.input.required }) : b.id,
        ...(b.style ? { style: b.style } : {}),
      };
    }),
  };
}

/**
 * A click as the action table takes it: the verb from the `action_id`, the id from the
 * value. Legacy `finops_<follow-up>` buttons carry query text: they are `ask` clicks
 * (their Share button's text says `public`, which posts to the channel as before).
 */
export function decodeAction(actionId: string, value: unknown): { verb: string; id: string; input?: ButtonInput } | null {
  const id = typeof value === 'string' ? value : '';
  if (actionId.startsWith(ACTION_PREFIX)) return { verb: actionId.slice(ACTION_PREFIX.length).split(':')[0]!, id };
  if (actionId.startsWith(LEGACY_ACTION_PREFIX)) return { verb: 'ask', id };
  if (actionId.startsWith(INPUT_ACTION_PREFIX)) {
    let v: { id?: unknown; label?: unknown; placeholder?: unknown; required?: unknown };
    try {
      v = JSON.parse(id) as typeof v;
    } catch {
      return null;
    }
    if (typeof v?.id !== 'string' || typeof v.label !== 'string') return null;
    const input: ButtonInput = { label: v.label, required: v.required === true, ...(typeof v.placeholder === 'string' ? { placeholder: v.placeholder } : {}) };
    return { verb: actionId.slice(INPUT_ACTION_PREFIX.length).split(':')[0]!, id: v.id, input };
  }
  return null;
}
