/**
 * `npm run bench:jobs`: the scheduled jobs at scale, through the same path as the
 * scheduler (`runJobSlot`: claim, ledger, console delivery on an in-memory store).
 *
 * 1. 1,000,000 hourly FOCUS rows (the engine benchmark's generator, in memory): the digest
 *    for 20 `teams:` entries (5 teams, 12 models, 3 workloads), then the three jobs
 *    together — time per run and provider calls per run.
 * 2. Cost Explorer (the local fake speaking the real protocol, 20 teams): the requests a
 *    digest run costs for 20 entries against 2 (grouped by team: the same), and a repeated
 *    run in the same hour (served from the store's provider cache: none).
 * Results: a table on stdout, JSON in bench-results/jobs-bench.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { CostEngine } from '../src/app/cost-engine.js';
import { consoleNotifier } from '../src/console/console-notifier.js';
import { engineCostReader } from '../src/app/jobs/cost-reader.js';
import { JOBS } from '../src/app/jobs/registry.js';
import { runJobSlot } from '../src/app/jobs/run-slot.js';
import type { JobDefinition, RunDeps, RunReport } from '../src/app/jobs/types.js';
import { storeCache } from '../src/app/store-cache.js';
import { parseConfig, toAllocationConfig, type FinopsConfig } from '../src/config/index.js';
import { addDays } from '../src/core/dates.js';
import type { CostRecord } from '../src/core/types.js';
import { createProviders } from '../src/providers/index.js';
import { largeFocusRecords, SAMPLE_ALLOCATION } from '../src/providers/sample/index.js';
import type { SnapshotProvider } from '../src/providers/types.js';
import { createPgliteDriver, createStore, MEMORY_DATA_DIR, migrate, type Store } from '../src/store/index.js';
import { startFakeCostExplorer } from '../test/fakes/cost-explorer-server.js';
import { makeRecord } from '../test/helpers/make-record.js';

const logger = pino({ level: 'silent' });
const TODAY = '2026-11-26';
const SLOT = new Date(`${TODAY}T09:00:00Z`);

function configOf(raw: Record<string, unknown>): FinopsConfig {
  const r = parseConfig(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

/** 20 entries: 5 teams, 12 models, 3 workloads — each a one-key scope, as most teams are. */
function twentyEntries(): Record<string, unknown> {
  const teams = ['nlp', 'vision', 'speech', 'recsys', 'platform'];
  const models = ['llama-70b', 'llama-8b-ft-support', 'mistral-7b-ft-legal', 'sdxl', 'clip-vit', 'whisper-large', 'tts-v2', 'ranker-xl', 'two-tower', 'embed-small', 'guard-classifier', 'detr-r50'];
  const workloads = ['training', 'inference', 'storage'];
  return Object.fromEntries([
    ...teams.map((t) => [t, { scope: `team=${t}` }]),
    ...models.map((m) => [`m-${m}`, { scope: `model=${m}` }]),
    ...workloads.map((w) => [`w-${w}`, { scope: `workload=${w}` }]),
  ]);
}

async function memoryStore(): Promise<Store> {
  const driver = await createPgliteDriver({ dataDir: MEMORY_DATA_DIR });
  await migrate(driver);
  return createStore(driver);
}

function deps(store: Store, config: FinopsConfig, engine: CostEngine): RunDeps {
  return {
    config,
    costsFor: (slot) => engineCostReader(engine, slot.getTime()),
    store,
    notifiers: { console: consoleNotifier(store, () => Date.now()) },
    logger,
    clock: () => Date.now(),
    owner: 'bench',
  };
}

async function timed(job: JobDefinition, slot: Date, d: RunDeps): Promise<{ ms: number; report: RunReport }> {
  const t = performance.now();
  const report = await runJobSlot(job, slot, d);
  if (report.error) throw new Error(`${job.name}: ${report.error}`);
  return { ms: Math.round(performance.now() - t), report };
}

export type JobsBenchResult = Awaited<ReturnType<typeof runJobsBench>>;

/** Runs the benchmark over `rows` generated rows; prints the table and writes the JSON. */
export async function runJobsBench(rows = 1_000_000) {
  // 1. One million rows.
  process.stderr.write(`Generating and loading ${rows.toLocaleString('en-US')} rows …\n`);
  const provider: SnapshotProvider = {
    kind: 'snapshot', id: 'focus', type: 'focus', describe: () => 'generated',
    async load(sink) {
      let n = 0;
      for (const r of largeFocusRecords({ rows, today: TODAY })) {
        sink(r);
        n++;
      }
      return { rows: n, rejected: 0, rejectedSamples: [], warnings: [], ms: 0 };
    },
  };
  const budgets = ['nlp', 'vision', 'speech', 'recsys', 'platform'].map((t) => ({ name: `${t}-monthly`, scope: `team=${t}`, amount: 20_000, forecast: true, team: t }));
  const bigConfig = configOf({ teams: twentyEntries(), budgets });
  const loadStart = performance.now();
  const engine = await CostEngine.load([provider], { timezone: 'UTC', weekStart: 'monday', currency: 'USD', defaultRange: 'this month', metric: 'effective', allocation: structuredClone(SAMPLE_ALLOCATION) }, logger);
  const loadMs = Math.round(performance.now() - loadStart);
  const store = await memoryStore();
  const d = deps(store, bigConfig, engine);
  const digest = JOBS.find((j) => j.name === 'digest')!;
  const composeMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await digest.compose({ job: 'digest', slot: SLOT, today: TODAY, config: bigConfig, costs: engineCostReader(engine, SLOT.getTime()), store, logger, signal: new AbortController().signal });
    composeMs.push(Math.round(performance.now() - t));
  }
  const digestCold = await timed(digest, SLOT, d);
  const digestWarm = await timed(digest, new Date(SLOT.getTime() + 3_600_000), d);
  const allRuns: number[] = [];
  let allCalls = 0;
  let messages = 0;
  for (let i = 0; i < 3; i++) {
    const slot = new Date(SLOT.getTime() + (i + 2) * 3_600_000);
    const t = performance.now();
    for (const job of JOBS) {
      const r = await timed(job, slot, d);
      allCalls += r.report.providerCalls;
      if (i === 0) messages += r.report.lines.length;
    }
    allRuns.push(Math.round(performance.now() - t));
  }
  await store.close();

  // 2. Cost Explorer: requests per digest run, 20 entries vs 2, and a repeated run.
  process.stderr.write('Cost Explorer …\n');
  process.env.AWS_ACCESS_KEY_ID ??= 'AKIAFAKEFAKEFAKE1234';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'fake-secret';
  const ceTeams = Array.from({ length: 20 }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`);
  const ceRecords: CostRecord[] = [];
  for (let day = addDays(TODAY, -45); day < TODAY; day = addDays(day, 1)) {
    ceTeams.forEach((team, i) => {
      for (const [j, model] of ['alpha', 'beta', 'gamma'].entries()) {
        const cost = (100 + i * 7 + j * 13 + (Number(day.slice(8)) % 5) * 3).toFixed(2);
        ceRecords.push(makeRecord({ day, billedCost: cost, serviceName: j === 2 ? 'Amazon SageMaker' : 'Amazon Elastic Compute Cloud', skuId: 'BoxUsage', chargeDescription: 'BoxUsage', tags: { team, model } }));
      }
    });
  }
  const fake = await startFakeCostExplorer({ records: ceRecords, today: TODAY });
  const ceRaw = { providers: [{ type: 'aws-cost-explorer', region: 'us-east-1', endpoint: fake.url }], dimensions: { team: { tags: ['team'] }, model: { tags: ['model'] } } };
  async function ceDigestRequests(entries: number): Promise<{ first: number; repeat: number; ms: number }> {
    const cfg = configOf({ ...ceRaw, teams: Object.fromEntries(ceTeams.slice(0, entries).map((t) => [t, {}])) });
    const ceStore = await memoryStore();
    const clock = () => SLOT.getTime() + 60_000;
    const providers = await createProviders(cfg.providers, { logger, today: TODAY, timezone: 'UTC' });
    const ceEngine = await CostEngine.load(providers, { timezone: 'UTC', weekStart: 'monday', currency: 'USD', defaultRange: 'this month', metric: 'effective', allocation: toAllocationConfig(cfg) }, logger, { cacheFor: (id) => storeCache(ceStore, id, clock) });
    const runDeps = { ...deps(ceStore, cfg, ceEngine), clock };
    const before = fake.calls();
    const t = performance.now();
    const first = await timed(digest, SLOT, runDeps);
    const ms = Math.round(performance.now() - t);
    const afterFirst = fake.calls();
    // The same hour, the next slot: every question again, answered from the cache.
    await timed(digest, new Date(SLOT.getTime() + 30 * 60_000), runDeps);
    const afterRepeat = fake.calls();
    await ceStore.close();
    if (first.report.providerCalls !== afterFirst - before) throw new Error('provider calls and fake requests disagree');
    return { first: afterFirst - before, repeat: afterRepeat - afterFirst, ms };
  }
  const ce20 = await ceDigestRequests(20);
  const ce2 = await ceDigestRequests(2);
  await fake.close();

  const result = {
    rows,
    loadMs,
    digest20: { composeMs, coldMs: digestCold.ms, warmMs: digestWarm.ms, messages: digestCold.report.lines.length, providerCalls: digestCold.report.providerCalls },
    threeJobs: { runsMs: allRuns, messages, providerCallsPerRun: allCalls / allRuns.length },
    costExplorer: { digest20: ce20, digest2: ce2 },
  };
  const table = [
    `| scheduled jobs (${rows.toLocaleString('en-US')} rows, loaded in ${(loadMs / 1000).toFixed(1)} s) | time per run | provider calls per run |`,
    '|---|---:|---:|',
    `| digest, 20 entries: composing (the data; median of 5, first ${composeMs[0]} ms) | ${[...composeMs].sort((a, b) => a - b)[2]} ms | 0 |`,
    `| digest, 20 entries: a run (claim, compose, post ${result.digest20.messages} to the console, mark) | ${digestCold.ms} ms | ${digestCold.report.providerCalls} |`,
    `| digest, 20 entries (next slot: all duplicates) | ${digestWarm.ms} ms | ${digestWarm.report.providerCalls} |`,
    `| digest + budgets + anomalies (median of 3) | ${[...allRuns].sort((a, b) => a - b)[1]} ms | ${result.threeJobs.providerCallsPerRun} |`,
    `| Cost Explorer: digest, 20 entries | ${ce20.ms} ms | ${ce20.first} requests; repeated in the hour: ${ce20.repeat} |`,
    `| Cost Explorer: digest, 2 entries | ${ce2.ms} ms | ${ce2.first} requests; repeated in the hour: ${ce2.repeat} |`,
  ].join('\n');
  process.stdout.write(`${table}\n`);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/jobs-bench.json', `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runJobsBench(Number(process.argv.find((a) => a.startsWith('--rows='))?.slice(7) ?? 1_000_000));
  process.exit(0);
}
