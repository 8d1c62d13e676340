import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
const env = () => ({ FINOPS_DATA_DIR: dir });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'finops-audit-'));
  const store = await openStore({ dataDir: dir });
  try {
    await store.appendAudit({ actor: 'U0ADMIN01', platform: 'slack', action: 'budget.set', subject: 'budget:nlp-monthly', detail: { amount: '60000.00', period: 'month' } }, new Date('2026-11-01T08:00:00Z'));
    await store.appendAudit({ actor: 'U0BBBBBBB', platform: 'slack', action: 'override.request', subject: 'budget:nlp-monthly', detail: { request: '1', amount: '5000.00', reason: 'Q4 "run"' } }, new Date('2026-11-14T09:00:00Z'));
    await store.appendAudit({ actor: 'U0STRANGE', platform: 'teams', action: 'override.refused', subject: 'budget:nlp-monthly', detail: { reason: 'not-an-approver', request: '1' } }, new Date('2026-11-14T09:05:00Z'));
  } finally {
    await store.close();
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('finops-bot audit', { timeout: 60_000 }, () => {
  it('prints one JSON object a line with exactly at, actor, platform, action, subject, detail', async () => {
    const r = await runCli(['audit', '--json'], { env: env() });

    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('{"at":"2026-11-01T08:00:00.000Z","actor":"U0ADMIN01","platform":"slack","action":"budget.set","subject":"budget:nlp-monthly","detail":{"amount":"60000.00","period":"month"}}');
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>).map((o) => [Object.keys(o), o.action])).toEqual([
      [['at', 'actor', 'platform', 'action', 'subject', 'detail'], 'budget.set'],
      [['at', 'actor', 'platform', 'action', 'subject', 'detail'], 'override.request'],
      [['at', 'actor', 'platform', 'action', 'subject', 'detail'], 'override.refused'],
    ]);
  });

  it('prints a readable table without --json, from --since on, and says when nothing matches', async () => {
    // Each run opens the embedded database (seconds): the runs here are few on purpose.
    const r = await runCli(['audit', '--since', '2026-11-14T09:01:00Z'], { env: env() });
    const none = await runCli(['audit', '--since', '2030-01-01'], { env: env() });

    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'AT                        ACTOR      PLATFORM  ACTION            SUBJECT             DETAIL\n' +
        '2026-11-14T09:05:00.000Z  U0STRANGE  teams     override.refused  budget:nlp-monthly  {"reason":"not-an-approver","request":"1"}\n',
    });
    expect(none).toEqual({ code: 0, stdout: 'No audit records since 2030-01-01T00:00:00.000Z.\n', stderr: '' });
  });

  it('exits 2 with how to fix a bad --since or a stray argument', async () => {
    const bad = await runCli(['audit', '--since', 'last tuesday'], { env: env() });
    const stray = await runCli(['audit', 'everything'], { env: env() });

    expect(bad).toMatchObject({ code: 2, stdout: '', stderr: '--since expects an ISO time such as 2026-11-01T00:00:00Z (or a date), got “last tuesday”.\n' });
    expect(stray).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage: finops-bot audit [--since ISO] [--json]') });
  });
});
