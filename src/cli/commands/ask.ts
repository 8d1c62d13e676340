import { createRuntime } from '../../app/runtime.js';
import { createLogger } from '../../log.js';
import { renderText } from '../../render/render-text.js';
import { parseNow, UsageError, type Command } from '../types.js';

/** `finops-bot ask "<query>"`: one answer, as a table or (`--json`) the answer JSON. */
export const askCommand: Command = async ({ positionals, values }, io) => {
  const text = positionals.join(' ');
  if (text.trim() === '') throw new UsageError('Ask a question, e.g. finops-bot ask "by team last week".');
  const now = parseNow(values.now);
  const logger = createLogger({ level: io.env.LOG_LEVEL ?? 'warn' });
  const rt = await createRuntime({ configPath: values.config, dataPath: values.data, now, env: io.env, logger });
  // The embedded store (opened for push-down providers' cache) must be closed before exit.
  try {
    const result = await rt.engine.ask(text, rt.clock());
    if (!result.ok) {
      io.stderr(`${result.message}\n`);
      if (values.json) io.stdout(`${JSON.stringify({ error: result.message, query: result.query })}\n`);
      return 2;
    }
    io.stdout(values.json ? `${JSON.stringify(result.answer, null, 2)}\n` : `${renderText(result.answer)}\n`);
    return 0;
  } finally {
    await rt.close();
  }
};
