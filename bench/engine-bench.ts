/**
 * `npm run bench:duckdb` (also part of `npm run bench`): the local engine and DuckDB side by
 * side on the same generated FOCUS files, each measurement in its own process, the two
 * systems interleaved (the machine is shared and noisy: compare ratios from one run).
 *
 * Per file: DuckDB loads it into an in-memory table (the same columns our engine keeps) and
 * times the benchmark queries; our engine loads it (and writes its snapshot) and times
 * the same queries; DuckDB loads it into a database file; then both restart with the file
 * unchanged, timed to the first answer. Peak RSS is each load process's own.
 *
 * Options:
 *   --rows=1000000,5000000   sizes (default 1,000,000)
 *   --grain=daily,hourly     shapes (default both at the default size, daily otherwise)
 *   --big                    1M, 5M and 10M daily rows (minutes, and ~4 GB of RAM)
 *   --tagsets                the cliff check: 1M daily rows over 100,000 resources with 100
 *                            and with 100,000 distinct tag sets
 *   --no-queries             loads and restarts only
 *   --no-persist             no DuckDB database file (and no DuckDB restart)
 * Results: a table on stdout, JSON in bench-results/engine-bench.json.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { largeFocusRecords, writeFocusCsv, type LargeFocusOptions } from '../src/providers/sample/index.js';

const args = process.argv.slice(2);
const opt = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const flag = (name: string) => args.includes(`--${name}`);
const TODAY = '2026-11-26';
const DIR = resolve('bench-results');

interface Case {
  label: string;
  gen: LargeFocusOptions;
}

function cases(): Case[] {
  const out: Case[] = [];
  const mk = (rows: number, grain: 'daily' | 'hourly', extra: Partial<LargeFocusOptions> = {}, label = `${rows / 1e6}M ${grain}`) =>
    out.push({ label, gen: { rows, today: TODAY, grain, ...extra } });
  if (flag('tagsets')) {
    mk(1_000_000, 'daily', { resources: 100_000, nameTags: 100 }, '1M daily, 100 tag sets');
    mk(1_000_000, 'daily', { resources: 100_000, nameTags: 100_000 }, '1M daily, 100,000 tag sets');
    return out;
  }
  const rows = flag('big') ? [1_000_000, 5_000_000, 10_000_000] : (opt('rows') ?? '1000000').split(',').map(Number);
  const grains = (opt('grain') ?? (flag('big') || opt('rows') ? 'daily' : 'daily,hourly')).split(',') as ('daily' | 'hourly')[];
  for (const g of grains) for (const r of rows) mk(r, g);
  return out;
}

async function ensureFile(c: Case): Promise<string> {
  const g = c.gen;
  const file = join(DIR, `focus-${g.grain}-${g.rows}${g.resources ? `-r${g.resources}` : ''}${g.nameTags !== undefined ? `-t${g.nameTags}` : ''}-${TODAY}.csv`);
  if (existsSync(file)) return file;
  process.stderr.write(`generating ${c.label} into ${file} …\n`);
  const out = createWriteStream(`${file}.part`);
  await writeFocusCsv(out, largeFocusRecords(g));
  out.end();
  await once(out, 'close');
  execFileSync('mv', [`${file}.part`, file]);
  return file;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one JSON line of a worker
type Measured = Record<string, any>;

function worker(system: string, file: string, store: string, queries: boolean): Measured {
  process.stderr.write(`  ${system} …\n`);
  const argv = ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', 'bench/load-worker.ts', system, file, TODAY, store];
  if (queries) argv.push('--queries');
  const out = execFileSync(process.execPath, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

mkdirSync(DIR, { recursive: true });
const queries = !flag('no-queries') && !flag('tagsets');
const results: Measured[] = [];
for (const c of cases()) {
  const file = await ensureFile(c);
  const snap = join(DIR, 'snapshots');
  const duckFile = join(DIR, 'duck.db');
  rmSync(snap, { recursive: true, force: true });
  rmSync(duckFile, { force: true });
  rmSync(`${duckFile}.wal`, { force: true });
  process.stderr.write(`${c.label}:\n`);
  const persist = !flag('no-persist');
  const duck = worker('duckdb', file, '-', queries);
  const ours = worker('finops', file, snap, queries);
  const duckPersist = persist ? worker('duckdb-persist', file, duckFile, false) : null;
  const oursRestart = worker('finops-restart', file, snap, false);
  const duckRestart = persist ? worker('duckdb-restart', file, duckFile, false) : null;
  rmSync(duckFile, { force: true });
  results.push({ label: c.label, rows: c.gen.rows, duck, ours, duckPersist, oursRestart, duckRestart });
}

const lines = [
  '| data | finops-bot load (snapshot write) | DuckDB load in memory | ratio | CPU time ours / DuckDB | ratio | µs/row ours / DuckDB | peak RSS ours / DuckDB | ratio | DuckDB load into a file | restart to first answer: ours / DuckDB file (from process start) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
const us = (ms: number, rows: number) => ((ms * 1000) / rows).toFixed(1);
for (const r of results) {
  const dr = r.duckRestart;
  lines.push(
    `| ${r.label} | ${s(r.ours.loadMs)} (${s(r.ours.snapshotMs)}) | ${s(r.duck.loadMs)} | ${ratio(r.ours.loadMs, r.duck.loadMs)} | ` +
      `${s(r.ours.loadCpuMs)} / ${s(r.duck.loadCpuMs)} | ${ratio(r.ours.loadCpuMs, r.duck.loadCpuMs)} | ${us(r.ours.loadMs, r.rows)} / ${us(r.duck.loadMs, r.rows)} | ` +
      `${r.ours.peakRssMb} / ${r.duck.peakRssMb} MB | ${ratio(r.ours.peakRssMb, r.duck.peakRssMb)} | ${r.duckPersist ? s(r.duckPersist.loadMs) : '—'} | ` +
      `${s(r.oursRestart.openToAnswerMs)} / ${dr ? s(dr.openToAnswerMs) : '—'} (${s(r.oursRestart.firstAnswerMs)} / ${dr ? s(dr.firstAnswerMs) : '—'}; ${r.oursRestart.snapshot ?? '?'}) |`,
  );
}
if (queries) {
  for (const r of results) {
    lines.push('', `${r.label} (DuckDB ${r.duck.version}), warm queries:`, '', '| query | ours p50 / p95 ms | DuckDB p50 / p95 ms | ratio p50 | ratio p95 |', '|---|---:|---:|---:|---:|');
    for (const q of r.ours.queries as { name: string; p50: number; p95: number }[]) {
      const d = (r.duck.queries as { name: string; p50: number; p95: number }[]).find((x) => x.name === q.name)!;
      lines.push(`| ${q.name} | ${q.p50} / ${q.p95} | ${d.p50} / ${d.p95} | ${ratio(q.p50, d.p50)} | ${ratio(q.p95, d.p95)} |`);
    }
  }
}
process.stdout.write(`${lines.join('\n')}\n`);
writeFileSync(join(DIR, 'engine-bench.json'), `${JSON.stringify(results, null, 2)}\n`);
