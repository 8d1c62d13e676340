/**
 * One scheduler replica for the race test (`replicas.test.ts`): the bundled sample data,
 * the store on the PostgreSQL schema the test names, the console's channel feeds with a
 * slow post (so a SIGKILL lands mid-run), seconds-level schedules. Runs until SIGTERM,
 * then stops like `serve` does. (test/bot/serve-replicas.test.ts races whole `serve` bots.)
 */
import { engineCostReader } from '../../../src/app/jobs/cost-reader.js';
import { startScheduler } from '../../../src/app/jobs/scheduler.js';
import { createRuntime } from '../../../src/app/runtime.js';
import { createLogger } from '../../../src/log.js';
import { consoleNotifier } from '../../../src/console/console-notifier.js';
import { createPgDriver, createStore } from '../../../src/store/index.js';

const url = process.env.REPLICA_DATABASE_URL!;
const schema = process.env.REPLICA_SCHEMA!;
const delayMs = Number(process.env.REPLICA_POST_DELAY_MS ?? '300');
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });

const store = createStore(await createPgDriver({ connectionString: url, schema, max: 4 }));
const rt = await createRuntime({ configPath: process.env.REPLICA_CONFIG!, env: {}, logger, store: null });
const console = consoleNotifier(store, () => Date.now());
// Slow on both sides of the post, so a kill may land before it or after it (posted, not yet marked).
const slowConsole = { ...console, post: async (channel: string, notice: Parameters<typeof console.post>[1]) => {
  await new Promise((r) => setTimeout(r, delayMs / 2));
  const ref = await console.post(channel, notice);
  await new Promise((r) => setTimeout(r, delayMs));
  return ref;
} };
// Wait for the test's "go" (every replica ready), so that all of them race for the first slots.
process.stdout.write('loaded\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
const handle = startScheduler({
  config: rt.config,
  costsFor: (slot) => engineCostReader(rt.engine, slot.getTime()),
  store,
  notifiers: { console: slowConsole },
  logger,
  clock: () => Date.now(),
  leaseMs: Number(process.env.REPLICA_LEASE_MS ?? '3000'),
  sweepMs: 500,
});
process.stdout.write(`ready ${handle.owner}\n`);
process.once('SIGTERM', () => {
  void handle.stop({ graceMs: 5_000 }).then(async () => {
    await store.close();
    process.exit(0);
  });
});
