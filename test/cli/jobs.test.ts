import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MEMORY_DATA_DIR } from '../../src/store/index.js';
import { runCli } from '../helpers/run-cli.js';

const CONFIG = 'fixtures/jobs/teams.yaml';
const NOW = '2026-11-26T09:00:00Z';
const TEAMS = ['nlp', 'vision', 'speech', 'recsys', 'platform', 'finance'];
const MONEY = /^-?\d+\.\d{2}$/;

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'finops-jobs-cli-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const jsonLines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('finops-bot jobs', { timeout: 120_000 }, () => {
  it('prints one digest per configured team on a dry run, in the spec’s JSON lines', async () => {
    const env = { FINOPS_DATA_DIR: MEMORY_DATA_DIR };
    const r = await runCli(['jobs', 'run', 'digest', '--now', NOW, '--dry-run', '--json', '--config', CONFIG], { env });

    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    const messages = lines.slice(0, -1);
    expect(messages.map((l) => l.team)).toEqual(TEAMS);
    for (const l of messages) {
      expect(Object.keys(l)).toEqual(['job', 'slot', 'key', 'kind', 'team', 'status', 'targets', 'text', 'facts']);
      expect(l).toMatchObject({ job: 'digest', slot: '2026-11-26T09:00:00.000Z', key: `digest:${l.team}:2026-11-25`, kind: 'digest', status: 'dry-run' });
      const facts = l.facts as Record<string, unknown>;
      expect(Object.keys(facts)).toEqual(['scope', 'day', 'yesterday', 'average7', 'monthToDate', 'forecast', 'top', 'movers']);
      for (const k of ['yesterday', 'average7', 'monthToDate', 'forecast']) expect(facts[k]).toMatch(MONEY);
      expect((facts.top as { dimension: string; cost: string }[]).every((t) => t.dimension === 'model' && MONEY.test(t.cost))).toBe(true);
      expect((l.targets as { platform: string }[]).map((t) => t.platform)).toEqual(['console']);
    }
    expect(messages.find((l) => l.team === 'finance')!.facts).toMatchObject({ scope: 'all' });
    expect(lines.at(-1)).toEqual({ summary: { job: 'digest', slot: '2026-11-26T09:00:00.000Z', claimed: false, posted: 0, duplicate: 0, snoozed: 0, failed: 0, uncertain: 0, reason: 'dry run: nothing claimed, recorded or posted' } });
    expect(r.stderr).toContain('nlp: slack C0NLP00001 not configured');

  });

  it('posts each message once: a second run of the same slot posts nothing and says why', async () => {
    const env = { FINOPS_DATA_DIR: dataDir() };
    const first = await runCli(['jobs', 'run', 'all', '--now', NOW, '--json', '--config', CONFIG], { env });
    const second = await runCli(['jobs', 'run', 'all', '--now', NOW, '--json', '--config', CONFIG], { env });

    expect(first.code).toBe(0);
    const posted = jsonLines(first.stdout).filter((l) => 'key' in l);
    expect(posted.length).toBeGreaterThanOrEqual(TEAMS.length);
    expect(posted.every((l) => l.status === 'posted')).toBe(true);
    const budget = posted.filter((l) => l.job === 'budgets');
    expect(budget.map((l) => [l.key, l.kind])).toEqual([
      ['budget:nlp-monthly:2026-11-01:80:180000.00', 'budget-threshold'],
      ['budget:nlp-monthly:2026-11-01:forecast:180000.00', 'budget-forecast'],
    ]);
    expect(budget[1]!.facts).toMatchObject({ budget: 'nlp-monthly', periodStart: '2026-11-01', amount: '180000.00', threshold: 'forecast', exhaustedOn: expect.stringMatching(/^2026-11-(2[6-9]|30)$/) });

    expect(second.code).toBe(0);
    const summaries = jsonLines(second.stdout);
    expect(summaries.map((l) => Object.keys(l))).toEqual([['summary'], ['summary'], ['summary'], ['summary']]);
    for (const { summary } of summaries as { summary: Record<string, unknown> }[]) {
      expect(summary).toMatchObject({ claimed: false, posted: 0, reason: expect.stringMatching(/^already done/) });
    }

    const status = await runCli(['jobs', 'status', '--json', '--config', CONFIG], { env });
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout);
    expect(report.jobs.map((j: { job: string }) => j.job)).toEqual(['digest', 'budgets', 'anomalies', 'idle-gpu']);
    expect(report.jobs[0]).toMatchObject({ schedule: { cron: '0 9 * * 1-5', timezone: 'Europe/London' }, lastRuns: [{ slot: '2026-11-26T09:00:00.000Z', status: 'done' }] });
    expect(report.undelivered).toEqual([]);
    expect(report.channels).toContainEqual(expect.objectContaining({ team: 'nlp', platform: 'teams', ready: false, problem: expect.stringMatching(/no reference for this Teams conversation/) }));
    expect(report.channels).toContainEqual({ team: 'speech', platform: 'console', channel: 'speech', ready: true });
  });

  it('nudges once per idle-GPU episode to the owning team, in the spec’s JSON lines; a second run posts nothing', async () => {
    const env = { FINOPS_DATA_DIR: dataDir() };
    const at = '2026-11-26T12:00:00Z';
    const first = await runCli(['jobs', 'run', 'idle-gpu', '--now', at, '--json', '--config', CONFIG], { env });
    expect(first.code).toBe(0);
    const lines = jsonLines(first.stdout);
    const nudges = lines.slice(0, -1);
    // The sample's idle stretches going on at noon: 3 of 8 staging GPUs, a notebook box, the a2 debug box.
    expect(nudges.length).toBeGreaterThanOrEqual(3);
    expect(new Set(nudges.map((l) => l.key)).size).toBe(nudges.length);
    for (const l of nudges) {
      expect(l).toMatchObject({ job: 'idle-gpu', slot: '2026-11-26T12:00:00.000Z', kind: 'idle-gpu', status: 'posted' });
      expect(l.key).toMatch(/^idle-gpu:.+:\d{4}-\d\d-\d\dT\d\d:00:00Z$/);
      const facts = l.facts as Record<string, unknown>;
      expect(Object.keys(facts)).toEqual(['resource', 'instanceType', 'gpus', 'idleGpus', 'since', 'idleHours', 'costPerHour', 'idleCost', 'team']);
      expect(l.key).toBe(`idle-gpu:${facts.resource as string}:${new Date(Math.ceil(Date.parse(facts.since as string) / 3_600_000) * 3_600_000).toISOString().replace('.000Z', 'Z')}`);
      for (const k of ['costPerHour', 'idleCost']) expect(facts[k]).toMatch(MONEY);
      expect(l.team).toBe(facts.team === 'nlp' || facts.team === 'vision' || facts.team === 'recsys' ? facts.team : 'finance');
    }
    const byTeam = Object.fromEntries(nudges.map((l) => [String((l.facts as { resource: string }).resource).split('/').at(-1), l.team]));
    expect(byTeam['recsys-debug-a2']).toBe('recsys');
    expect(lines.at(-1)).toMatchObject({ summary: { job: 'idle-gpu', claimed: true, posted: nudges.length, duplicate: 0 } });

    // Another slot half an hour later: the same episodes, already in the ledger.
    const again = await runCli(['jobs', 'run', 'idle-gpu', '--now', '2026-11-26T12:30:00Z', '--json', '--config', CONFIG], { env });
    const later = jsonLines(again.stdout);
    expect(later.slice(0, -1).map((l) => [l.key, l.status])).toEqual(nudges.map((l) => [l.key, 'duplicate']));
    expect(later.at(-1)).toMatchObject({ summary: { claimed: true, posted: 0, duplicate: nudges.length } });
  });

  it('refuses an unknown job or subcommand with the usage', async () => {
    const unknown = await runCli(['jobs', 'run', 'idle'], { env: { FINOPS_DATA_DIR: dataDir() } });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown job “idle”: one of digest, budgets, anomalies, idle-gpu, all.');
    const bare = await runCli(['jobs']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('finops-bot jobs status [--json]');
  });
});
