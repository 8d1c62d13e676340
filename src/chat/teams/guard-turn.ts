import type { Response as BotResponse } from 'botbuilder';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { redactText } from '../../redact.js';

/**
 * True when a `serviceUrl` points at this machine. In emulator mode nothing is
 * authenticated, so the bot must not post answers to a caller-chosen address.
 */
export function isLoopbackServiceUrl(serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== 'string' || !URL.canParse(serviceUrl)) return false;
  const url = new URL(serviceUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::ffff:127.0.0.1';
}

/**
 * The response the Bot Framework adapter writes, as the caller sees it. The adapter
 * answers 500 with the exception's text when a token cannot be verified for any reason
 * other than its own (a token whose signing keys cannot be fetched), and 500 with the
 * text of any other failure. Here a failure before the turn started — authentication —
 * is 401, and no failure's text (URLs, stack details) reaches the caller; the log keeps it.
 */
export function guardedResponse(res: Response, log: Logger): { response: BotResponse; turnStarted(): void } {
  let started = false;
  let status = 200;
  let body: unknown;
  const shim = {
    status(code: number) {
      status = code;
      return shim;
    },
    header(name: string, value: unknown) {
      res.header(name, String(value));
      return shim;
    },
    send(value: unknown) {
      body = value;
      return shim;
    },
    end() {
      if (res.headersSent) return shim;
      if (status >= 500 && !started) {
        log.warn({ status, reason: redactText(String(body ?? '')).slice(0, 300) }, 'Teams request refused: its token could not be verified');
        res.status(401).json({ error: 'Unauthorized: the Bot Framework token could not be verified.' });
      } else if (status >= 500) {
        log.error({ status, reason: redactText(String(body ?? '')).slice(0, 300) }, 'Teams turn failed');
        res.status(status).json({ error: 'Something went wrong on our side; the error is logged.' });
      } else if (status === 401 || status === 403) {
        res.status(status).json({ error: 'Unauthorized: the request carries no valid Bot Framework token.' });
      } else if (body === undefined || body === null) {
        res.status(status).end();
      } else {
        res.status(status).send(body);
      }
      return shim;
    },
  };
  return { response: shim as unknown as BotResponse, turnStarted: () => void (started = true) };
}
