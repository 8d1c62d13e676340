import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { CostEngine, type EngineSettings } from '../../src/app/cost-engine.js';
import { ChartHost } from '../../src/charts/chart-host.js';
import { mountChartHost } from '../../src/charts/chart-host.js';
import { mountConsole, type ConsoleDeps } from '../../src/console/mount-console.js';
import { createSampleProvider } from '../../src/providers/sample/sample-provider.js';
import { SAMPLE_ALLOCATION } from '../../src/providers/sample/sample-config.js';
import { createServer } from '../../src/server/create-server.js';

/** The frozen clock of these tests: a Thursday, so "last week" and "yesterday" are fixed. */
export const NOW = Date.parse('2026-11-26T12:00:00Z');

let engine: Promise<CostEngine> | null = null;

/** The bundled sample data in an engine (generated once per test file). */
export function sampleEngine(): Promise<CostEngine> {
  const logger = pino({ level: 'silent' });
  const settings: EngineSettings = { timezone: 'UTC', weekStart: 'monday', currency: 'USD', defaultRange: 'this month', metric: 'effective', allocation: structuredClone(SAMPLE_ALLOCATION) };
  engine ??= CostEngine.load([createSampleProvider({ type: 'sample' }, { logger, today: '2026-11-26' })], settings, logger);
  return engine;
}

/** The real server with the console mounted, listening on a free port. */
export async function startConsoleServer(over: Partial<ConsoleDeps> = {}): Promise<{ base: string; close: () => Promise<void> }> {
  const logger = pino({ level: 'silent' });
  const eng = await sampleEngine();
  const chartHost = over.chartHost;
  const app = createServer({
    engine: eng,
    logger,
    clock: () => NOW,
    mounts: [
      (a) => mountConsole(a, { engine: eng, logger, clock: () => NOW, ...over }),
      ...(chartHost ? [(a: Parameters<typeof mountChartHost>[0]) => mountChartHost(a, chartHost)] : []),
    ],
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

export { ChartHost };
