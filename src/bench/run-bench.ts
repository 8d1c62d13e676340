import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { CostEngine } from '../app/cost-engine.js';
import { toAllocationConfig } from '../config/index.js';
import { parseConfig } from '../config/index.js';
import { createLogger } from '../log.js';
import { createFocusProvider } from '../providers/focus/focus-provider.js';
import { largeFocusRecords, writeFocusCsv } from '../providers/sample/index.js';
import { UsageError, type CommandArgs, type CommandIO } from '../cli/types.js';
import { runDuckDbYardstick, type YardstickResult } from './duckdb-yardstick.js';
import { percentile } from './percentile.js';

/** The representative queries: name, our query text, and DuckDB's SQL for the same aggregation. */
export const BENCH_QUERIES = [
  { name: 'total', text: 'last 30 days' },
  { name: 'by team', text: 'by team last 30 days' },
  { name: 'by model top 10', text: 'by model top 10 last 30 days' },
  { name: 'filtered by model', text: 'model=llama-70b last 30 days' },
  { name: 'daily series', text: 'daily last 30 days' },
  { name: 'team × model', text: 'by team,model last 30 days' },
  { name: 'by workload vs previous', text: 'by workload last 14 days vs previous' },
] as const;

export interface QueryTiming {
  name: string;
  text: string;
  p50: number;
  p95: number;
  total: number;
}

export interface BenchResult {
  rows: number;
  file: string;
  fileBytes: number;
  generateMs: number | null;
  loadMs: number;
  loadRowsPerSecond: number;
  peakRssMb: number;
  queries: QueryTiming[];
  yardstick: YardstickResult | null;
  machine: { cpus: number; node: string };
}

const WARMUP = 3;
const RUNS = 30;

async function ensureFile(file: string, rows: number, today: string, io: CommandIO): Promise<number | null> {
  if (existsSync(file)) return null;
  io.stderr(`generating ${rows.toLocaleString('en-US')} FOCUS rows into ${file} …\n`);
  const t0 = performance.now();
  const out = createWriteStream(file);
  await writeFocusCsv(out, largeFocusRecords({ rows, today }));
  out.end();
  await once(out, 'close');
  return Math.round(performance.now() - t0);
}

/**
 * `npm run bench`: loads a 1,000,000-row FOCUS export and measures load time, warm
 * query latency (p50/p95 over 30 runs after 3 warm-ups) for representative queries and
 * peak RSS; then DuckDB on the same file and the same aggregations, as the yardstick.
 */
export async function runBench({ values }: CommandArgs, io: CommandIO): Promise<number> {
  const rows = values.rows !== undefined ? Number(values.rows) : 1_000_000;
  if (!Number.isInteger(rows) || rows < 1000) throw new UsageError(`--rows expects a whole number ≥ 1000, got “${values.rows}”.`);
  const today = values.today ?? '2026-11-26';
  const dir = resolve('bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `focus-${rows}-${today}.csv`);
  const generateMs = await ensureFile(file, rows, today, io);
  const now = Date.parse(`${today}T12:00:00Z`);

  const logger = createLogger({ level: io.env.LOG_LEVEL ?? 'warn' });
  const parsed = parseConfig(null);
  if (!parsed.ok) throw new Error('default configuration is invalid');
  const settings = { ...parsed.config, allocation: toAllocationConfig(parsed.config) };
  io.stderr('loading …\n');
  const t0 = performance.now();
  const engine = await CostEngine.load([createFocusProvider({ type: 'focus', path: file }, { logger, today })], settings, logger);
  const loadMs = Math.round(performance.now() - t0);
  const loaded = engine.loads[0]!;
  if (loaded.load.rejected > 0) throw new Error(`${loaded.load.rejected} rows were rejected while loading the benchmark file`);

  const queries: QueryTiming[] = [];
  for (const q of BENCH_QUERIES) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const s = performance.now();
      const r = await engine.ask(q.text, now);
      const ms = performance.now() - s;
      if (!r.ok) throw new Error(`benchmark query “${q.text}” was rejected: ${r.message}`);
      total = r.answer.total;
      if (i >= WARMUP) times.push(ms);
    }
    queries.push({ name: q.name, text: q.text, p50: round1(percentile(times, 50)), p95: round1(percentile(times, 95)), total });
  }
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);

  io.stderr('DuckDB yardstick …\n');
  const yardstick = await runDuckDbYardstick(file, today, WARMUP, RUNS).catch((err: Error) => {
    io.stderr(`DuckDB yardstick skipped: ${err.message}\n`);
    return null;
  });

  const result: BenchResult = {
    rows: loaded.rows,
    file,
    fileBytes: statSync(file).size,
    generateMs,
    loadMs,
    loadRowsPerSecond: Math.round(loaded.rows / (loadMs / 1000)),
    peakRssMb,
    queries,
    yardstick,
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  };
  writeFileSync(join(dir, 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
  if (values.out) writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
  io.stdout(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${benchTable(result)}\n`);
  return 0;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** The result as a Markdown table (pasted into the README). */
export function benchTable(r: BenchResult): string {
  const lines = [
    `rows ${r.rows.toLocaleString('en-US')} · file ${(r.fileBytes / 1e6).toFixed(0)} MB · load ${(r.loadMs / 1000).toFixed(1)} s (${r.loadRowsPerSecond.toLocaleString('en-US')} rows/s) · peak RSS ${r.peakRssMb} MB · ${r.machine.cpus} cores, Node ${r.machine.node}`,
    '',
    '| query | finops-bot p50 ms | p95 ms | DuckDB p50 ms | p95 ms | ratio (p50) |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const q of r.queries) {
    const d = r.yardstick?.queries.find((y) => y.name === q.name);
    const ratio = d && d.p50 > 0 ? `${(q.p50 / d.p50).toFixed(2)}×` : 'n/a';
    lines.push(`| ${q.name} (\`${q.text}\`) | ${q.p50} | ${q.p95} | ${d?.p50 ?? 'n/a'} | ${d?.p95 ?? 'n/a'} | ${ratio} |`);
  }
  if (r.yardstick) lines.push('', `DuckDB ${r.yardstick.version}: load into a table ${(r.yardstick.loadMs / 1000).toFixed(1)} s.`);
  return lines.join('\n');
}
