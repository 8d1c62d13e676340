import { createHash } from 'node:crypto';
import type { ActionButton, Notice } from '../conversation/types.js';
import type { JobMessage } from './types.js';

/** Slack allows 25 elements in an actions block; a bundle keeps well under it. */
const MAX_ACTIONS = 15;
const TONES: NonNullable<Notice['tone']>[] = ['info', 'good', 'warning', 'alert'];

/**
 * One message for several alerts to the same channel in one run (never a burst). A single
 * message keeps its own ledger key as the key the post carries; a bundle carries a key
 * derived from the keys it holds, so a later run can look for it on the platform.
 */
export function bundleNotice(messages: JobMessage[], team: string): { messageKey: string; notice: Notice } {
  if (messages.length === 0) throw new RangeError('a bundle needs at least one message');
  if (messages.length === 1) {
    const m = messages[0]!;
    return { messageKey: m.key, notice: { ...m.notice, key: m.key } };
  }
  const keys = messages.map((m) => m.key).sort();
  const messageKey = `bundle:${messages.length}:${createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 20)}`;
  const kinds = new Set(messages.map((m) => m.kind));
  const tone = messages.map((m) => m.notice.tone ?? 'info').reduce((a, b) => (TONES.indexOf(b) > TONES.indexOf(a) ? b : a), 'info' as NonNullable<Notice['tone']>);
  const actions: ActionButton[] = [];
  for (const m of messages) {
    const subject = m.snoozeScope ?? m.key;
    for (const a of m.notice.actions ?? []) if (actions.length < MAX_ACTIONS) actions.push({ ...a, label: `${a.label} · ${subject}` });
  }
  const notes = [...new Set(messages.flatMap((m) => m.notice.notes ?? []))];
  return {
    messageKey,
    notice: {
      kind: kinds.size === 1 ? messages[0]!.kind : 'alerts',
      title: `${messages.length} alerts for ${team}`,
      text: messages.map((m) => m.text).join(' · '),
      body: messages.map((m) => `*${m.notice.title}* — ${m.text}`),
      ...(notes.length ? { notes } : {}),
      actions,
      tone,
      key: messageKey,
    },
  };
}
