/**
 * `npm run bench`: the engine benchmark (1,000,000-row FOCUS export: load, warm query
 * p50/p95, peak RSS, DuckDB as the yardstick) and the chat benchmarks (Slack
 * acknowledgement and answer latency, Teams reply latency) on the sample data, and the
 * scheduled jobs (bench/jobs-bench.ts); the engine and DuckDB side by side on daily data
 * (bench/engine-bench.ts: 1M and 5M daily rows; `--big` for 1M, 5M and 10M, `--tagsets` for the
 * tag-set cliff check); and the load run (bench/load-bench.ts).
 * Results: a table on stdout, JSON in bench-results/bench-all.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { runBench } from '../src/bench/run-bench.js';
import { runJobsBench } from './jobs-bench.js';
import { loadTable, runLoadBench } from './load-bench.js';
import { runSlackBench } from './slack-bench.js';
import { runTeamsBench } from './teams-bench.js';

const args = process.argv.slice(2);
const rows = args.find((a) => a.startsWith('--rows='))?.slice(7);
const io = {
  stdout: (s: string) => void process.stdout.write(s),
  stderr: (s: string) => void process.stderr.write(s),
  stdin: process.stdin,
  env: process.env,
};

const code = await runBench({ positionals: [], values: { rows } }, io);
if (code !== 0) process.exit(code);
const engine = JSON.parse(readFileSync('bench-results/bench.json', 'utf8'));

process.stderr.write('Slack benchmark …\n');
const slack = await runSlackBench({ iterations: 60 });
process.stderr.write('Teams benchmark …\n');
const teams = await runTeamsBench({ iterations: 40 });

const chat = [
  '',
  '| chat surface | p50 ms | p95 / p99 ms | target |',
  '|---|---:|---:|---|',
  `| Slack \`/cost\` acknowledged | ${slack.ackP50} | p99 ${slack.ackP99} | p99 ≤ 200 ms |`,
  `| Slack answer posted (response_url) | ${slack.answerP50} | p95 ${slack.answerP95} | p95 ≤ 1.5 s |`,
  `| Teams card reply | ${teams.replyP50} | p95 ${teams.replyP95} | — |`,
].join('\n');
process.stdout.write(`${chat}\n`);
process.stderr.write('Scheduled jobs benchmark …\n');
const jobs = await runJobsBench(rows === undefined ? undefined : Number(rows));
process.stderr.write('Engine and DuckDB side by side …\n');
const sideArgs = args.filter((a) => a === '--big' || a === '--tagsets' || a.startsWith('--grain=') || a === '--no-queries');
if (!sideArgs.includes('--big') && !sideArgs.includes('--tagsets')) sideArgs.push(`--rows=${rows ?? '1000000,5000000'}`, ...(sideArgs.some((a) => a.startsWith('--grain=')) ? [] : ['--grain=daily']));
execFileSync(process.execPath, ['--import', 'tsx', 'bench/engine-bench.ts', ...sideArgs], { stdio: 'inherit' });
const sideBySide = JSON.parse(readFileSync('bench-results/engine-bench.json', 'utf8'));
mkdirSync('bench-results', { recursive: true });
process.stderr.write('Load benchmark (64 askers × 30 s against the served bot) …\n');
const load = await runLoadBench();
process.stdout.write(`${loadTable(load)}\n`);
writeFileSync('bench-results/bench-all.json', `${JSON.stringify({ engine, slack, teams, jobs, sideBySide, load }, null, 2)}\n`);
process.exit(0);
