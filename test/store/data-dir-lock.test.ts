import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, StoreError } from '../../src/store/index.js';
import { LOCK_FILE } from '../../src/store/data-dir-lock.js';

// Issue 12: a second process opened the same FINOPS_DATA_DIR and lost 32–55 acknowledged
// rows with a corrupt index. The embedded database's directory is now locked.
const tmp = mkdtempSync(join(tmpdir(), 'finops-lock-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const NOW = new Date('2026-11-26T09:00:00Z');
const repo = fileURLToPath(new URL('../../', import.meta.url));

/** Runs a second Node process that opens the store in `dir`, holds it for `holdMs`, and prints what happened. */
function otherProcess(dir: string, holdMs = 0) {
  const script = `
    import { openStore } from './src/store/index.ts';
    try {
      const store = await openStore({ dataDir: ${JSON.stringify(dir)} });
      console.log('OPENED');
      await new Promise((r) => setTimeout(r, ${holdMs}));
      await store.close();
      console.log('CLOSED');
    } catch (err) {
      console.log('REFUSED ' + err.message);
    }`;
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
}

const output = (child: ReturnType<typeof spawn>) =>
  new Promise<string>((resolve) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += String(d)));
    child.on('close', () => resolve(out));
  });

describe('the embedded database directory is locked', { timeout: 180_000 }, () => {
  it('refuses a second process, naming the holder, while the first has it open; then lets it in', async () => {
    const dir = join(tmp, 'shared');
    const store = await openStore({ dataDir: dir });
    await store.cacheGet('k', NOW);
    const refused = await output(otherProcess(dir));
    expect(refused).toMatch(/^REFUSED The embedded database in .*shared is in use by finops-bot process \d+ on .+ \(since .+\)/);
    expect(refused).toContain(`process ${process.pid} on ${hostname()}`);
    expect(refused).not.toContain('OPENED');
    await store.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const later = await output(otherProcess(dir));
    expect(later).toContain('OPENED');
    expect(later).toContain('CLOSED');
  });

  it('refuses a second open in the same process too', async () => {
    const dir = join(tmp, 'twice');
    const store = await openStore({ dataDir: dir });
    try {
      const error = await openStore({ dataDir: dir }).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('locked');
    } finally {
      await store.close();
    }
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dir = join(tmp, 'stale');
    mkdirSync(dir, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout.trim());
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid, host: hostname(), since: '2026-11-25T00:00:00.000Z' }));
    const store = await openStore({ dataDir: dir });
    try {
      const holder = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { pid: number };
      expect(holder.pid).toBe(process.pid);
    } finally {
      await store.close();
    }
  });

  it('refuses a lock held on another host, saying to delete it if that process is gone', async () => {
    const dir = join(tmp, 'elsewhere');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 4242, host: 'other-host.example', since: '2026-11-25T00:00:00.000Z' }));
    const error = await openStore({ dataDir: dir }).then(() => null, (e: Error) => e);
    expect(error?.message).toMatch(/in use by finops-bot process 4242 on other-host\.example .* If that process is gone, delete .*finops-bot\.lock\./);
  });
});
