import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgDriver, createStore, migrate, type Store } from '../../../src/store/index.js';
import type { SqlDriver } from '../../../src/store/types.js';
import { freshSchemaName, PG_TEST_URL } from '../../store/harness.js';

const MAIN = fileURLToPath(new URL('./replica-main.ts', import.meta.url));
const name =
  PG_TEST_URL === undefined
    ? 'three scheduler replicas on PostgreSQL (skipped: set FINOPS_TEST_DATABASE_URL)'
    : 'three scheduler replicas on PostgreSQL, one killed mid-run';

interface Replica {
  child: ChildProcess;
  loaded: Promise<void>;
  owner: Promise<string>;
  exited: Promise<number | null>;
}

function startReplica(schema: string): Replica {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, REPLICA_DATABASE_URL: PG_TEST_URL, REPLICA_SCHEMA: schema, REPLICA_CONFIG: 'fixtures/jobs/replicas.yaml', REPLICA_LEASE_MS: '3000', REPLICA_POST_DELAY_MS: '300', LOG_LEVEL: 'error' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  const seen = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(out);
        if (m) resolve(m[1] ?? '');
      };
      child.stdout!.on('data', check);
      child.once('exit', () => reject(new Error('a replica exited before it was ready')));
    });
  child.stdout!.on('data', (d: Buffer) => void (out += d.toString()));
  const loaded = seen(/(loaded)/).then(() => undefined);
  const owner = seen(/ready (\S+)/);
  loaded.catch(() => undefined);
  owner.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, loaded, owner, exited };
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(PG_TEST_URL === undefined)(name, { timeout: 240_000 }, () => {
  const schema = freshSchemaName();
  const replicas: Replica[] = [];
  let admin: SqlDriver | undefined;
  let store: Store | undefined;

  afterAll(async () => {
    for (const r of replicas) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await store?.close();
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.close();
  });

  it('posts every ledger key exactly once, though a replica is SIGKILLed after posting and before marking', async () => {
    admin = await createPgDriver({ connectionString: PG_TEST_URL!, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    const driver = await createPgDriver({ connectionString: PG_TEST_URL!, schema, max: 4 });
    await migrate(driver);
    store = createStore(driver);

    for (let i = 0; i < 3; i++) replicas.push(startReplica(schema));
    await Promise.all(replicas.map((r) => r.loaded));
    for (const r of replicas) r.child.stdin!.write('go\n');
    const owners = await Promise.all(replicas.map((r) => r.owner));

    // Kill a replica in the worst place: its message is on the channel but not yet marked
    // sent. A survivor must find it there rather than post it again.
    const victim = await until(
      'a replica that posted a message and has not marked it yet',
      async () => {
        for (const d of await store!.listDeliveries({ statuses: ['claimed'] })) {
          const posted = (await store!.findConsoleMessage(`team-${d.channel}`, d.messageKey, new Date(0))) !== null;
          const i = owners.indexOf(d.claimedBy);
          if (posted && i >= 0) return i + 1;
        }
        return null;
      },
      120_000,
    ).then((i) => i - 1);
    replicas[victim]!.child.kill('SIGKILL');
    await replicas[victim]!.exited;
    const killedOwner = owners[victim]!;

    // The survivors settle what it left (its claims go stale after the 3 s lease) and go on.
    await until(
      'the killed replica’s claims to be settled and a few more slots to run',
      async () => {
        const open = await store!.listDeliveries({ statuses: ['claimed', 'failed'] });
        const runs = await store!.listJobRuns('digest', 100);
        const after = runs.filter((r) => r.status === 'done' && r.claimedBy !== killedOwner).length;
        return open.length === 0 && after >= 3;
      },
      120_000,
    );
    const survivors = replicas.filter((_, i) => i !== victim);
    for (const r of survivors) r.child.kill('SIGTERM');
    expect(await Promise.all(survivors.map((r) => r.exited))).toEqual([0, 0]);

    const rows = await store.listDeliveries({ limit: 10_000 });
    const feed = (await Promise.all(['nlp', 'vision', 'ops'].map((c) => store!.listConsoleMessages(`team-${c}`, 500)))).flat();
    const postsOf = new Map<string, number>();
    for (const m of feed) {
      const key = `${m.channel}\u0000${m.key}`;
      postsOf.set(key, (postsOf.get(key) ?? 0) + 1);
    }

    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    for (const r of rows) expect(postsOf.get(`team-${r.channel}\u0000${r.messageKey}`), r.ledgerKey).toBe(1);
    expect([...postsOf.values()].every((n) => n === 1)).toBe(true);
    expect(rows.some((r) => r.ledgerKey.startsWith('digest:nlp:'))).toBe(true);
    expect(rows.some((r) => r.ledgerKey.startsWith('digest:ops:'))).toBe(true);
  });
});
