/**
 * A real Prometheus for tests and the benchmark (Debian's `prometheus` and `promtool`):
 * samples written as OpenMetrics text, backfilled into a TSDB with
 * `promtool tsdb create-blocks-from openmetrics`, and the server started on it with no
 * scrape jobs and a ten-year retention (older blocks would be deleted at start).
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** The Prometheus binary the tests use, from FINOPS_TEST_PROMETHEUS (promtool next to it); undefined: skip. */
export const PROMETHEUS_BINARY = process.env.FINOPS_TEST_PROMETHEUS || undefined;

export interface RealPrometheus {
  url: string;
  dir: string;
  /** Seconds promtool took to backfill. */
  backfillMs: number;
  stop(): Promise<void>;
}

/** Writes one line, waiting when the stream asks to. */
export async function writeLine(out: Writable, line: string): Promise<void> {
  if (!out.write(line)) await once(out, 'drain');
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as { port: number }).port;
  srv.close();
  await once(srv, 'close');
  return port;
}

/**
 * Backfills what `write` writes (OpenMetrics lines, without the final `# EOF`, which is
 * added here) and starts Prometheus on it. `maxBlockHours` makes fewer, longer blocks
 * (promtool reads the input once per block).
 */
export async function startPrometheus(binary: string, write: (out: Writable) => Promise<void>, opts: { maxBlockHours?: number } = {}): Promise<RealPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'finops-prom-'));
  const file = join(dir, 'data.om');
  const data = join(dir, 'tsdb');
  const out = createWriteStream(file);
  await write(out);
  await writeLine(out, '# EOF\n');
  out.end();
  await once(out, 'finish');
  const promtool = join(dirname(binary), 'promtool');
  const t0 = performance.now();
  await run(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', ...(opts.maxBlockHours ? [`--max-block-duration=${opts.maxBlockHours}h`] : []), file, data]);
  const backfillMs = performance.now() - t0;
  await rm(file);
  const config = join(dir, 'prometheus.yml');
  await writeFile(config, 'global:\n  scrape_interval: 1m\nscrape_configs: []\n');
  const port = await freePort();
  const child = spawn(binary, [
    `--storage.tsdb.path=${data}`, '--storage.tsdb.retention.time=10y', `--web.listen-address=127.0.0.1:${port}`, `--config.file=${config}`, '--log.level=warn',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}: ${log}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`prometheus did not become ready within 60 s: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dir,
    backfillMs,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
