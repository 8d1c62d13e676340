/**
 * `npm run bench:gpu`: idle-GPU detection at scale through a real Prometheus.
 *
 * 2,000 GPUs (250 hosts × 8) × 14 days of one-minute DCGM_FI_DEV_GPU_UTIL samples
 * (40,320,000 samples) are written as OpenMetrics text, backfilled with promtool and served
 * by Debian's prometheus; then the prometheus metric source reads them page by page and
 * the UtilisationAnalyser finds the idle episodes. Reports the time and the peak memory of
 * the detection, and checks the idle GPU-hours found against the ones generated.
 * Needs /usr/bin/prometheus (or FINOPS_TEST_PROMETHEUS) and ~3 GB of temporary disk. promtool
 * re-reads its input once per block: blocks of up to 486 h (its largest below 28 days) make
 * the backfill one or two passes.
 * Options: --hosts=N (default 250), --days=N (default 14). Results: bench-results/gpu-bench.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import pino from 'pino';
import { UtilisationAnalyser } from '../src/core/gpu/utilisation-analyser.js';
import { createPrometheusSource } from '../src/metrics/prometheus/prometheus-source.js';
import { startPrometheus, writeLine } from '../test/helpers/real-prometheus.js';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const HOSTS = arg('hosts', 250);
const DAYS = arg('days', 14);
const GPUS = 8;
const MIN = 60_000;
const START = Date.parse('2026-11-09T00:00:00Z'); // a Monday
const END = START + DAYS * 86_400_000;
const binary = process.env.FINOPS_TEST_PROMETHEUS || '/usr/bin/prometheus';

/** Deterministic 0..1 from integers. */
function rand(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(c + 0x27d4eb2f, 0x165667b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}

/**
 * Idle stretches of one GPU, as [start, end) minutes from START, each at least 2 h:
 * hosts 0, 5, 10… sit idle every weekend (Friday 18:00 → Monday 08:00); on hosts 1, 6, 11…
 * GPUs 5–7 are never used; every other GPU has a 3–6 h idle stretch on a third of the days.
 */
function idleRuns(host: number, gpu: number): [number, number][] {
  const runs: [number, number][] = [];
  if (host % 5 === 1 && gpu >= 5) return [[0, DAYS * 1440]];
  for (let d = 0; d < DAYS; d++) {
    const dow = (d + 1) % 7; // START is a Monday: day 0 → 1
    if (host % 5 === 0 && dow === 5) runs.push([d * 1440 + 18 * 60, Math.min(DAYS * 1440, (d + 3) * 1440 + 8 * 60)]);
    if (host % 5 >= 2 && dow >= 1 && dow <= 5 && rand(host, gpu, d) < 1 / 3) {
      const from = d * 1440 + Math.floor(rand(host, gpu, d + 1000) * 14 * 60);
      runs.push([from, from + 180 + Math.floor(rand(host, gpu, d + 2000) * 180)]);
    }
  }
  return runs;
}

async function writeFleet(out: Writable): Promise<number> {
  await writeLine(out, '# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n');
  const minutes = DAYS * 1440;
  let idleMinutes = 0;
  for (let h = 0; h < HOSTS; h++) {
    const host = `gpu-node-${String(h).padStart(4, '0')}`;
    for (let g = 0; g < GPUS; g++) {
      const idle = new Uint8Array(minutes);
      for (const [a, b] of idleRuns(h, g)) idle.fill(1, a, b);
      for (const v of idle) idleMinutes += v;
      const prefix = `DCGM_FI_DEV_GPU_UTIL{gpu="${g}",Hostname="${host}",modelName="NVIDIA H100 80GB HBM3"} `;
      let chunk = '';
      for (let m = 0; m < minutes; m++) {
        const v = idle[m] ? (m % 3) : 35 + ((m * 7 + g * 13 + h) % 60);
        chunk += `${prefix}${v} ${(START + m * MIN) / 1000}\n`;
        if (chunk.length > 1 << 20) {
          await writeLine(out, chunk);
          chunk = '';
        }
      }
      await writeLine(out, chunk);
    }
    if (h % 25 === 24) process.stderr.write(`  wrote ${h + 1} of ${HOSTS} hosts\n`);
  }
  return idleMinutes;
}

process.stderr.write(`GPU benchmark: ${HOSTS * GPUS} GPUs × ${DAYS} days at one-minute samples (${(HOSTS * GPUS * DAYS * 1440).toLocaleString('en-US')} samples)\n`);
let expectedIdleMinutes = 0;
const t0 = performance.now();
const prom = await startPrometheus(binary, async (out) => void (expectedIdleMinutes = await writeFleet(out)), { maxBlockHours: 24 * 28 });
const setupMs = performance.now() - t0;
process.stderr.write(`  backfilled and started in ${(setupMs / 1000).toFixed(1)} s (promtool ${(prom.backfillMs / 1000).toFixed(1)} s)\n`);

try {
  let requests = 0;
  let httpMs = 0;
  const timed: typeof fetch = async (input, init) => {
    requests++;
    const s = performance.now();
    const res = await fetch(input, init);
    const body = await res.text();
    httpMs += performance.now() - s;
    return new Response(body, { status: res.status, headers: res.headers });
  };
  const source = createPrometheusSource({ type: 'prometheus', url: prom.url, resourceLabel: 'Hostname', resourceMap: {}, modelMap: {}, timeoutMs: 120_000 }, { logger: pino({ level: 'silent' }), today: '2026-11-26', fetch: timed });
  global.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  const d0 = performance.now();
  const analyser = new UtilisationAnalyser({ start: START, end: END }, { utilisationBelow: 5, forHours: 2 });
  let cells = 0;
  let analyseMs = 0;
  for await (const batch of source.utilisation({ range: { start: START, end: END }, step: MIN }, { signal: AbortSignal.timeout(3_600_000), logger: pino({ level: 'silent' }) })) {
    const a = performance.now();
    for (const c of batch) {
      analyser.add(c);
      cells += c.util.length;
    }
    analyseMs += performance.now() - a;
  }
  const result = analyser.finish();
  const detectMs = performance.now() - d0;
  clearInterval(sampler);
  const foundIdleMinutes = result.series.reduce((s, x) => s + x.idleMs / MIN, 0);
  const out = {
    gpus: HOSTS * GPUS,
    days: DAYS,
    samples: HOSTS * GPUS * DAYS * 1440,
    setupSeconds: Math.round(setupMs / 100) / 10,
    backfillSeconds: Math.round(prom.backfillMs / 100) / 10,
    detectSeconds: Math.round(detectMs / 100) / 10,
    requests,
    prometheusAndTransferSeconds: Math.round(httpMs / 100) / 10,
    analyserSeconds: Math.round(analyseMs / 100) / 10,
    cellsRead: cells,
    episodes: result.episodes.length,
    idleGpuHoursFound: Math.round(foundIdleMinutes / 6) / 10,
    idleGpuHoursGenerated: Math.round(expectedIdleMinutes / 6) / 10,
    peakRssMB: Math.round(peakRss / 1048576),
    baseRssMB: Math.round(base.rss / 1048576),
    peakHeapMB: Math.round(peakHeap / 1048576),
    node: process.version,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/gpu-bench.json', `${JSON.stringify(out, null, 2)}\n`);
  if (out.idleGpuHoursFound !== out.idleGpuHoursGenerated) {
    process.stderr.write(`idle GPU-hours found (${out.idleGpuHoursFound}) differ from those generated (${out.idleGpuHoursGenerated})\n`);
    process.exitCode = 1;
  }
} finally {
  await prom.stop();
}
