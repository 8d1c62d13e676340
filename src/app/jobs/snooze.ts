/**
 * Alert hygiene: *Snooze 24 h* on any alert silences that alert's scope (`team=nlp`,
 * `model=llama-70b`, `budget:nlp-monthly`) for a day, kept in the store so every replica
 * honours it; `unsnooze` lifts it. The text form is `snooze <scope>` / `unsnooze <scope>`
 * (`/cost snooze team=nlp` in Slack), and `snooze` alone lists what is snoozed.
 */
import type { Store } from '../../store/index.js';
import type { Identity, Notice } from '../conversation/types.js';

export const SNOOZE_MS = 24 * 3_600_000;

export type SnoozeCommand = { verb: 'snooze' | 'unsnooze'; scope: string } | { verb: 'list' } | { verb: 'invalid'; message: string };

const SCOPE = /^((?:budget|idle-gpu):[^\s]+|[A-Za-z][\w:-]*=[^\s]+)$/;
const HOW = 'Say `snooze team=nlp`, `snooze model=llama-70b` or `snooze budget:nlp-monthly` (24 h), `unsnooze <same>`, or `snooze` to list.';

/** Reads `snooze <scope>`, `unsnooze <scope>` or `snooze`; null when the text is something else. */
export function parseSnoozeCommand(text: string): SnoozeCommand | null {
  const words = text.trim().replace(/^\/cost\s+/i, '').split(/\s+/).filter(Boolean);
  const verb = words[0]?.toLowerCase();
  if (verb !== 'snooze' && verb !== 'unsnooze') return null;
  if (words.length === 1) return verb === 'snooze' ? { verb: 'list' } : { verb: 'invalid', message: `Which alerts? ${HOW}` };
  const scope = words.slice(1).join(' ');
  if (words.length > 2 || !SCOPE.test(scope)) return { verb: 'invalid', message: `“${scope}” is not an alert scope. ${HOW}` };
  return { verb, scope };
}

const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Snoozes alerts about `scope` for 24 hours; audited. */
export async function snoozeScope(store: Pick<Store, 'snooze' | 'appendAudit'>, scope: string, who: Identity, now: Date): Promise<Notice> {
  const until = new Date(now.getTime() + SNOOZE_MS);
  await store.snooze({ resource: scope, until, by: who.userId, kind: 'snooze' }, now);
  await store.appendAudit({ actor: who.userId, platform: who.platform, action: 'alert.snooze', subject: `snooze:${scope}`, detail: { until: until.toISOString() } }, now);
  return { kind: 'snooze', title: 'Snoozed', text: `Alerts about ${scope} are snoozed until ${when(until)}. Say \`unsnooze ${scope}\` to hear them again.`, tone: 'info' };
}

/** Lifts the snooze on `scope`; audited. */
export async function unsnoozeScope(store: Pick<Store, 'unsnooze' | 'appendAudit'>, scope: string, who: Identity, now: Date): Promise<Notice> {
  const lifted = await store.unsnooze(scope);
  if (lifted) await store.appendAudit({ actor: who.userId, platform: who.platform, action: 'alert.unsnooze', subject: `snooze:${scope}` }, now);
  return { kind: 'snooze', title: lifted ? 'Unsnoozed' : 'Not snoozed', text: lifted ? `Alerts about ${scope} are on again.` : `Alerts about ${scope} were not snoozed.`, tone: 'info' };
}

/** What is snoozed now. */
export async function listSnoozedNotice(store: Pick<Store, 'listSnoozes'>, now: Date): Promise<Notice> {
  const list = (await store.listSnoozes(now)).filter((s) => s.kind === 'snooze');
  return {
    kind: 'snooze',
    title: 'Snoozed alerts',
    text: list.length === 0 ? 'No alerts are snoozed.' : `${list.length} snoozed: ${list.map((s) => s.resource).join(', ')}`,
    ...(list.length ? { table: { columns: ['scope', 'until', 'by'], rows: list.map((s) => [s.resource, when(s.until), s.by]) } } : {}),
    tone: 'info',
  };
}

/** Handles the text form; null when the text is no snooze command (the ask use case goes on). */
export async function handleSnoozeText(text: string, store: Pick<Store, 'snooze' | 'unsnooze' | 'listSnoozes' | 'appendAudit'>, who: Identity, now: Date): Promise<Notice | null> {
  const cmd = parseSnoozeCommand(text);
  if (cmd === null) return null;
  if (cmd.verb === 'invalid') return { kind: 'snooze', title: 'Snooze', text: cmd.message, tone: 'warning' };
  if (cmd.verb === 'list') return listSnoozedNotice(store, now);
  return cmd.verb === 'snooze' ? snoozeScope(store, cmd.scope, who, now) : unsnoozeScope(store, cmd.scope, who, now);
}
