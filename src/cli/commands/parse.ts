import { createInterface } from 'node:readline';
import { createRuntime } from '../../app/runtime.js';
import type { ParsedQuery } from '../../core/types.js';
import { createLogger } from '../../log.js';
import { parseNow, type Command } from '../types.js';

function describe(q: ParsedQuery): string {
  if (q.error) return `error: ${q.error}`;
  const lines = [`range: ${q.range.start} .. ${q.range.end}`];
  for (const [k, f] of Object.entries(q.filters)) {
    if (f.in) lines.push(`filter: ${k} ∈ {${f.in.join(', ')}}`);
    if (f.notIn) lines.push(`filter: ${k} ∉ {${f.notIn.join(', ')}}`);
  }
  if (q.groupBy.length) lines.push(`group by: ${q.groupBy.join(', ')}`);
  if (q.granularity) lines.push(`series: ${q.granularity}`);
  if (q.top !== null) lines.push(`top: ${q.top}`);
  if (q.compare) lines.push(`compare: ${q.compare.start} .. ${q.compare.end}`);
  if (q.forecast) lines.push('forecast');
  lines.push(`metric: ${q.metric}`);
  for (const n of q.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}

/**
 * `finops-bot parse ["<query>"]`: the parsed query. With no query it reads one per line
 * from standard input and prints one result per line, in order (exit 0 even for
 * rejected queries); a single rejected query exits 2.
 */
export const parseCommand: Command = async ({ positionals, values }, io) => {
  const now = parseNow(values.now);
  const logger = createLogger({ level: io.env.LOG_LEVEL ?? 'warn' });
  const rt = await createRuntime({ configPath: values.config, dataPath: values.data, now, env: io.env, logger });
  const print = (q: ParsedQuery) => io.stdout(values.json ? `${JSON.stringify(q)}\n` : `${describe(q)}\n${positionals.length ? '' : '\n'}`);
  // The embedded store (opened for push-down providers' known values) must be closed before exit.
  try {
    if (positionals.length > 0) {
      const q = rt.engine.parse(positionals.join(' '), rt.clock());
      print(q);
      if (q.error && !values.json) io.stderr(`${q.error}\n`);
      return q.error ? 2 : 0;
    }
    const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
    for await (const line of lines) print(rt.engine.parse(line, rt.clock()));
    return 0;
  } finally {
    await rt.close();
  }
};
