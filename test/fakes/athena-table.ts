/**
 * The fake Athena's table: FOCUS 1.0 rows as AWS Data Exports write them (Glue lower-case
 * names, costs as DOUBLE, timestamps in UTC, tags as map<string,string>, the
 * `billing_period` partition), loaded into DuckDB from CostRecords.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CostRecord } from '../../src/core/types.js';

/** One row of the table: a record, and the billing period it was invoiced in (default: its UTC month). */
export interface FakeFocusRow {
  record: CostRecord;
  billingPeriod?: string;
}

const TEXT: [string, keyof CostRecord][] = [
  ['billingcurrency', 'currency'], ['providername', 'provider'], ['subaccountid', 'subAccountId'], ['subaccountname', 'subAccountName'],
  ['servicename', 'serviceName'], ['servicecategory', 'serviceCategory'], ['skuid', 'skuId'], ['chargedescription', 'chargeDescription'],
  ['resourceid', 'resourceId'], ['resourcename', 'resourceName'], ['resourcetype', 'resourceType'], ['regionid', 'regionId'],
  ['chargecategory', 'chargeCategory'], ['pricingcategory', 'pricingCategory'], ['consumedunit', 'consumedUnit'],
];
const MONEY: [string, keyof CostRecord][] = [['billedcost', 'billedCost'], ['effectivecost', 'effectiveCost'], ['listcost', 'listCost']];

/** The columns, as `DESCRIBE` and Glue would list them. */
export const FOCUS_TABLE_COLUMNS: [string, string][] = [
  ...TEXT.map(([c]): [string, string] => [c, 'VARCHAR']),
  ...MONEY.map(([c]): [string, string] => [c, 'DOUBLE']),
  ['consumedquantity', 'DOUBLE'],
  ['chargeperiodstart', 'TIMESTAMP'],
  ['chargeperiodend', 'TIMESTAMP'],
  ['tags', 'MAP(VARCHAR, VARCHAR)'],
];

const str = (s: string) => `'${s.replaceAll("'", "''")}'`;
const text = (s: string) => (s === '' ? 'NULL' : str(s));
const money = (s: string) => {
  if (s.trim() === '') return 'NULL';
  const n = Number(s);
  if (!Number.isFinite(n)) throw new Error(`not an amount: ${s}`);
  return `${n}::DOUBLE`;
};
const ts = (ms: number) => (Number.isFinite(ms) ? `TIMESTAMP '${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}'` : 'NULL');

/** (Re)creates `"database"."table"` holding `rows`. */
export async function loadFocusTable(c: DuckDBConnection, database: string, table: string, rows: FakeFocusRow[], partitioned: boolean): Promise<void> {
  const name = `"${database}"."${table}"`;
  await c.run(`CREATE SCHEMA IF NOT EXISTS "${database}"`);
  await c.run(`DROP TABLE IF EXISTS ${name}`);
  const columns = [...FOCUS_TABLE_COLUMNS, ...(partitioned ? [['billing_period', 'VARCHAR'] as [string, string]] : [])];
  await c.run(`CREATE TABLE ${name} (${columns.map(([n, t]) => `${n} ${t}`).join(', ')})`);
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows.slice(i, i + 500).map(({ record: r, billingPeriod }) => {
      const tags = `MAP {${Object.entries(r.tags).map(([k, v]) => `${str(k)}: ${str(v)}`).join(', ')}}`;
      const cells = [
        ...TEXT.map(([, f]) => text(String(r[f] ?? ''))),
        ...MONEY.map(([, f]) => money(String(r[f] ?? ''))),
        r.consumedQuantity === '' ? 'NULL' : money(r.consumedQuantity),
        ts(r.chargePeriodStart),
        ts(r.chargePeriodEnd),
        tags,
        ...(partitioned ? [str(billingPeriod ?? new Date(r.chargePeriodStart).toISOString().slice(0, 7))] : []),
      ];
      return `(${cells.join(', ')})`;
    });
    if (values.length > 0) await c.run(`INSERT INTO ${name} VALUES ${values.join(',\n')}`);
  }
}

/** DuckDB type → the type Glue/Athena shows. */
export function athenaType(duck: string): string {
  const t = duck.toUpperCase();
  if (t === 'VARCHAR') return 'string';
  if (t.startsWith('MAP(')) return 'map<string,string>';
  if (t.startsWith('DECIMAL')) return t.toLowerCase().replace(/\s+/g, '');
  return ({ DOUBLE: 'double', TIMESTAMP: 'timestamp', DATE: 'date', BIGINT: 'bigint', INTEGER: 'integer', HUGEINT: 'bigint', BOOLEAN: 'boolean' } as Record<string, string>)[t] ?? t.toLowerCase();
}
