import type { Asker } from '../app/conversation/ports.js';
import { exampleQuestions } from '../app/conversation/help.js';

/** What the console shows about the data besides answers (the cost engine has it). */
export interface DataSources {
  readonly loads: { id: string; describe: string; rows: number }[];
  readonly failures: { id: string; message: string }[];
  readonly settings: { timezone: string; currency: string };
}

/** What the console needs from the engine: questions answered, and the data described. */
export type ConsoleEngine = Asker & DataSources;

/** A place the console can show: `#ask` (questions), a team's channel or the user's direct messages (notices). */
export interface ConsoleChannel {
  id: string;
  name: string;
  kind: 'ask' | 'team' | 'direct';
  /** Kept for older pages: every channel is a real feed now. */
  placeholder: boolean;
}

/** What the page learns at start-up (`GET /api/console/meta`). */
export interface ConsoleMeta {
  examples: string[];
  dimensions: string[];
  dataSources: { id: string; describe: string; rows: number }[];
  failedProviders: { id: string; message: string }[];
  sample: boolean;
  /** The bot's clock now (fixed with `--now` in demos). */
  now: string;
  timezone: string;
  currency: string;
  channels: ConsoleChannel[];
  /** The console user's direct messages (requests decided, nudges to them). */
  direct: ConsoleChannel;
  /** Who the console acts as: it has no sign-in, so it is one demo user on loopback. */
  user: { id: string; name: string };
}

/** Who acts in the console: it has no sign-in (it listens on loopback unless HOST says otherwise), so one demo user. */
export const CONSOLE_USER = { id: 'console-user', name: 'You (console)' } as const;

/** The console user's direct-message channel. */
export const DIRECT_CHANNEL: ConsoleChannel = { id: `dm-${CONSOLE_USER.id}`, name: 'direct messages', kind: 'direct', placeholder: false };

/**
 * The console channel a notice goes to: `ask`, `team-<name>` and `dm-<user>` as they are;
 * a bare team name (`nlp`, as the configuration and the jobs name it) is its team channel.
 */
export function consoleChannelId(channel: string): string {
  return channel === 'ask' || channel.startsWith('team-') || channel.startsWith('dm-') ? channel : `team-${channel}`;
}

/** The team channels: the configured teams, else the teams found in the data. */
export function consoleChannels(engine: Pick<Asker, 'knownValues'>, configuredTeams: string[]): ConsoleChannel[] {
  const teams = configuredTeams.length ? configuredTeams : (engine.knownValues().team ?? []);
  return [
    { id: 'ask', name: 'ask', kind: 'ask', placeholder: false },
    ...[...new Set(teams)].slice(0, 50).map((t): ConsoleChannel => ({ id: `team-${t}`, name: t, kind: 'team', placeholder: false })),
  ];
}

/** Everything the page shows around the conversation: examples, data source, channels. */
export function consoleMeta(engine: ConsoleEngine, opts: { now: number; sample?: boolean; configuredTeams: string[] }): ConsoleMeta {
  const loads = engine.loads;
  return {
    examples: exampleQuestions(engine, opts.now),
    dimensions: engine.dimensionKeys(),
    dataSources: loads.map((l) => ({ id: l.id, describe: l.describe, rows: l.rows })),
    failedProviders: engine.failures,
    // Without the runtime's word, the sample provider announces itself in its description.
    sample: opts.sample ?? (loads.length > 0 && loads.every((l) => l.describe.startsWith('sample:'))),
    now: new Date(opts.now).toISOString(),
    timezone: engine.settings.timezone,
    currency: engine.settings.currency,
    channels: consoleChannels(engine, opts.configuredTeams),
    direct: DIRECT_CHANNEL,
    user: { ...CONSOLE_USER },
  };
}
