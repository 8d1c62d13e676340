import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../../src/bot/start-bot.js';

// Issue 12: the served bot reports an unreadable file in its data status (the hook a
// readiness probe reads; in /healthz as `data`) and rescans its FOCUS path by default.
const dir = mkdtempSync(join(tmpdir(), 'finops-serve-'));
let bot: Bot | undefined;
afterAll(async () => {
  await bot?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('serve', () => {
  it('reports the unreadable file in /healthz data and rescans every 5 minutes by default', async () => {
    writeFileSync(join(dir, 'good.csv'), 'ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,Tags\n2024-09-01,2024-09-02,1.50,1.50,USD,NULL\n');
    copyFileSync(fileURLToPath(new URL('../../fixtures/focus/truncated.csv.gz', import.meta.url)), join(dir, 'cut.csv.gz'));
    bot = await startBot({ dataPath: dir, now: Date.parse('2024-10-15T12:00:00Z'), port: 0, env: { FINOPS_DATA_DIR: 'memory://' }, logger: pino({ level: 'silent' }) });
    const health = (await (await fetch(new URL('/healthz', bot.url))).json()) as { data: { ready: boolean; providers: { rows: number; rescanMs: number; unreadableFiles: { file: string; message: string }[] }[] } };
    expect(health.data.ready).toBe(true);
    expect(health.data.providers[0]).toMatchObject({ rows: 1, rescanMs: 300_000, unreadableFiles: [{ file: join(dir, 'cut.csv.gz'), message: expect.stringContaining('not a complete gzip file') }] });
  });
});
