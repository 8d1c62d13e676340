/**
 * The fake BigQuery's "engine": it does NOT parse SQL. It recognises the queries the
 * gcp-bigquery provider compiles (by their marker comment and their GROUP BY line), reads
 * the named parameters, and evaluates the same grouping and filters in JavaScript over a
 * list of billing-export rows. A test can therefore load the same rows into the engine
 * directly (via `billingRowToCostRecord`) and compare answers.
 */
import { todayIn, zonedMidnightToInstant, addDays } from '../../src/core/dates.js';
import type { CostRecord } from '../../src/core/types.js';
import { parseDecimalText } from '../../src/providers/focus/decimal-text.js';
// The service → category table is the provider's mapping decision, not SQL semantics.
import { serviceCategoryOf } from '../../src/providers/gcp-bigquery/to-cost-record.js';

/** One row of the billing export, as `bq query --format=json` prints it (FLOAT64 as numbers). */
export interface BillingExportRow {
  billing_account_id?: string;
  service: { id: string; description: string } | null;
  sku: { id: string; description: string } | null;
  usage_start_time: string;
  usage_end_time: string;
  project: { id: string | null; number?: string; name: string | null; labels?: Label[] } | null;
  labels: Label[];
  system_labels: Label[];
  location: { location?: string | null; country?: string | null; region: string | null; zone?: string | null } | null;
  resource?: { name: string | null; global_name: string | null } | null;
  export_time: string;
  cost: number | string | null;
  currency: string;
  currency_conversion_rate?: number;
  cost_at_list?: number | string | null;
  usage: { amount: number; unit: string; amount_in_pricing_units?: number; pricing_unit?: string } | null;
  credits: { name: string; amount: number | string; full_name?: string | null; id: string; type: string }[];
  invoice: { month: string };
  cost_type: string;
  /** The partition the row lives in (UTC day); default: the day of `export_time`. */
  partition_time?: string;
}

export interface Label {
  key: string;
  value: string;
}

export type Params = Record<string, string | string[] | null>;

export interface WireField {
  name: string;
  type: string;
  mode?: string;
}

export interface Evaluated {
  fields: WireField[];
  rows: (string | null)[][];
  /** Rows read after partition pruning (drives totalBytesProcessed). */
  scanned: number;
}

const NANO = 1_000_000_000n;

/** CAST(FLOAT64 AS NUMERIC): 9 decimal places, half away from zero, as integer nano-units. */
export function toNano(value: number | string | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  const text = parseDecimalText(String(value));
  if (text === null) throw new Error(`not a number: ${value}`);
  const neg = text.startsWith('-');
  const [whole, frac = ''] = (neg ? text.slice(1) : text).split('.');
  let n = BigInt(whole!) * NANO + BigInt((frac + '000000000').slice(0, 9));
  if (frac.length > 9 && Number(frac[9]) >= 5) n += 1n;
  return neg ? -n : n;
}

/** NUMERIC as BigQuery prints it: plain decimal text, no trailing zeros. */
export function formatNano(n: bigint): string {
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const frac = (abs % NANO).toString().padStart(9, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${abs / NANO}${frac ? `.${frac}` : ''}`;
}

const lower = (s: string | null | undefined) => (s ?? '').trim().toLowerCase();

/** The value of each selectable column of a row (the provider's `SOURCE_EXPR`, in JS). */
export function sourceValue(row: BillingExportRow, column: string): string | null {
  switch (column) {
    case 'cost_type': return row.cost_type ?? null;
    case 'project_id': return row.project?.id ?? null;
    case 'project_name': return row.project?.name ?? null;
    case 'service': return row.service?.description ?? null;
    case 'sku_id': return row.sku?.id ?? null;
    case 'sku': return row.sku?.description ?? null;
    case 'region': return row.location?.region ?? null;
    case 'resource_name': return row.resource?.name ?? null;
    case 'resource_global_name': return row.resource?.global_name ?? null;
    case 'machine_spec': return row.system_labels.find((l) => l.key === 'compute.googleapis.com/machine_spec')?.value ?? null;
    case 'usage_unit': return row.usage?.unit ?? null;
    default: throw new Error(`fake BigQuery: unknown column ${column}`);
  }
}

/** First non-empty value of a label key, matched trimmed and case-insensitively. */
export function labelValue(row: BillingExportRow, key: string): string | null {
  const l = row.labels.find((x) => lower(x.key) === key && (x.value ?? '').trim() !== '');
  return l ? l.value.trim() : null;
}

const creditsNano = (row: BillingExportRow) => row.credits.reduce((s, c) => s + toNano(c.amount), 0n);

function partitionMs(row: BillingExportRow): number {
  return Date.parse(`${(row.partition_time ?? row.export_time).slice(0, 10)}T00:00:00Z`);
}

/** Rows in the partitions `_PARTITIONTIME >= TIMESTAMP_SUB(@start, INTERVAL 2 DAY)` and in `[@start, @end)`. */
function inRange(rows: BillingExportRow[], params: Params): { kept: BillingExportRow[]; scanned: number } {
  const start = Date.parse(String(params.start));
  const end = Date.parse(String(params.end));
  const pruned = rows.filter((r) => partitionMs(r) >= start - 2 * 86_400_000);
  const kept = pruned.filter((r) => {
    const t = Date.parse(r.usage_start_time);
    return t >= start && t < end;
  });
  return { kept, scanned: pruned.length };
}

/** Applies the `f<i>_…` filter parameters exactly as the compiled WHERE conditions do. */
function passesFilters(row: BillingExportRow, params: Params): boolean {
  for (const [name, value] of Object.entries(params)) {
    const col = /^f\d+_(project_id|service|region|resource_global_name)_(in|not_in)$/.exec(name);
    if (col) {
      const v = (sourceValue(row, col[1]!) ?? '').toLowerCase();
      const list = value as string[];
      if (col[2] === 'in' ? !list.includes(v) : list.includes(v)) return false;
      continue;
    }
    const lab = /^(f\d+)_label_keys$/.exec(name);
    if (lab) {
      const keys = value as string[];
      const values = params[`${lab[1]}_label_values`] as string[];
      const projects = params[`${lab[1]}_project_ids`] as string[];
      const byLabel = row.labels.some((l) => keys.includes(lower(l.key)) && values.includes(lower(l.value)));
      if (!byLabel && !projects.includes(row.project?.id ?? '\u0000')) return false;
    }
  }
  return true;
}

/** The fetch query: GROUP BY the columns its GROUP BY line names, NUMERIC sums. */
export function evaluateFetch(sql: string, params: Params, rows: BillingExportRow[]): Evaluated {
  const groupLine = sql.split('\n').find((l) => l.startsWith('GROUP BY '));
  if (!groupLine) throw new Error('fake BigQuery: fetch query without GROUP BY');
  const groups = groupLine.slice('GROUP BY '.length).split(', ');
  const withList = sql.includes('SUM(list_cost)');
  const tz = String(params.timezone);
  const { kept, scanned } = inRange(rows, params);
  const sums = new Map<string, { key: (string | null)[]; billed: bigint; effective: bigint; list: bigint }>();
  for (const row of kept) {
    if (!passesFilters(row, params)) continue;
    const key = groups.map((g) => {
      if (g === 'usage_day') return todayIn(Date.parse(row.usage_start_time), tz);
      if (g === 'currency') return row.currency;
      const tag = /^tag_(\d+)$/.exec(g);
      if (tag) return labelValue(row, String(params[`tag_key_${tag[1]}`]));
      return sourceValue(row, g);
    });
    const k = JSON.stringify(key);
    const s = sums.get(k) ?? { key, billed: 0n, effective: 0n, list: 0n };
    const cost = toNano(row.cost);
    s.billed += cost;
    s.effective += cost + creditsNano(row);
    s.list += row.cost_at_list === null || row.cost_at_list === undefined ? cost : toNano(row.cost_at_list);
    sums.set(k, s);
  }
  const sorted = [...sums.values()].sort((a, b) => compareKeys(a.key, b.key));
  const fields: WireField[] = [
    ...groups.map((g) => ({ name: g, type: g === 'usage_day' ? 'DATE' : 'STRING', mode: 'NULLABLE' })),
    { name: 'billed_cost', type: 'NUMERIC', mode: 'NULLABLE' },
    { name: 'effective_cost', type: 'NUMERIC', mode: 'NULLABLE' },
    ...(withList ? [{ name: 'list_cost', type: 'NUMERIC', mode: 'NULLABLE' }] : []),
  ];
  const out = sorted.map((s) => [...s.key, formatNano(s.billed), formatNano(s.effective), ...(withList ? [formatNano(s.list)] : [])]);
  return { fields, rows: out, scanned };
}

/** ORDER BY: NULLs first, then by text. */
function compareKeys(a: (string | null)[], b: (string | null)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** The known-values query: distinct services, projects, regions and values of `@tag_keys`. */
export function evaluateKnownValues(params: Params, rows: BillingExportRow[]): Evaluated {
  const { kept, scanned } = inRange(rows, params);
  const keys = params.tag_keys as string[];
  const seen = new Set<string>();
  const out: (string | null)[][] = [];
  const add = (kind: string, key: string, value: string | null) => {
    if (value === null) return;
    const k = JSON.stringify([kind, key, value]);
    if (!seen.has(k)) { seen.add(k); out.push([kind, key, value]); }
  };
  for (const r of kept) {
    add('service', '', sourceValue(r, 'service'));
    add('account', '', sourceValue(r, 'project_id'));
    add('region', '', sourceValue(r, 'region'));
    for (const l of r.labels) if (keys.includes(lower(l.key)) && (l.value ?? '').trim() !== '') add('label', lower(l.key), l.value.trim());
  }
  const fields = ['kind', 'key', 'value'].map((name) => ({ name, type: 'STRING', mode: 'NULLABLE' }));
  return { fields, rows: out, scanned };
}

/** The doctor's query: rows in the last day of partitions, and the latest export time (µs). */
export function evaluateDoctor(rows: BillingExportRow[], now: number): Evaluated {
  const recent = rows.filter((r) => partitionMs(r) >= now - 86_400_000);
  const latest = recent.reduce((m, r) => Math.max(m, Date.parse(r.export_time)), -Infinity);
  return {
    fields: [{ name: 'row_count', type: 'INTEGER' }, { name: 'latest_export', type: 'TIMESTAMP' }],
    rows: [[String(recent.length), recent.length ? `${latest * 1000}` : null]],
    scanned: recent.length,
  };
}

const CHARGE: Record<string, string> = { regular: 'Usage', tax: 'Tax', adjustment: 'Adjustment', 'rounding error': 'Adjustment' };

/**
 * One billing-export row as one CostRecord, with no aggregation: what a FOCUS export of
 * the same data would hold for the fields the provider maps. Tags take every label (the
 * allocation layer then lets the first spelling of a key win, as the SQL does).
 */
export function billingRowToCostRecord(row: BillingExportRow, timezone = 'UTC'): CostRecord {
  const day = todayIn(Date.parse(row.usage_start_time), timezone);
  const cost = toNano(row.cost);
  const tags: Record<string, string> = {};
  // A JSON object holds one value per key: the first non-empty one (GCP keys are unique anyway).
  for (const l of row.labels) if (!(l.key in tags) || tags[l.key]!.trim() === '') tags[l.key] = l.value;
  const sku = row.sku?.description ?? '';
  return {
    chargePeriodStart: zonedMidnightToInstant(day, timezone),
    chargePeriodEnd: zonedMidnightToInstant(addDays(day, 1), timezone),
    billedCost: formatNano(cost),
    effectiveCost: formatNano(cost + creditsNano(row)),
    listCost: formatNano(row.cost_at_list === null || row.cost_at_list === undefined ? cost : toNano(row.cost_at_list)),
    currency: row.currency,
    provider: 'Google Cloud',
    subAccountId: row.project?.id ?? '',
    subAccountName: row.project?.name ?? '',
    serviceName: row.service?.description ?? '',
    serviceCategory: serviceCategoryOf(row.service?.description ?? ''),
    skuId: row.sku?.id ?? '',
    chargeDescription: sku,
    resourceId: row.resource?.global_name ?? '',
    resourceName: row.resource?.name ?? '',
    resourceType: sourceValue(row, 'machine_spec') ?? '',
    regionId: row.location?.region ?? '',
    chargeCategory: CHARGE[row.cost_type] ?? row.cost_type,
    pricingCategory: /\b(spot|preemptible)\b/i.test(sku) ? 'Dynamic' : /\bcommitment\b/i.test(sku) ? 'Committed' : 'Standard',
    consumedQuantity: String(row.usage?.amount ?? ''),
    consumedUnit: row.usage?.unit ?? '',
    tags,
  };
}
