import type { Environment } from '../config/index.js';

/** Addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Where the server listens: `HOST` when set; else every interface (0.0.0.0) when a chat
 * platform must reach the bot (Slack over HTTP, Teams with its app registration), and
 * loopback (127.0.0.1) otherwise — the console and `POST /api/ask` have no sign-in, so
 * without chat credentials nothing but this machine should reach them. Socket Mode and
 * the Teams emulator need no inbound connection.
 */
export function listenHost(env: Pick<Environment, 'host' | 'slack' | 'teams'>): string {
  if (env.host !== null) return env.host;
  const slackOverHttp = env.slack.botToken !== null && env.slack.signingSecret !== null && env.slack.appToken === null;
  const teamsRegistered = env.teams.appId !== null && env.teams.appPassword !== null;
  return slackOverHttp || teamsRegistered ? '0.0.0.0' : '127.0.0.1';
}
