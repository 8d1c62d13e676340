/**
 * The set-up of the three-provider integration tests: the two cloud fakes on port 0, the
 * FOCUS CSVs, and configuration files naming the providers with the same allocation.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { parsePico, toCents, exact, centsToNumber } from '../../src/core/money.js';
import type { Answer, CostRecord } from '../../src/core/types.js';
import { writeFocusCsv } from '../../src/providers/sample/index.js';

/** The allocation every configuration shares: tags with aliases, an account map, two shared pools. */
const ALLOCATION_YAML = `timezone: UTC
weekStart: monday
currency: USD
dimensions:
  team:
    tags: [team, owner]
    accounts:
      "222222222222": platform
      ml-platform-prod: platform
    aliases: { NLP: nlp }
  model: { tags: [model, model_name] }
  env:
    tags: [env, environment]
    aliases: { production: prod, prd: prod, development: dev }
shared:
  - name: support
    when: { ServiceName: ["AWS Support*", "Support"] }
    split: proportional
  - name: tax
    when: { ChargeCategory: Tax }
    split: proportional
`;

export const BQ_TABLE = { project: 'billing-prj', dataset: 'billing', table: 'gcp_billing_export_resource_v1_0A1B2C_3D4E5F_678901' };

export const focusEntry = (path: string, name?: string) => `  - type: focus\n    path: ${path}\n${name ? `    name: ${name}\n` : ''}`;
export const ceEntry = (url: string, name?: string) => `  - type: aws-cost-explorer\n    region: us-east-1\n    endpoint: ${url}\n${name ? `    name: ${name}\n` : ''}`;
export const bqEntry = (url: string, name?: string) =>
  `  - type: gcp-bigquery\n    table: ${BQ_TABLE.project}.${BQ_TABLE.dataset}.${BQ_TABLE.table}\n    location: US\n    maxBytesBilled: 10000000000\n    endpoint: ${url}\n${name ? `    name: ${name}\n` : ''}`;

/** Writes a configuration file with the shared allocation and these provider entries. */
export async function writeConfig(path: string, entries: string[]): Promise<string> {
  await writeFile(path, `${ALLOCATION_YAML}providers:\n${entries.join('')}`);
  return path;
}

/** Writes records as a FOCUS 1.0 CSV (creating the folder). */
export async function writeCsv(path: string, records: CostRecord[]): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  await writeFocusCsv(out, records);
  out.end();
  await finished(out);
  return path;
}

/** The exact EffectiveCost of the records in `[start, end)`, in pico-units. */
export function picoTotal(records: CostRecord[], range: { start: string; end: string }): bigint {
  const start = Date.parse(`${range.start}T00:00:00Z`);
  const end = Date.parse(`${range.end}T00:00:00Z`);
  return records.filter((r) => r.chargePeriodStart >= start && r.chargePeriodStart < end).reduce((s, r) => s + parsePico(r.effectiveCost)!, 0n);
}

/** Pico-units as the answer prints money: major units rounded to cents. */
export const toMoney = (pico: bigint): number => centsToNumber(toCents(exact(pico)));

/** The figures the providers must agree on; `resources` only where the source can name them. */
export function figures(a: Answer, withResources = true) {
  return {
    range: a.range,
    total: a.total,
    rows: a.rows,
    unallocated: a.unallocated && (withResources ? a.unallocated : { ...a.unallocated, resources: [] }),
  };
}

/** The rows add up to the total, cent for cent. */
export function rowsAddUp(a: Answer): boolean {
  return a.rows.reduce((s, r) => s + Math.round(r.cost * 100), 0) === Math.round(a.total * 100);
}

export const tmpPath = (dir: string, ...parts: string[]) => join(dir, ...parts);
