import { startBot, untilSignal } from '../../bot/index.js';
import { createLogger } from '../../log.js';
import { parseNow, UsageError, type Command } from '../types.js';

/**
 * `finops-bot serve` (`npm start`): parses its flags and runs the bot (src/bot/) until
 * SIGINT or SIGTERM.
 */
export const serveCommand: Command = async ({ values }, io) => {
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port expects a port number (0-65535), got “${values.port}”.`);
  }
  const now = parseNow(values.now);
  const logger = createLogger({ level: io.env.LOG_LEVEL ?? 'info' });
  const bot = await startBot({ configPath: values.config, dataPath: values.data, now, port, env: io.env, logger });
  const rt = bot.runtime;
  io.stderr(`finops-bot listening on ${bot.url} — ${rt.sample ? 'bundled sample data' : 'configured providers'}; ${bot.surfaces.join(', ')}; store: ${bot.store.driver}\n`);
  await untilSignal(logger);
  await bot.stop();
  return 0;
};
