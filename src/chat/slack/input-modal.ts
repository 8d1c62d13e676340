import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { ButtonInput } from './render-buttons.js';
import { truncate } from './slack-text.js';

/** The `callback_id` of the modal an input button opens. */
export const INPUT_VIEW_CALLBACK = 'finops:input';

/** Where the click happened, carried through the modal (its `private_metadata`, ≤ 3,000 characters). */
export interface InputContext {
  verb: string;
  id: string;
  channelId: string | null;
  messageTs?: string;
  responseUrl?: string;
  ephemeral: boolean;
  isDm: boolean;
}

const METADATA_LIMIT = 3000;

/**
 * The modal of a button that asks for a text first (Deny's reason): one text input, and
 * the click's verb, id and place in `private_metadata`. Null when they do not fit there.
 */
export function inputModal(input: ButtonInput, ctx: InputContext): Record<string, unknown> | null {
  const metadata = JSON.stringify(ctx);
  if (metadata.length > METADATA_LIMIT) return null;
  return {
    type: 'modal',
    callback_id: INPUT_VIEW_CALLBACK,
    title: { type: 'plain_text', text: 'finops-bot' },
    submit: { type: 'plain_text', text: 'Send' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: metadata,
    blocks: [
      {
        type: 'input',
        block_id: 'input',
        optional: !input.required,
        label: { type: 'plain_text', text: truncate(input.label, 2000) },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 1000, ...(input.placeholder ? { placeholder: { type: 'plain_text', text: truncate(input.placeholder, 150) } } : {}) },
      },
    ],
  };
}

/** The click and the text typed, from a submitted input modal; null when the view is not one of ours. */
export function readInputSubmission(view: { private_metadata?: string; state?: { values?: Record<string, Record<string, { value?: string | null }>> } }): { ctx: InputContext; text: string } | null {
  let ctx: InputContext;
  try {
    ctx = JSON.parse(view.private_metadata ?? '') as InputContext;
  } catch {
    return null;
  }
  if (typeof ctx?.verb !== 'string' || typeof ctx.id !== 'string') return null;
  return { ctx, text: view.state?.values?.input?.value?.value ?? '' };
}

/** A `respond` over a response_url carried through a modal (Bolt gives none to a view submission). */
export function responseUrlResponder(url: string | undefined): RespondFn {
  const respond = async (message: string | RespondArguments) => {
    if (!url || !/^https?:\/\//.test(url)) throw new Error('the click came with no response_url to answer through');
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(typeof message === 'string' ? { text: message } : message) });
    if (!res.ok) throw new Error(`the response_url answered ${res.status}`);
    return res;
  };
  return respond as unknown as RespondFn;
}
