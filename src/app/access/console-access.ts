import { timingSafeEqual, createHash } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * What the web console may do, decided once at start-up from where it listens.
 * - `loopback`: only this machine can reach it; it counts as an administrator, and the
 *   acting-user switch (to play the sample teams' people) exists when no chat is configured.
 * - `token`: reachable from elsewhere, so every request must carry `FINOPS_CONSOLE_TOKEN`
 *   (`Authorization: Bearer …`); a holder counts as an administrator.
 * - `viewer`: reachable from elsewhere without a token while `access` is not configured: it
 *   answers questions (everyone may see every cost) but counts as nobody in particular, so
 *   it cannot set budgets or decide overrides.
 * - `off`: reachable from elsewhere, `access` configured, no token: not mounted at all.
 */
export type ConsoleAccess =
  | { mode: 'loopback'; admin: true; actingUserSwitch: boolean }
  | { mode: 'token'; admin: true; actingUserSwitch: false; token: string }
  | { mode: 'viewer'; admin: false; actingUserSwitch: false }
  | { mode: 'off'; admin: false; actingUserSwitch: false; message: string };

export interface ConsoleAccessInput {
  /** The address the console's server listens on (`127.0.0.1`, `::1`, `0.0.0.0`…). */
  listenHost: string;
  /** `FINOPS_CONSOLE_TOKEN`; empty or blank counts as unset. */
  token?: string | undefined;
  /** True when the configuration has `access`. */
  accessConfigured: boolean;
  /** True when Slack or Teams is configured (the acting-user switch is for demos without chat). */
  chatConfigured: boolean;
}

/** True for an address only this machine can reach: 127.0.0.0/8, ::1, `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h) || /^0{0,4}(:0{0,4}){6}:0{0,3}1$/.test(h);
  return false;
}

/** Decides the console's mode (see `ConsoleAccess`). The console has no sign-in of its own. */
export function consoleAccess(input: ConsoleAccessInput): ConsoleAccess {
  if (isLoopbackHost(input.listenHost)) return { mode: 'loopback', admin: true, actingUserSwitch: !input.chatConfigured };
  const token = input.token?.trim();
  if (token) return { mode: 'token', admin: true, actingUserSwitch: false, token };
  if (!input.accessConfigured) return { mode: 'viewer', admin: false, actingUserSwitch: false };
  return {
    mode: 'off',
    admin: false,
    actingUserSwitch: false,
    message:
      `The web console is off: it listens on ${input.listenHost}, which other machines can reach, and access control is on. ` +
      'Set FINOPS_CONSOLE_TOKEN to a long random secret to use it with that token, or listen on 127.0.0.1.',
  };
}

/**
 * Whether one console request may go on: always in `loopback` and `viewer` mode; in
 * `token` mode only with `Authorization: Bearer <token>` (compared in constant time).
 */
export function consoleRequestAllowed(access: ConsoleAccess, authorization: string | undefined): boolean {
  if (access.mode === 'loopback' || access.mode === 'viewer') return true;
  if (access.mode === 'off') return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  // Hash both sides: timingSafeEqual needs equal lengths, and the length must not leak either.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(match[1]!), digest(access.token));
}
