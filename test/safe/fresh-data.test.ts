import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/app/run-doctor.js';
import { createRuntime, loadRuntimeConfig, type Runtime } from '../../src/app/runtime.js';
import { parseConfig } from '../../src/config/index.js';
import { silentLogger } from '../helpers/test-engine.js';

// Issue 12 (fresh data without restarts): FOCUS exports were read once at start, and one
// truncated .csv.gz stopped the bot from loading the good files beside it.
const NOW = Date.parse('2024-10-15T12:00:00Z');
const TRUNCATED = fileURLToPath(new URL('../../fixtures/focus/truncated.csv.gz', import.meta.url));
const HEADER = 'ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,BillingCurrency,ProviderName,ServiceName,ChargeDescription,Tags';
const tmp = mkdtempSync(join(tmpdir(), 'finops-fresh-'));
const runtimes: Runtime[] = [];
afterAll(async () => {
  for (const r of runtimes) await r.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** `n` daily rows of `cost` each in September 2024, tagged team=`team`. */
function csv(n: number, cost: string, team: string, extra: string[] = []): string {
  const rows = Array.from({ length: n }, (_, i) => {
    const day = `2024-09-${String(i + 1).padStart(2, '0')}`;
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return `${day} 00:00:00,${next} 00:00:00,${cost},${cost},${cost},USD,AWS,Amazon EC2,row ${i},"{""team"": ""${team}""}"`;
  });
  return [HEADER, ...rows, ...extra].join('\n') + '\n';
}

function folder(name: string): string {
  const dir = join(tmp, name);
  rmSync(dir, { recursive: true, force: true });
  return (mkdtempSync(join(tmp, `${name}-`)));
}

async function runtime(dataPath: string, opts: { config?: string; rescan?: boolean } = {}): Promise<Runtime> {
  const rt = await createRuntime({ dataPath: opts.config ? undefined : dataPath, configPath: opts.config, now: NOW, env: {}, logger: silentLogger, store: null, rescan: opts.rescan ?? false, rescanQuietMs: 20 });
  runtimes.push(rt);
  return rt;
}

async function total(rt: Runtime, text = 'last month'): Promise<{ total: number; notes: string[] }> {
  const r = await rt.engine.ask(text, NOW);
  if (!r.ok) throw new Error(r.message);
  return { total: Math.round(r.answer.total * 100) / 100, notes: r.answer.notes };
}

describe('one unreadable file is reported and the rest still serve', () => {
  it('serves the good file beside a truncated .csv.gz, leaves all of the truncated one out, and says so in answers, status and doctor', async () => {
    const dir = folder('truncated');
    writeFileSync(join(dir, 'good.csv'), csv(10, '1.00', 'nlp'));
    copyFileSync(TRUNCATED, join(dir, 'broken.csv.gz'));
    const rt = await runtime(dir);

    const answer = await total(rt);
    expect(answer.total).toBe(10); // none of the truncated file's ~930 rows read before the cut
    expect(answer.notes.join('\n')).toMatch(/Partial answer: focus left out a file it could not read — .*broken\.csv\.gz is not a complete gzip file/);

    const status = rt.dataStatus();
    expect(status.ready).toBe(true);
    expect(status.providers[0]).toMatchObject({ id: 'focus', state: 'loaded', rows: 10, files: 1, unreadableFiles: [{ file: join(dir, 'broken.csv.gz'), message: expect.stringContaining('not a complete gzip file') }] });

    const report = await runDoctor(await loadRuntimeConfig({ dataPath: dir, env: {} }), { logger: silentLogger, now: NOW });
    const bad = report.providers[0]!.checks.find((c) => !c.ok && c.name.includes('broken.csv.gz'));
    expect(bad?.detail).toMatch(/not a complete gzip file/);
    expect(bad?.fix).toMatch(/leaves it out, serves the other files/);
  });

  it('rejects the row with a NUL byte, not the file, and counts it', async () => {
    const dir = folder('nul');
    const text = csv(5, '2.00', 'vision', ['2024-09-20 00:00:00,2024-09-21 00:00:00,7.00,7.00,7.00,USD,AWS,Amazon EC2,bad\u0000row,NULL']);
    writeFileSync(join(dir, 'with-nul.csv'), text);
    const rt = await runtime(dir);
    const answer = await total(rt);
    expect(answer.total).toBe(10);
    expect(answer.notes.join('\n')).toMatch(/1 row of focus could not be read .*with-nul\.csv:7 — malformed CSV: the row contains a NUL byte/);
    expect(rt.dataStatus().providers[0]).toMatchObject({ rows: 5, rejectedRows: 1, unreadableFiles: [] });
  });
});

describe('FOCUS sources are rescanned', () => {
  it('loads a new file and a changed file in the background and swaps them in; questions see the old or the new load, never half', async () => {
    const dir = folder('rescan');
    writeFileSync(join(dir, 'a.csv'), csv(10, '1.00', 'nlp'));
    const rt = await runtime(dir);
    expect((await total(rt)).total).toBe(10);
    const before = rt.dataStatus().providers[0]!.loadedAt;

    writeFileSync(join(dir, 'b.csv'), csv(20, '3.00', 'vision'));
    // Questions asked while the new load runs and is swapped in: each is one load's answer.
    const during: Promise<{ total: number }>[] = [];
    const reload = rt.data.rescanNow();
    for (let i = 0; i < 20; i++) {
      during.push(total(rt));
      await new Promise((r) => setTimeout(r, 2));
    }
    await reload;
    for (const a of await Promise.all(during)) expect([10, 70]).toContain(a.total);
    expect((await total(rt)).total).toBe(70);
    expect((await total(rt, 'team=vision last month')).total).toBe(60);
    const after = rt.dataStatus().providers[0]!;
    expect(after).toMatchObject({ rows: 30, files: 2, reloading: false, error: null });
    expect(after.loadedAt! > before!).toBe(true);

    writeFileSync(join(dir, 'a.csv'), csv(10, '5.00', 'nlp'));
    await rt.data.rescanNow();
    expect((await total(rt)).total).toBe(110);
  });

  it('keeps serving the previous load when every file becomes unreadable, and says why', async () => {
    const dir = folder('keep');
    writeFileSync(join(dir, 'a.csv'), csv(4, '1.00', 'nlp'));
    const rt = await runtime(dir);
    writeFileSync(join(dir, 'a.csv'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48]));
    await rt.data.rescanNow();
    expect((await total(rt)).total).toBe(4);
    expect(rt.dataStatus().providers[0]!.error).toMatch(/reload failed: .*a\.csv is a binary file/);
  });

  it('rescans on its own at the configured interval (rescan: 1s)', async () => {
    const dir = folder('timer');
    writeFileSync(join(dir, 'a.csv'), csv(3, '1.00', 'nlp'));
    const config = join(dir, 'finops.config.yaml');
    writeFileSync(config, `providers:\n  - type: focus\n    path: ${JSON.stringify(join(dir, '*.csv'))}\n    rescan: 1s\n`);
    const rt = await runtime(dir, { config, rescan: true });
    expect(rt.dataStatus().providers[0]!.rescanMs).toBe(1000);
    expect((await total(rt)).total).toBe(3);
    writeFileSync(join(dir, 'b.csv'), csv(2, '10.00', 'nlp'));
    for (let i = 0; i < 300 && rt.dataStatus().providers[0]!.rows !== 5; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await total(rt)).total).toBe(23);
  });

  it('validates the rescan key', () => {
    const ok = parseConfig({ providers: [{ type: 'focus', path: './x', rescan: '30s' }, { type: 'focus', name: 'b', path: './y', rescan: 'off' }, { type: 'focus', name: 'c', path: './z', rescan: false }] });
    expect(ok.ok).toBe(true);
    const bad = parseConfig({ providers: [{ type: 'focus', path: './x', rescan: '5 minutes please' }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems).toContainEqual(expect.objectContaining({ path: 'providers[0].rescan', message: expect.stringContaining('expected an interval such as 30s, 5m or 1h, or off') }));
  });
});
