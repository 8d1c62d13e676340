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

/**
 * DuckDB (warm, in-process) running the same aggregations on the same FOCUS file, as the
 * yardstick for the local engine. Tags are extracted once at load, as our engine does.
 */
export async function runDuckDbYardstick(file: string, today: string, warmup: number, runs: number): Promise<YardstickResult> {
  const duck = await import('@duckdb/node-api').catch(() => {
    throw new Error('@duckdb/node-api is not installed (it is a dev dependency)');
  });
  const instance = await duck.DuckDBInstance.create(':memory:', { threads: '2' });
  const db = await instance.connect();
  const version = String((await db.runAndReadAll('SELECT version()')).getRows()[0]![0]);
  const tag = (keys: string[]) =>
    `coalesce(CASE WHEN json_valid(Tags) THEN coalesce(${keys.map((k) => `json_extract_string(Tags, '$."${k}"')`).join(', ')}) END, '(untagged)')`;
  const t0 = performance.now();
  await db.run(`CREATE TABLE focus AS SELECT
      CAST(ChargePeriodStart AS TIMESTAMP) AS start,
      CAST(EffectiveCost AS DECIMAL(38, 12)) AS cost,
      ${tag(['team', 'Team', ' team', 'owner'])} AS team,
      ${tag(['model', 'model_name'])} AS model,
      CASE WHEN ChargeDescription ILIKE '%Training%' THEN 'training' WHEN ServiceCategory = 'Storage' THEN 'storage' ELSE 'other' END AS workload
    FROM read_csv('${file.replace(/'/g, "''")}', header = true, nullstr = 'NULL', all_varchar = true)`);
  const loadMs = Math.round(performance.now() - t0);
  const names = ['total', 'by team', 'by model top 10', 'filtered by model', 'daily series', 'team × model', 'by workload vs previous'];
  const queries = [];
  for (const name of names) {
    const [from, to] = ranges[name]?.(today) ?? [shift(today, -30), today];
    const sql = sqlFor(name, from, to);
    const times: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      const s = performance.now();
      await db.runAndReadAll(sql);
      if (i >= warmup) times.push(performance.now() - s);
    }
    queries.push({ name, p50: Math.round(percentile(times, 50) * 10) / 10, p95: Math.round(percentile(times, 95) * 10) / 10 });
  }
  db.closeSync?.();
  return { version, loadMs, queries };
}
