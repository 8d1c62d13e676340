import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { readEnvironment } from '../../config/index.js';
import { createRuntime } from '../../app/runtime.js';
import { ChartHost, mountChartHost, renderChartPng } from '../../charts/index.js';
import type { ChatDeps } from '../../chat/types.js';
import { mountSlack, type SlackMount } from '../../chat/slack/index.js';
import { mountTeams, type TeamsMount } from '../../chat/teams/index.js';
import { mountConsole } from '../../console/mount-console.js';
import { createLogger } from '../../log.js';
import { createServer } from '../../server/create-server.js';
import { openStore, storeOptionsFromEnv } from '../../store/index.js';
import { parseNow, UsageError, type Command } from '../types.js';

/**
 * `finops-bot serve` (`npm start`): one HTTP server with the ask API, the web console,
 * Slack (`/slack/events`, when its credentials are set), Teams (`/api/messages`, when
 * MICROSOFT_APP_ID or FINOPS_TEAMS_EMULATOR=1 is set) and hosted chart images.
 */
export const serveCommand: Command = async ({ values }, io) => {
  const logger = createLogger({ level: io.env.LOG_LEVEL ?? 'info' });
  const env = readEnvironment(io.env);
  let port = env.port;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port expects a port number (0-65535), got “${values.port}”.`);
  }
  const now = parseNow(values.now);
  const store = await openStore({ ...storeOptionsFromEnv(io.env), logger });
  try {
    const rt = await createRuntime({ configPath: values.config, dataPath: values.data, now, env: io.env, logger, store });
    const publicUrl = io.env.FINOPS_PUBLIC_URL?.trim() || undefined;
    const chartHost = new ChartHost();
    const deps: ChatDeps = { engine: rt.engine, logger, clock: rt.clock, config: rt.config, env, store, publicUrl };
    let slack: SlackMount | null = null;
    let teams: TeamsMount | null = null;
    const app = createServer({
      engine: rt.engine,
      logger,
      clock: rt.clock,
      health: async () => ({ store: store.driver, slack: slack?.mode ?? 'off', teams: teams ? (teams.authenticated ? 'on' : 'emulator') : 'off' }),
      mounts: [
        (a) => mountChartHost(a, chartHost),
        (a) => void (slack = mountSlack(a, deps)),
        (a) => void (teams = mountTeams(a, { ...deps, charts: { renderChartPng: (answer) => renderChartPng(answer), host: chartHost } })),
        (a) => mountConsole(a, { ...deps, sample: rt.sample, chartHost }),
      ],
    });
    const server = app.listen(port, '0.0.0.0');
    await once(server, 'listening');
    const actual = (server.address() as AddressInfo).port;
    logger.info({ port: actual, config: rt.configSource ?? '(defaults)', sample: rt.sample, store: store.driver }, 'finops-bot listening');
    const surfaces = ['console', slack ? `Slack (${(slack as SlackMount).mode})` : null, teams ? 'Teams' : null].filter(Boolean).join(', ');
    io.stderr(`finops-bot listening on http://localhost:${actual}/ — ${rt.sample ? 'bundled sample data' : 'configured providers'}; ${surfaces}; store: ${store.driver}\n`);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        server.close(() => resolve());
        server.closeAllConnections();
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    await (slack as SlackMount | null)?.stop();
  } finally {
    await store.close();
  }
  return 0;
};
