import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../config/index.js';
import { NoDataError } from '../app/cost-engine.js';
import { redactText } from '../redact.js';
import { UsageError, type Command, type CommandIO } from './types.js';

const USAGE = `finops-bot — where exactly is the money going?

Usage:
  finops-bot ask "<query>" [--now ISO] [--config FILE] [--data PATH] [--json]
  finops-bot parse ["<query>"] [--now ISO] [--config FILE] [--json]   (no query: one per line on stdin)
  finops-bot serve [--config FILE] [--data PATH] [--now ISO] [--port N]
  finops-bot doctor [--config FILE] [--data PATH] [--json]   (checks each provider: files, credentials, permissions)
  finops-bot sample --out FILE [--rows N] [--today YYYY-MM-DD]
  finops-bot bench [--rows N] [--json] [--out FILE]
  finops-bot audit [--since ISO] [--json]   (the audit log of budgets and overrides)
  finops-bot jobs run <digest|budgets|anomalies|all> [--now ISO] [--dry-run] [--json] [--config FILE] [--data PATH]
  finops-bot jobs status [--json] [--config FILE]

Examples:
  finops-bot ask "by team last week"
  finops-bot ask "model=llama-70b last 30 days daily" --json
  finops-bot parse "team=nlp,vision env!=dev last 30 days by model top 5" --now 2026-11-26T12:00:00Z --json
`;

/** Loaded on demand: `ask` need not load Bolt, botbuilder and the chart renderer that `serve` needs. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  ask: async () => (await import('./commands/ask.js')).askCommand,
  parse: async () => (await import('./commands/parse.js')).parseCommand,
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  doctor: async () => (await import('./commands/doctor.js')).doctorCommand,
  sample: async () => (await import('./commands/sample.js')).sampleCommand,
  bench: async () => (await import('./commands/bench.js')).benchCommand,
  audit: async () => (await import('./commands/audit.js')).auditCommand,
  jobs: async () => (await import('./commands/jobs.js')).jobsCommand,
};

const OPTIONS = {
  now: { type: 'string' },
  config: { type: 'string' },
  data: { type: 'string' },
  json: { type: 'boolean' },
  port: { type: 'string' },
  out: { type: 'string' },
  rows: { type: 'string' },
  today: { type: 'string' },
  queries: { type: 'string' },
  since: { type: 'string' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} satisfies ParseArgsConfig['options'];

/** Runs the CLI; returns the exit code (0 answer, 2 rejected query or configuration, 1 anything else). */
export async function main(argv: string[], io: CommandIO = defaultIO()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    io.stderr(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [name, ...rest] = parsed.positionals;
  if (parsed.values.version) {
    io.stdout('finops-bot 0.1.0\n');
    return 0;
  }
  if (!name || parsed.values.help || name === 'help') {
    io.stdout(USAGE);
    return name || parsed.values.help ? 0 : 2;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr(`Unknown command “${name}”. Commands: ${Object.keys(COMMANDS).join(', ')}.\n\n${USAGE}`);
    return 2;
  }
  try {
    const command = await load();
    return await command({ positionals: rest, values: parsed.values }, io);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UsageError) {
      io.stderr(redactText(`${err.message}\n`));
      return 2;
    }
    if (err instanceof NoDataError) {
      io.stderr(redactText(`No cost data could be loaded:\n${err.message}\n`));
      return 2;
    }
    io.stderr(redactText(`finops-bot failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`));
    return 1;
  }
}

function defaultIO(): CommandIO {
  return {
    stdout: (s) => void process.stdout.write(s),
    // A message may quote a URL or connection string (a failed connection): never its credentials.
    stderr: (s) => void process.stderr.write(redactText(s)),
    stdin: process.stdin,
    env: process.env,
  };
}
