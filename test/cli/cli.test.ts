import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const NOW = '2026-11-26T12:00:00Z';
const SAMPLE_FOCUS = 'fixtures/focus/focus-1.0-sample.csv';

describe('finops-bot parse', () => {
  it('prints the spec’s examples as JSON', async () => {
    const r = await runCli(['parse', 'team=nlp,vision env!=dev last 30 days by model top 5', '--now', NOW, '--json']);
    expect(r.code).toBe(0);
    const q = JSON.parse(r.stdout);
    expect(q).toMatchObject({
      range: { start: '2026-10-27', end: '2026-11-26' },
      filters: { team: { in: ['nlp', 'vision'] }, env: { notIn: ['dev'] } },
      groupBy: ['model'],
      granularity: null,
      top: 5,
      compare: null,
      forecast: false,
      metric: 'effective',
      error: null,
    });
  });

  it('matches a bare word against the sample data’s known values', async () => {
    const r = await runCli(['parse', 'how much did llama-70b cost in October?', '--now', NOW, '--json']);
    const q = JSON.parse(r.stdout);
    expect(q.filters).toEqual({ model: { in: ['llama-70b'] } });
    expect(q.range).toEqual({ start: '2026-10-01', end: '2026-11-01' });
  });

  it('exits 2 on a single rejected query and still prints the object', async () => {
    const r = await runCli(['parse', 'modle=x', '--now', NOW, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error).toBe('unknown key modle — did you mean model?');
  });

  it('reads one query per line from standard input, in order, exit 0 even with errors', async () => {
    const r = await runCli(['parse', '--now', NOW, '--json'], { stdin: 'by team yesterday\nmodle=x\ntraining by model daily since Nov 1\n' });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ groupBy: ['team'], range: { start: '2026-11-25', end: '2026-11-26' } });
    expect(lines[1].error).toMatch(/did you mean model/);
    expect(lines[2]).toMatchObject({ filters: { workload: { in: ['training'] } }, groupBy: ['model'], granularity: 'day', range: { start: '2026-11-01', end: '2026-11-27' } });
  });

  it('applies the configuration’s time zone and week start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'finops-cli-'));
    const config = join(dir, 'finops.config.yaml');
    writeFileSync(config, 'timezone: Pacific/Auckland\nweekStart: sunday\n');
    // 2026-11-26T12:00Z is already Friday 27 November in Auckland.
    const r = await runCli(['parse', 'this week', '--now', NOW, '--config', config, '--json']);
    expect(JSON.parse(r.stdout).range).toEqual({ start: '2026-11-22', end: '2026-11-28' });
  });
});

describe('finops-bot ask', () => {
  it('answers from the bundled sample with rows that add up to the total', async () => {
    const r = await runCli(['ask', 'by team last week', '--now', NOW, '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a.range).toEqual({ start: '2026-11-16', end: '2026-11-23' });
    expect(a.rows.length).toBeGreaterThanOrEqual(5);
    const sum = a.rows.reduce((s: number, row: { cost: number }) => s + Math.round(row.cost * 100), 0);
    expect(sum).toBe(Math.round(a.total * 100));
    expect(a.metric).toBe('effective');
    expect(a.currency).toBe('USD');
    expect(a.freshness).toBe('2026-11-23T00:00:00Z');
    expect(a.stats.providerCalls).toEqual({ sample: 0 });
  });

  it('prints a readable table without --json', async () => {
    const r = await runCli(['ask', 'by team last week', '--now', NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Cost by team · 2026-11-16 → 2026-11-22 \(7 days\)/);
    expect(r.stdout).toMatch(/Total {2}[\d,]+\.\d\d USD/);
  });

  it('answers a FOCUS file given with --data, exact to the cent', async () => {
    const r = await runCli(['ask', 'metric=billed 2024-09-01 to 2024-10-01', '--now', NOW, '--data', SAMPLE_FOCUS, '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    // Exact decimal sum of BilledCost over all 1,000 rows: 20.52022672899.
    expect(a.total).toBe(20.52);
    expect(a.stats.providerCalls).toEqual({ focus: 0 });
  });

  it.each([['help'], ['what can you do?'], ['']])('prints the help for %j (exit 0), not a total', async (question) => {
    const r = await runCli(['ask', question, '--now', NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Ask me about cloud cost\n/);
    expect(r.stdout).toContain('  by team last week');
    expect(r.stdout).not.toMatch(/Total/);
  });

  it('exits 2 with a message on standard error for a rejected query', async () => {
    const r = await runCli(['ask', 'modle=x', '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did you mean model/);
  });

  it('exits 2 for a configuration with problems, naming the key path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'finops-cli-'));
    const config = join(dir, 'bad.yaml');
    writeFileSync(config, 'budgets:\n  - name: x\n    scope: team=nlp\n    amount: 10\n    period: month\n    thresholds: ["80%"]\n');
    const r = await runCli(['ask', 'by team', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/budgets\[0\]\.thresholds\[0\]/);
  });

  it('exits 2 when --data names no file, saying which path', async () => {
    const r = await runCli(['ask', 'by team', '--data', '/nonexistent/exports']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nonexistent/);
  });

  it('rejects a malformed --now with a hint', async () => {
    const r = await runCli(['ask', 'by team', '--now', 'yesterday-ish']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--now expects an ISO time/);
  });
});

describe('configuration with budgets', () => {
  const example = readFileSync(new URL('../../fixtures/config/basic.yaml', import.meta.url), 'utf8');
  // The example of config.md with its providers replaced by the FOCUS sample (no clouds here).
  const withoutClouds = example.replace(/providers:[\s\S]*?\n(?=dimensions:)/, `providers:\n  - type: focus\n    path: ${join(process.cwd(), SAMPLE_FOCUS)}\n\n`);

  it('loads the example configuration of config.md, budget scopes included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'finops-cli-'));
    writeFileSync(join(dir, 'finops.config.yaml'), withoutClouds);
    const r = await runCli(['parse', 'by team', '--now', NOW, '--config', join(dir, 'finops.config.yaml'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).groupBy).toEqual(['team']);
  });

  it('reports a misspelt key in a budget scope with its path and the closest key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'finops-cli-'));
    writeFileSync(join(dir, 'c.yaml'), withoutClouds.replace('scope: team=nlp        # a filter', 'scope: modle=x        # a filter'));
    const r = await runCli(['parse', 'by team', '--config', join(dir, 'c.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/budgets\[0\]\.scope: unknown key modle — did you mean model\?/);
  });
});
