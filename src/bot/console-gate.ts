import type { Request } from 'express';
import { CONSOLE_OPERATOR } from '../app/access/access-policy.js';
import { consoleAccess, consoleRequestAllowed, type ConsoleAccess } from '../app/access/console-access.js';
import type { Identity } from '../app/conversation/types.js';

/** What `FINOPS_CONSOLE` and `FINOPS_CONSOLE_TOKEN` decide, with where the bot listens. */
export interface ConsoleGate {
  /** False with `FINOPS_CONSOLE=off`: no console, and `POST /api/ask` refused. */
  enabled: boolean;
  access: ConsoleAccess;
}

/**
 * The web console and `POST /api/ask` have no sign-in of their own:
 * - on loopback they need none (only this machine reaches them) and act as an administrator;
 * - elsewhere they need `FINOPS_CONSOLE_TOKEN` (`Authorization: Bearer …`);
 * - `FINOPS_CONSOLE=off` turns both off (chat only).
 * Listening beyond this machine with neither is refused at start-up, saying how to fix it.
 */
export function consoleGate(input: { env: Record<string, string | undefined>; host: string; accessConfigured: boolean; chatConfigured: boolean }): ConsoleGate {
  const setting = input.env.FINOPS_CONSOLE?.trim().toLowerCase() ?? '';
  if (setting !== '' && setting !== 'on' && setting !== 'off') throw new Error(`FINOPS_CONSOLE must be on or off, got ${JSON.stringify(setting.slice(0, 20))}.`);
  const access = consoleAccess({ listenHost: input.host, token: input.env.FINOPS_CONSOLE_TOKEN, accessConfigured: input.accessConfigured, chatConfigured: input.chatConfigured });
  if (setting === 'off') return { enabled: false, access };
  if (access.mode === 'loopback' || access.mode === 'token') return { enabled: true, access };
  throw new Error(
    `finops-bot listens on ${input.host}, which other machines can reach, and the web console and POST /api/ask have no sign-in. ` +
      'Set FINOPS_CONSOLE_TOKEN to a long random secret (e.g. `openssl rand -hex 32`; then send Authorization: Bearer <token>), ' +
      'or FINOPS_CONSOLE=off to run without the console and the ask API (chat only), or HOST=127.0.0.1 to listen on this machine only.',
  );
}

/** Who a `POST /api/ask` request is: the console's operator when the gate lets it through. */
export function askIdentity(gate: ConsoleGate): (req: Request) => Identity | { status: number; error: string } {
  return (req) => {
    if (!gate.enabled) return { status: 403, error: 'POST /api/ask is off (FINOPS_CONSOLE=off): ask in Slack or Teams.' };
    if (!consoleRequestAllowed(gate.access, req.get('authorization'))) return { status: 401, error: 'Send Authorization: Bearer <FINOPS_CONSOLE_TOKEN>.' };
    return { platform: 'api', userId: CONSOLE_OPERATOR };
  };
}
