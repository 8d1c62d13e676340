import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { readEnvironment } from '../../config/index.js';
import { createRuntime } from '../../app/runtime.js';
import { createLogger } from '../../log.js';
import { createServer } from '../../server/create-server.js';
import { openStore } from '../../store/index.js';
import { parseNow, UsageError, type Command } from '../types.js';

/** `finops-bot serve` (`npm start`): the HTTP server on the configured data. */
export const serveCommand: Command = async ({ values }, io) => {
  const logger = createLogger({ level: io.env.LOG_LEVEL ?? 'info' });
  const env = readEnvironment(io.env);
  let port = env.port;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port expects a port number (0-65535), got “${values.port}”.`);
  }
  const now = parseNow(values.now);
  const rt = await createRuntime({ configPath: values.config, dataPath: values.data, now, env: io.env, logger });
  const store = await openStore({ databaseUrl: env.databaseUrl?.reveal(), dataDir: env.dataDir, logger });
  const app = createServer({ engine: rt.engine, logger, clock: rt.clock, health: async () => ({ store: store.driver }) });
  const server = app.listen(port, '0.0.0.0');
  await once(server, 'listening');
  const actual = (server.address() as AddressInfo).port;
  logger.info({ port: actual, config: rt.configSource ?? '(defaults)', sample: rt.sample, store: store.driver }, 'finops-bot listening');
  io.stderr(`finops-bot listening on http://localhost:${actual}/ (${rt.sample ? 'bundled sample data' : 'configured providers'}; store: ${store.driver})\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await store.close();
  return 0;
};
