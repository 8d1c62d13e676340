import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output (and optional stdin lines). */
export async function runCli(argv: string[], opts: { stdin?: string; env?: Record<string, string | undefined> } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    stdin: Readable.from(opts.stdin === undefined ? [] : [opts.stdin]),
    env: { LOG_LEVEL: 'silent', ...opts.env },
  });
  return { code, stdout, stderr };
}
