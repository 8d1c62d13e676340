/**
 * Teams reply latency: a Bot Framework message activity POSTed to /api/messages on the
 * real server (emulator mode) until its Adaptive Card reaches the fake connector, over
 * the bundled sample data (~14 months), charts drawn in-process and embedded.
 */
import pino from 'pino';
import { CostEngine } from '../src/app/cost-engine.js';
import { renderChartPng } from '../src/charts/index.js';
import { startTeamsBot, NOW } from '../test/chat/teams/test-helpers.js';
import { createSampleProvider, SAMPLE_ALLOCATION } from '../src/providers/sample/index.js';

export interface TeamsBenchOptions {
  iterations: number;
  /** Draw charts (default true), as a deployment does. */
  charts?: boolean;
}

export interface TeamsBenchResult {
  /** Milliseconds from the POST to the card at the connector. */
  replyP50: number;
  replyP95: number;
  iterations: number;
}

const QUERIES = ['cost by team last week', 'by model this month vs previous', 'workload=training by team last 30 days', 'daily last 14 days by team', 'help'];

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i]! * 10) / 10;
}

/** Runs `iterations` questions one after another (after a short warm-up) and reports the reply latency. */
export async function runTeamsBench(opts: TeamsBenchOptions): Promise<TeamsBenchResult> {
  const logger = pino({ level: 'silent' });
  const provider = createSampleProvider({ type: 'sample' }, { logger, today: new Date(NOW).toISOString().slice(0, 10) });
  const engine = await CostEngine.load([provider], { timezone: 'UTC', weekStart: 'monday', currency: 'USD', defaultRange: 'this month', metric: 'effective', allocation: structuredClone(SAMPLE_ALLOCATION) }, logger);
  const bot = await startTeamsBot({ engine, logger, charts: opts.charts === false ? undefined : { renderChartPng } });
  const ask = async (id: string, text: string): Promise<number> => {
    const activity = bot.fixture('message-personal', { id, text });
    const t0 = performance.now();
    const [res] = await Promise.all([bot.post(activity), bot.connector.waitFor((c) => c.activityId === id && c.activity.type === 'message', 30_000)]);
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`the bot answered HTTP ${res.status}`);
    return ms;
  };
  try {
    for (const [i, text] of QUERIES.entries()) await ask(`warm-up-${i}`, text);
    bot.connector.reset();
    const times: number[] = [];
    for (let i = 0; i < opts.iterations; i++) times.push(await ask(`bench-${i}`, QUERIES[i % QUERIES.length]!));
    times.sort((a, b) => a - b);
    return { replyP50: percentile(times, 50), replyP95: percentile(times, 95), iterations: opts.iterations };
  } finally {
    await bot.close();
  }
}
