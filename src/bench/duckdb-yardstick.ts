import { percentile } from './percentile.js';

export interface YardstickResult {
  version: string;
  loadMs: number;
  queries: { name: string; p50: number; p95: number }[];
}

/** DuckDB's SQL for each benchmark query, over a table with the tags already extracted. */
function sqlFor(name: string, from: string, to: string): string {
  const where = `start >= TIMESTAMP '${from}' AND start < TIMESTAMP '${to}'`;
  switch (name) {
    case 'total': return `SELECT SUM(cost) FROM focus WHERE ${where}`;
    case 'by team': return `SELECT team, SUM(cost) c FROM focus WHERE ${where} GROUP BY team ORDER BY c DESC`;
    case 'by model top 10': return `SELECT model, SUM(cost) c FROM focus WHERE ${where} GROUP BY model ORDER BY c DESC`;
    case 'filtered by model': return `SELECT SUM(cost) FROM focus WHERE ${where} AND lower(model) = 'llama-70b'`;
    case 'daily series': return `SELECT date_trunc('day', start) d, SUM(cost) FROM focus WHERE ${where} GROUP BY d ORDER BY d`;
    case 'team × model': return `SELECT team, model, SUM(cost) c FROM focus WHERE ${where} GROUP BY team, model ORDER BY c DESC`;
    case 'by workload vs previous': return `SELECT workload, SUM(cost) FROM focus WHERE ${where} GROUP BY workload UNION ALL SELECT 'prev', SUM(cost) FROM focus WHERE ${where}`;
    default: throw new Error(`no DuckDB SQL for ${name}`);
  }
}

const ranges: Record<string, (today: string) => [string, string]> = {
  'by workload vs previous': (today) => [shift(today, -14), today],
};

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The DuckDB module (a dev dependency: only benchmarks use it). */
async function duckdb(): Promise<typeof import('@duckdb/node-api')> {
  return import('@duckdb/node-api').catch(() => {
    throw new Error('@duckdb/node-api is not installed (it is a dev dependency)');
  });
}

/** A DuckDB connection with the benchmark table loaded (or reopened from `path`). */
export interface DuckTable {
  version: string;
  loadMs: number;
  run(sql: string): Promise<unknown>;
  close(): void;
}

/**
 * Loads a FOCUS CSV into a DuckDB table `focus` with the columns our engine keeps (the
 * three costs as exact DECIMAL, both period ends, every text key it groups or filters by,
 * and the team/model/workload derived from the tags), in memory or in the database file
 * `path`. With `reopen`, the database at `path` is only opened (a restart).
 */
export async function loadDuckTable(file: string, opts: { path?: string; reopen?: boolean; threads?: number } = {}): Promise<DuckTable> {
  const duck = await duckdb();
  const t0 = performance.now();
  const instance = await duck.DuckDBInstance.create(opts.path ?? ':memory:', { threads: String(opts.threads ?? 2) });
  const db = await instance.connect();
  const version = String((await db.runAndReadAll('SELECT version()')).getRows()[0]![0]);
  const tag = (keys: string[]) =>
    `coalesce(CASE WHEN json_valid(Tags) THEN coalesce(${keys.map((k) => `json_extract_string(Tags, '$."${k}"')`).join(', ')}) END, '(untagged)')`;
  if (!opts.reopen) {
    await db.run(`CREATE OR REPLACE TABLE focus AS SELECT
      CAST(ChargePeriodStart AS TIMESTAMP) AS start,
      CAST(ChargePeriodEnd AS TIMESTAMP) AS "end",
      CAST(EffectiveCost AS DECIMAL(38, 12)) AS cost,
      CAST(BilledCost AS DECIMAL(38, 12)) AS billed,
      CAST(ListCost AS DECIMAL(38, 12)) AS list,
      BillingCurrency AS currency, ProviderName AS provider, SubAccountId AS account, SubAccountName AS account_name,
      ServiceName AS service, ServiceCategory AS category, SkuId AS sku, ResourceId AS resource, ResourceName AS resource_name,
      ResourceType AS resource_type, RegionId AS region, ChargeCategory AS charge, PricingCategory AS pricing,
      Tags AS tags,
      ${tag(['team', 'Team', ' team', 'owner'])} AS team,
      ${tag(['model', 'model_name'])} AS model,
      CASE WHEN ChargeDescription ILIKE '%Training%' THEN 'training' WHEN ServiceCategory = 'Storage' THEN 'storage' ELSE 'other' END AS workload
    FROM read_csv('${file.replace(/'/g, "''")}', header = true, nullstr = 'NULL', all_varchar = true)`);
    if (opts.path) await db.run('CHECKPOINT');
  }
  const loadMs = Math.round(performance.now() - t0);
  return { version, loadMs, run: (sql) => db.runAndReadAll(sql), close: () => db.closeSync?.() };
}

/** Times the benchmark queries (p50/p95 over `runs` after `warmup`) on a loaded table. */
export async function timeDuckQueries(t: DuckTable, today: string, warmup: number, runs: number): Promise<YardstickResult['queries']> {
  const names = ['total', 'by team', 'by model top 10', 'filtered by model', 'daily series', 'team × model', 'by workload vs previous'];
  const queries = [];
  for (const name of names) {
    const [from, to] = ranges[name]?.(today) ?? [shift(today, -30), today];
    const sql = sqlFor(name, from, to);
    const times: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      const s = performance.now();
      await t.run(sql);
      if (i >= warmup) times.push(performance.now() - s);
    }
    queries.push({ name, p50: Math.round(percentile(times, 50) * 10) / 10, p95: Math.round(percentile(times, 95) * 10) / 10 });
  }
  return queries;
}

/** The first benchmark query's SQL (`last 30 days`), for a restart's first answer. */
export function firstDuckQuery(today: string): string {
  return sqlFor('total', shift(today, -30), today);
}

/**
 * DuckDB (warm, in-process) running the same aggregations on the same FOCUS file, as the
 * yardstick for the local engine. Tags are extracted once at load, as our engine does.
 */
export async function runDuckDbYardstick(file: string, today: string, warmup: number, runs: number): Promise<YardstickResult> {
  const t = await loadDuckTable(file);
  const queries = await timeDuckQueries(t, today, warmup, runs);
  t.close();
  return { version: t.version, loadMs: t.loadMs, queries };
}
