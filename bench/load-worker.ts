/**
 * One measurement of bench/engine-bench.ts, in its own process so that peak RSS and the
 * restart time belong to one system alone. Prints one JSON line on stdout.
 *
 *   load-worker finops FILE TODAY SNAPSHOT_DIR [--queries]   load (and write the snapshot)
 *   load-worker finops-restart FILE TODAY SNAPSHOT_DIR        reopen: time to the first answer
 *   load-worker duckdb FILE TODAY - [--queries]               load into an in-memory DuckDB table
 *   load-worker duckdb-persist FILE TODAY DB_FILE             load into a DuckDB database file
 *   load-worker duckdb-restart FILE TODAY DB_FILE             reopen it: time to the first answer
 *
 * Times `readyMs` / `firstAnswerMs` count from the start of the process (Node's own start
 * and the imports included), as an operator sees a restart.
 */
import { CostEngine } from '../src/app/cost-engine.js';
import { parseConfig, toAllocationConfig } from '../src/config/index.js';
import { createLogger } from '../src/log.js';
import { createFocusProvider } from '../src/providers/focus/focus-provider.js';
import { firstDuckQuery, loadDuckTable, timeDuckQueries } from '../src/bench/duckdb-yardstick.js';
import { BENCH_QUERIES } from '../src/bench/run-bench.js';
import { percentile } from '../src/bench/percentile.js';

const [system, file, today, store] = process.argv.slice(2) as [string, string, string, string];
const withQueries = process.argv.includes('--queries');
const WARMUP = 3;
const RUNS = 20;
const sinceStart = () => Math.round(performance.now());
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const round1 = (x: number) => Math.round(x * 10) / 10;
/** CPU time (user + system, every thread of the process) since `from`, in ms: steadier than wall time on a shared machine. */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return Math.round((u.user + u.system) / 1000);
};

async function ours(restart: boolean): Promise<Record<string, unknown>> {
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  const parsed = parseConfig(null);
  if (!parsed.ok) throw new Error('default configuration is invalid');
  const settings = { ...parsed.config, allocation: toAllocationConfig(parsed.config) };
  const now = Date.parse(`${today}T12:00:00Z`);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const engine = await CostEngine.load([createFocusProvider({ type: 'focus', path: file }, { logger, today })], settings, logger, { snapshotDir: store });
  const loadMs = Math.round(performance.now() - t0);
  const loadCpuMs = cpuMs(c0);
  const readyMs = sinceStart();
  const rssAfterLoad = peakRssMb();
  const first = await engine.ask(BENCH_QUERIES[0].text, now);
  if (!first.ok) throw new Error(first.message);
  const out: Record<string, unknown> = {
    system: restart ? 'finops-restart' : 'finops',
    rows: engine.loads[0]!.rows,
    snapshot: engine.snapshotStates[0] ?? null,
    snapshotMs: engine.loads[0]!.snapshotMs,
    loadMs,
    loadCpuMs,
    readyMs,
    firstAnswerMs: sinceStart(),
    openToAnswerMs: Math.round(performance.now() - t0),
    peakRssMb: rssAfterLoad,
    total: first.answer.total,
  };
  if (withQueries) {
    const queries = [];
    for (const q of BENCH_QUERIES) {
      const times: number[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const s = performance.now();
        const r = await engine.ask(q.text, now);
        if (!r.ok) throw new Error(`“${q.text}” was rejected: ${r.message}`);
        if (i >= WARMUP) times.push(performance.now() - s);
      }
      queries.push({ name: q.name, p50: round1(percentile(times, 50)), p95: round1(percentile(times, 95)) });
    }
    out.queries = queries;
  }
  return out;
}

async function duck(restart: boolean): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const t = await loadDuckTable(file, { path: store === '-' ? undefined : store, reopen: restart });
  const readyMs = sinceStart();
  const rssAfterLoad = peakRssMb();
  await t.run(firstDuckQuery(today));
  const out: Record<string, unknown> = {
    system,
    version: t.version,
    loadMs: t.loadMs,
    loadCpuMs: cpuMs(c0),
    readyMs,
    firstAnswerMs: sinceStart(),
    openToAnswerMs: Math.round(performance.now() - t0),
    peakRssMb: rssAfterLoad,
  };
  if (withQueries) out.queries = await timeDuckQueries(t, today, WARMUP, RUNS);
  t.close();
  return out;
}

const result = system.startsWith('finops') ? await ours(system === 'finops-restart') : await duck(system === 'duckdb-restart');
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
