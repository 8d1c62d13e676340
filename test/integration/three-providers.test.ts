/**
 * FOCUS files, AWS Cost Explorer and the BigQuery billing export configured together,
 * end to end: the CLI in-process, the HTTP API, the store-backed cache, partial answers,
 * and the same questions answered identically by each source from equivalent data.
 * The cloud providers run their real SDK clients against the local fakes.
 */
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../src/app/runtime.js';
import type { Answer, CostRecord } from '../../src/core/types.js';
import { createServer } from '../../src/server/create-server.js';
import { billingRowToCostRecord } from '../fakes/bigquery-fake-engine.js';
import { startFakeBigQuery, type FakeBigQueryServer } from '../fakes/bigquery-server.js';
import { startFakeCostExplorer, type FakeCostExplorer } from '../fakes/cost-explorer-server.js';
import { runCli } from '../helpers/run-cli.js';
import { awsRecords, costRecordToBillingRow, gcpRecords, otherRecords } from './three-providers-data.js';
import { bqEntry, BQ_TABLE, ceEntry, figures, focusEntry, picoTotal, rowsAddUp, toMoney, writeConfig, writeCsv } from './three-providers-setup.js';

const NOW = '2026-11-26T12:00:00Z';
const NOW_MS = Date.parse(NOW);
const LAST_WEEK = { start: '2026-11-16', end: '2026-11-23' };
const logger = pino({ level: 'silent' });
const AWS_ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'] as const;
const savedEnv: Record<string, string | undefined> = {};

let dir: string;
let dataDir: string;
let aws: CostRecord[];
let gcp: CostRecord[];
let other: CostRecord[];
let ce: FakeCostExplorer;
let bq: FakeBigQueryServer;
let ceDenied: FakeCostExplorer;
let bqDenied: FakeBigQueryServer;
let bqSlow: FakeBigQueryServer;
const cfg: Record<string, string> = {};

const table = (rows: ReturnType<typeof costRecordToBillingRow>[]) => ({ ...BQ_TABLE, kind: 'detailed' as const, rows });

beforeAll(async () => {
  for (const k of AWS_ENV) savedEnv[k] = process.env[k];
  // The AWS SDK's default chain reads the process environment; the fakes accept any key.
  process.env.AWS_ACCESS_KEY_ID = 'AKIAFAKEFAKEFAKE1234';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;

  aws = awsRecords();
  gcp = gcpRecords();
  other = otherRecords();
  const rows = gcp.map(costRecordToBillingRow);
  ce = await startFakeCostExplorer({ records: aws, pageSize: 50 });
  bq = await startFakeBigQuery({ tables: [table(rows)], pageSize: 100, now: NOW_MS });
  ceDenied = await startFakeCostExplorer({ records: aws });
  ceDenied.deny('GetCostAndUsage');
  bqDenied = await startFakeBigQuery({ tables: [table(rows)], now: NOW_MS });
  bqDenied.fail({ reason: 'jobsCreateDenied' });
  bqSlow = await startFakeBigQuery({ tables: [table(rows)], now: NOW_MS });
  bqSlow.delayMs = 5_000;

  dir = await mkdtemp(join(tmpdir(), 'finops-three-'));
  dataDir = join(dir, 'data');
  const csv = {
    others: await writeCsv(join(dir, 'others', 'azure.csv'), other),
    all: await writeCsv(join(dir, 'all', 'all.csv'), [...aws, ...gcp, ...other]),
    aws: await writeCsv(join(dir, 'aws', 'aws.csv'), aws),
    gcp: await writeCsv(join(dir, 'gcp', 'gcp.csv'), gcp),
  };
  const c = (name: string, entries: string[]) => writeConfig(join(dir, `${name}.yaml`), entries).then((p) => (cfg[name] = p));
  await c('three', [focusEntry('./others'), ceEntry(ce.url), bqEntry(bq.url)]);
  await c('focusAll', [focusEntry(csv.all)]);
  await c('focusAws', [focusEntry(csv.aws)]);
  await c('focusGcp', [focusEntry(csv.gcp)]);
  await c('ceOnly', [ceEntry(ce.url)]);
  await c('bqOnly', [bqEntry(bq.url)]);
  await c('ceDenied', [focusEntry('./others'), ceEntry(ceDenied.url, 'aws-prod'), bqEntry(bq.url)]);
  await c('bqSlow', [focusEntry('./others'), ceEntry(ce.url), bqEntry(bqSlow.url, 'gcp-slow')]);
  await c('broken', [ceEntry(ceDenied.url, 'aws-prod'), bqEntry(bqDenied.url, 'gcp-prod')]);
});

afterAll(async () => {
  await Promise.all([ce, bq, ceDenied, bqDenied, bqSlow].map((f) => f?.close()));
  for (const k of AWS_ENV) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

const askJson = async (config: string, text: string, env: Record<string, string> = { FINOPS_DATA_DIR: dataDir }): Promise<Answer> => {
  const r = await runCli(['ask', text, '--config', config, '--now', NOW, '--json'], { env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Answer;
};

describe('the data', () => {
  it('the billing-export rows hold exactly the Google Cloud records', () => {
    for (const r of gcp) expect(billingRowToCostRecord(costRecordToBillingRow(r))).toEqual(r);
  });
});

describe('three providers configured together (CLI)', () => {
  let first: Answer;

  it('merges FOCUS, Cost Explorer and BigQuery into one allocated answer', async () => {
    first = await askJson(cfg.three!, 'by team last week');
    const perSource = [aws, gcp, other].map((records) => picoTotal(records, LAST_WEEK));
    expect(perSource.every((p) => p > 0n)).toBe(true);
    expect(first.range).toEqual(LAST_WEEK);
    expect(first.total).toBe(toMoney(perSource.reduce((a, b) => a + b, 0n)));
    expect(rowsAddUp(first)).toBe(true);
    expect(first.rows.map((r) => r.key.team).sort()).toEqual(['(untagged)', 'nlp', 'platform', 'research', 'vision']);
    expect(Object.keys(first.stats.providerCalls).sort()).toEqual(['aws-cost-explorer', 'focus', 'gcp-bigquery']);
    expect(first.stats.providerCalls['aws-cost-explorer']).toBeGreaterThan(0);
    expect(first.stats.providerCalls['gcp-bigquery']).toBeGreaterThan(0);
    expect(first.notes.filter((n) => /Partial answer/.test(n))).toEqual([]);
  });

  it('adds Cost Explorer’s own forecast to an unfiltered forecast, as a note', async () => {
    const a = await askJson(cfg.three!, 'forecast');
    expect(a.forecast).not.toBeNull();
    expect(a.notes.some((n) => /^aws-cost-explorer's own forecast for 2026-11-26 \.\. 2026-12-01: [\d,]+\.\d\d USD/.test(n))).toBe(true);
    expect(ce.calls('GetCostForecast')).toBeGreaterThan(0);
  });

  it('gives the figures of one FOCUS export holding all three sources (no store opened for it)', async () => {
    const untouched = join(dir, 'never-created');
    const all = await askJson(cfg.focusAll!, 'by team last week', { FINOPS_DATA_DIR: untouched });
    // Push-down records name no resources (resource is not a key of this question).
    expect(figures(first, false)).toEqual(figures(all, false));
    // No embedded database: the data directory holds only the FOCUS provider's built dataset.
    expect(readdirSync(untouched)).toEqual(['datasets']);
    expect(readdirSync(join(untouched, 'datasets')).filter((f) => f.endsWith('.dataset'))).toHaveLength(1);
  });

  it('answers the same question again from the store-backed cache: no cloud calls', async () => {
    const sentCe = ce.calls('GetCostAndUsage');
    const sentBq = bq.requests.length;
    const again = await askJson(cfg.three!, 'by team last week');
    expect(again.stats.providerCalls['aws-cost-explorer']).toBe(0);
    expect(again.stats.providerCalls['gcp-bigquery']).toBe(0);
    expect(again.stats.cacheHits).toBeGreaterThan(0);
    expect(ce.calls('GetCostAndUsage')).toBe(sentCe);
    expect(bq.requests.length).toBe(sentBq);
    expect(figures(again)).toEqual(figures(first));
  });

  it('POST /api/ask on a runtime built from the same configuration gives the same figures', async () => {
    const rt = await createRuntime({ configPath: cfg.three, now: NOW_MS, env: { FINOPS_DATA_DIR: dataDir }, logger });
    try {
      expect(rt.store?.driver).toBe('pglite');
      const server = createServer({ engine: rt.engine, logger, clock: rt.clock }).listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      try {
        const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/ask`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: 'by team last week' }),
        });
        expect(res.status).toBe(200);
        expect(figures((await res.json()) as Answer)).toEqual(figures(first));
      } finally {
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      }
    } finally {
      await rt.close();
    }
  });

  it('a provider that is denied gives a partial answer that names it and says why', async () => {
    const a = await askJson(cfg.ceDenied!, 'by team last week');
    expect(ceDenied.calls('GetCostAndUsage')).toBeGreaterThan(0);
    expect(a.total).toBe(toMoney(picoTotal(gcp, LAST_WEEK) + picoTotal(other, LAST_WEEK)));
    expect(rowsAddUp(a)).toBe(true);
    const partial = a.notes.filter((n) => /Partial answer/.test(n));
    expect(partial).toHaveLength(1);
    expect(partial[0]).toMatch(/aws-prod/);
    expect(partial[0]).toMatch(/ce:GetCostAndUsage|not authorized/);
  });

  it('a provider slower than the time limit gives a partial answer, not a hang', async () => {
    const rt = await createRuntime({ configPath: cfg.bqSlow, now: NOW_MS, env: {}, logger, store: null, providerTimeoutMs: 600, knownValuesTimeoutMs: 1_000 });
    try {
      // BigQuery would answer after 5 s: a partial answer without it shows the time limit ended the wait.
      const result = await rt.engine.ask('by team last week', rt.clock());
      expect(result.ok).toBe(true);
      const a = (result as { answer: Answer }).answer;
      expect(bqSlow.requests.length).toBeGreaterThan(0);
      expect(a.total).toBe(toMoney(picoTotal(aws, LAST_WEEK) + picoTotal(other, LAST_WEEK)));
      expect(a.notes.find((n) => /Partial answer/.test(n))).toMatch(/gcp-slow/);
    } finally {
      await rt.close();
    }
  });
});

describe('each source alone answers the same questions identically from equivalent data', () => {
  const QUERIES = [
    'by team last 30 days',
    'model=llama-70b by env last week',
    'by workload yesterday',
    'team!=nlp by model top 3 last 14 days',
    'by accelerator, env last week',
    'team=platform by service this month',
  ];
  const runtimes: Record<string, Runtime> = {};
  const ask = async (name: string, text: string): Promise<Answer> => {
    const r = await runtimes[name]!.engine.ask(text, NOW_MS);
    if (!r.ok) throw new Error(`${name}: ${r.message}`);
    return r.answer;
  };

  beforeAll(async () => {
    // No cache (store: null): every question really goes through the fakes.
    for (const name of ['focusAws', 'ceOnly', 'focusGcp', 'bqOnly']) {
      runtimes[name] = await createRuntime({ configPath: cfg[name], now: NOW_MS, env: {}, logger, store: null });
    }
  });
  afterAll(async () => Promise.all(Object.values(runtimes).map((rt) => rt.close())));

  it.each(QUERIES)('Cost Explorer and a FOCUS export of the same AWS costs: %s', async (q) => {
    const [viaFocus, viaCe] = [await ask('focusAws', q), await ask('ceOnly', q)];
    // The AWS records have no resource ids (Cost Explorer cannot see them): everything compares.
    expect(figures(viaCe)).toEqual(figures(viaFocus));
    expect(viaFocus.total).toBeGreaterThan(0);
    expect(viaFocus.rows.length).toBeGreaterThan(1);
    expect(viaCe.stats.providerCalls['aws-cost-explorer']).toBeGreaterThan(0);
  });

  it.each(QUERIES)('BigQuery and a FOCUS export of the same Google Cloud costs: %s', async (q) => {
    const [viaFocus, viaBq] = [await ask('focusGcp', q), await ask('bqOnly', q)];
    // The FOCUS export names resources; the push-down query reads them only for `by resource`.
    expect(figures(viaBq, false)).toEqual(figures(viaFocus, false));
    expect(viaFocus.total).toBeGreaterThan(0);
    expect(viaFocus.rows.length).toBeGreaterThan(1);
    expect(viaBq.stats.providerCalls['gcp-bigquery']).toBeGreaterThan(0);
  });

  it('bare words match tag values that only the clouds know', async () => {
    expect(figures(await ask('ceOnly', 'llama-70b by env last week'))).toEqual(figures(await ask('ceOnly', 'model=llama-70b by env last week')));
    expect(figures(await ask('bqOnly', 'sdxl by team last week'))).toEqual(figures(await ask('bqOnly', 'model=sdxl by team last week')));
  });
});

describe('finops-bot doctor', () => {
  it('reports every provider ok against the fakes (exit 0)', async () => {
    const r = await runCli(['doctor', '--config', cfg.three!, '--now', NOW, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; providers: { id: string; type: string; checks: { ok: boolean; name: string }[] }[] };
    expect(report.ok).toBe(true);
    expect(report.providers.map((p) => p.id)).toEqual(['focus', 'aws-cost-explorer', 'gcp-bigquery']);
    for (const p of report.providers) {
      expect(p.checks.length).toBeGreaterThan(0);
      expect(p.checks.filter((c) => !c.ok)).toEqual([]);
    }
  });

  it('names the denied permissions and exits 1', async () => {
    const r = await runCli(['doctor', '--config', cfg.broken!, '--now', NOW]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^aws-prod \(aws-cost-explorer\)\n {2}ok {4}credentials: found/m);
    expect(r.stdout).toMatch(/FAIL {2}ce:GetCostAndUsage: .*not authorized/);
    expect(r.stdout).toMatch(/FAIL\s+bigquery\.jobs\.create: .*bigquery\.jobs\.create permission/);
    expect(r.stdout).toMatch(/fix: Grant BigQuery Job User/);
    expect(r.stdout).toMatch(/2 of 2 providers need fixing: aws-prod, gcp-prod\./);
  });
});
