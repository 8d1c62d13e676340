import type { CostEngine } from '../app/cost-engine.js';

/** The example questions the page offers as chips; only those the engine can parse are shown. */
export const EXAMPLE_QUESTIONS = [
  'by team last week',
  'model=llama-70b last 30 days daily',
  'what did training cost in October?',
  'by model top 5 this month vs previous',
  'by workload yesterday',
  'this month forecast',
  'by service top 8 last month',
] as const;

/** A place the console can show: `#ask` (questions) or a team's channel (digests and alerts, later). */
export interface ConsoleChannel {
  id: string;
  name: string;
  kind: 'ask' | 'team';
  /** Team channels are placeholders until digests and alerts are posted to them. */
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
}

/** The team channels: the configured teams, else the teams found in the data. */
export function consoleChannels(engine: CostEngine, configuredTeams: string[]): ConsoleChannel[] {
  const teams = configuredTeams.length ? configuredTeams : (engine.knownValues().team ?? []);
  return [
    { id: 'ask', name: 'ask', kind: 'ask', placeholder: false },
    ...[...new Set(teams)].slice(0, 50).map((t): ConsoleChannel => ({ id: `team-${t}`, name: t, kind: 'team', placeholder: true })),
  ];
}

/** Everything the page shows around the conversation: examples, data source, channels. */
export function consoleMeta(engine: CostEngine, opts: { now: number; sample?: boolean; configuredTeams: string[] }): ConsoleMeta {
  const loads = engine.loads;
  return {
    examples: EXAMPLE_QUESTIONS.filter((q) => engine.parse(q, opts.now).error === null),
    dimensions: engine.dimensionKeys(),
    dataSources: loads.map((l) => ({ id: l.id, describe: l.describe, rows: l.rows })),
    failedProviders: engine.failures,
    // Without the runtime's word, the sample provider announces itself in its description.
    sample: opts.sample ?? (loads.length > 0 && loads.every((l) => l.describe.startsWith('sample:'))),
    now: new Date(opts.now).toISOString(),
    timezone: engine.settings.timezone,
    currency: engine.settings.currency,
    channels: consoleChannels(engine, opts.configuredTeams),
  };
}
