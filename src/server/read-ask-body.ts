import { nowOutOfRange } from '../core/now-range.js';

/** A question read from an HTTP body, or what to fix. */
export type AskBody = { ok: true; text: string; now: number } | { ok: false; error: string };

/**
 * Reads `{text, now?}` — the body of `POST /api/ask` and of the console's
 * `POST /api/console/ask` — with messages that say how to fix it. An empty text is a
 * question too (it gets help), and the length cap is the conversation layer's.
 */
export function readAskBody(body: unknown, clock: () => number): AskBody {
  if (typeof body !== 'object' || body === null || typeof (body as { text?: unknown }).text !== 'string') {
    return { ok: false, error: 'Send a JSON body {"text": "by team last week"} with content-type: application/json (optional "now": an ISO time).' };
  }
  const { text, now } = body as { text: string; now?: unknown };
  if (now === undefined || now === null) return { ok: true, text, now: clock() };
  const ms = typeof now === 'string' ? Date.parse(now) : NaN;
  if (!Number.isFinite(ms)) return { ok: false, error: `"now" must be an ISO time such as 2026-11-26T12:00:00Z, got ${JSON.stringify(now).slice(0, 80)}.` };
  const wrong = nowOutOfRange(ms);
  if (wrong !== null) return { ok: false, error: `"now" ${wrong}, got ${JSON.stringify(now).slice(0, 80)}.` };
  return { ok: true, text, now: ms };
}
