/**
 * The FOCUS/Athena equivalence end to end: one set of FOCUS records (AWS, Google Cloud and
 * Azure lines: an Athena table over FOCUS exports may hold several clouds) written as a
 * FOCUS CSV for the `focus` provider, and loaded into the fake Athena for the `aws-athena`
 * provider, which runs its real SDK client against it. The same questions must get the
 * same answers; the CLI and the doctor work on an Athena configuration.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../src/app/runtime.js';
import type { Answer, CostRecord } from '../../src/core/types.js';
import { startFakeAthena, type FakeAthena } from '../fakes/athena-server.js';
import { runCli } from '../helpers/run-cli.js';
import { awsRecords, gcpRecords, otherRecords } from './three-providers-data.js';
import { figures, focusEntry, picoTotal, rowsAddUp, toMoney, writeConfig, writeCsv } from './three-providers-setup.js';

const NOW = '2026-11-26T12:00:00Z';
const NOW_MS = Date.parse(NOW);
const LAST_WEEK = { start: '2026-11-16', end: '2026-11-23' };
const logger = pino({ level: 'silent' });
const AWS_ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'] as const;
const savedEnv: Record<string, string | undefined> = {};

const athenaEntry = (url: string, name?: string) =>
  `  - type: aws-athena\n    region: us-east-1\n    database: finops\n    table: focus_1_0_aws\n    workgroup: primary\n    outputLocation: s3://finops-athena-results/bot/\n    endpoint: ${url}\n${name ? `    name: ${name}\n` : ''}`;

let dir: string;
let records: CostRecord[];
let athena: FakeAthena;
let denied: FakeAthena;
const cfg: Record<string, string> = {};

beforeAll(async () => {
  for (const k of AWS_ENV) savedEnv[k] = process.env[k];
  // The SDK's default credential chain reads the environment; the fake accepts any key.
  process.env.AWS_ACCESS_KEY_ID = 'AKIAFAKEFAKEFAKE1234';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  records = [...awsRecords(), ...gcpRecords(), ...otherRecords()];
  athena = await startFakeAthena({ records, runningPolls: 1, pageSize: 250 });
  denied = await startFakeAthena({ records, runningPolls: 1 });
  denied.deny('StartQueryExecution');
  dir = await mkdtemp(join(tmpdir(), 'finops-athena-'));
  const csv = await writeCsv(join(dir, 'focus', 'all.csv'), records);
  cfg.focus = await writeConfig(join(dir, 'focus.yaml'), [focusEntry(csv)]);
  cfg.athena = await writeConfig(join(dir, 'athena.yaml'), [athenaEntry(athena.url)]);
  cfg.denied = await writeConfig(join(dir, 'denied.yaml'), [focusEntry(join(dir, 'focus')), athenaEntry(denied.url, 'athena-prod')]);
});

afterAll(async () => {
  await Promise.all([athena, denied].map((f) => f?.close()));
  for (const k of AWS_ENV) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('FOCUS files and Athena over the same FOCUS records answer identically', () => {
  const QUERIES = [
    'by team last 30 days',
    'model=llama-70b by env last week',
    'by workload yesterday',
    'team!=nlp by model top 3 last 14 days',
    'by accelerator, env last week',
    'team=platform by service this month',
    'by provider last 30 days',
    'by team daily last week',
    'by service last week vs previous',
    'by resource top 5 last week',
    'list by category last 14 days',
    'billed by region,pricing this month',
  ];
  const runtimes: Record<string, Runtime> = {};
  const ask = async (name: string, text: string): Promise<Answer> => {
    const r = await runtimes[name]!.engine.ask(text, NOW_MS);
    if (!r.ok) throw new Error(`${name}: ${r.message}`);
    return r.answer;
  };

  beforeAll(async () => {
    // No cache (store: null): every question really goes to the fake.
    for (const name of ['focus', 'athena']) runtimes[name] = await createRuntime({ configPath: cfg[name], now: NOW_MS, env: {}, logger, store: null });
  });
  afterAll(async () => Promise.all(Object.values(runtimes).map((rt) => rt.close())));

  it.each(QUERIES)('%s', async (q) => {
    const [viaFocus, viaAthena] = [await ask('focus', q), await ask('athena', q)];
    // Resources are named only when asked for (`by resource`): compare them there.
    const withResources = /by resource/.test(q);
    expect(figures(viaAthena, withResources)).toEqual(figures(viaFocus, withResources));
    expect(viaAthena.series).toEqual(viaFocus.series);
    expect(viaAthena.compare).toEqual(viaFocus.compare);
    expect(viaFocus.total).not.toBe(0);
    expect(viaFocus.rows.length).toBeGreaterThan(1);
    expect(viaAthena.stats.providerCalls['aws-athena']).toBeGreaterThan(0);
    expect(viaAthena.stats.bytesScanned?.['aws-athena']).toBeGreaterThan(0);
  });

  it('bare words match tag values Athena knows', async () => {
    expect(figures(await ask('athena', 'sdxl by team last week'))).toEqual(figures(await ask('athena', 'model=sdxl by team last week')));
  });
});

describe('the CLI on an Athena configuration', () => {
  it('ask --json: the exact total, what was sent and what was scanned', async () => {
    const r = await runCli(['ask', 'by team last week', '--config', cfg.athena!, '--now', NOW, '--json'], { env: { FINOPS_DATA_DIR: join(dir, 'data') } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as Answer;
    expect(a.total).toBe(toMoney(picoTotal(records, LAST_WEEK)));
    expect(rowsAddUp(a)).toBe(true);
    expect(a.stats.providerCalls['aws-athena']).toBeGreaterThanOrEqual(3);
    expect(a.stats.bytesScanned?.['aws-athena']).toBeGreaterThan(0);
  }, 120_000); // the first CLI run creates the embedded store (PGlite) for the query cache

  it('a denied Athena gives a partial answer that names the provider and the permission', async () => {
    const r = await runCli(['ask', 'by team last week', '--config', cfg.denied!, '--now', NOW, '--json'], { env: { FINOPS_DATA_DIR: join(dir, 'data') } });
    const a = JSON.parse(r.stdout) as Answer;
    expect(a.notes.find((n) => /Partial answer/.test(n))).toMatch(/athena-prod is missing — AWS denied athena:StartQueryExecution/);
  });

  it('doctor: every check passes against the fake (exit 0); a denied one names the action (exit 1)', async () => {
    const ok = await runCli(['doctor', '--config', cfg.athena!, '--now', NOW, '--json']);
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.stdout) as { ok: boolean; providers: { id: string; checks: { name: string; ok: boolean }[] }[] };
    expect(report.providers[0]!.checks.map((c) => [c.name, c.ok])).toEqual([['credentials', true], ['workgroup', true], ['table', true], ['query', true]]);
    const bad = await runCli(['doctor', '--config', cfg.denied!, '--now', NOW]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL\s+query: .*AWS denied athena:StartQueryExecution/);
  });
});
