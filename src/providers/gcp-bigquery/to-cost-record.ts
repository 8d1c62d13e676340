import { addDays, zonedMidnightToInstant } from '../../core/dates.js';
import type { CostRecord } from '../../core/types.js';
import { parseDecimalText } from '../focus/decimal-text.js';
import { PayloadError } from './schema.js';
import type { CompiledFetch, ResultRow } from './types.js';

/** FOCUS ProviderName of Google Cloud. */
export const PROVIDER_NAME = 'Google Cloud';

/** `cost_type` → FOCUS ChargeCategory. Credits are folded into the effective cost, not separate rows. */
const CHARGE_CATEGORY: Record<string, string> = {
  regular: 'Usage',
  tax: 'Tax',
  adjustment: 'Adjustment',
  'rounding error': 'Adjustment',
};

/** Service description → FOCUS ServiceCategory, for the services ML teams spend on. */
const SERVICE_CATEGORY: [RegExp, string][] = [
  [/^(Vertex AI|Cloud TPU|Gemini|Generative Language|Cloud AI|AI Platform|Document AI|Cloud Vision|Cloud Speech|Cloud Translation|Cloud Natural Language)/i, 'AI and Machine Learning'],
  [/^(Compute Engine|Kubernetes Engine|Cloud Run|Cloud Functions|App Engine|Batch|VMware Engine)/i, 'Compute'],
  [/^(Cloud Storage|Filestore|Backup and DR|Persistent Disk|Cloud Storage for Firebase)/i, 'Storage'],
  [/^(Cloud SQL|Cloud Spanner|Cloud Bigtable|Cloud Firestore|Firestore|Cloud Memorystore|Memorystore|AlloyDB|Datastore)/i, 'Databases'],
  [/^(BigQuery|Dataflow|Dataproc|Cloud Composer|Looker|Cloud Dataplex|Data Catalog|Dataform)/i, 'Analytics'],
  [/^(Networking|Cloud CDN|Cloud DNS|Cloud Load Balancing|Cloud NAT|Cloud VPN|Cloud Interconnect|Network)/i, 'Networking'],
  [/^(Cloud Pub\/Sub|Pub\/Sub|Cloud Tasks|Cloud Scheduler|Workflows|Eventarc|Apigee)/i, 'Integration'],
  [/^(Cloud Logging|Cloud Monitoring|Stackdriver|Cloud Trace|Cloud Asset)/i, 'Management and Governance'],
  [/^(Secret Manager|Cloud Key Management|Cloud Armor|Security Command Center|Identity)/i, 'Security'],
  [/^(Artifact Registry|Cloud Build|Container Registry|Cloud Source Repositories)/i, 'Developer Tools'],
];

/** FOCUS ServiceCategory of a Google Cloud service description; `Other` when unknown. */
export function serviceCategoryOf(service: string): string {
  if (service === '') return '';
  return SERVICE_CATEGORY.find(([re]) => re.test(service))?.[1] ?? 'Other';
}

/** FOCUS PricingCategory from the SKU text: Spot/Preemptible → Dynamic, commitments → Committed. */
export function pricingCategoryOf(sku: string): string {
  if (/\b(spot|preemptible)\b/i.test(sku)) return 'Dynamic';
  if (/\bcommitment\b/i.test(sku)) return 'Committed';
  return sku === '' ? '' : 'Standard';
}

/** FOCUS ChargeCategory of a `cost_type`; an unknown future value is kept as written. */
export function chargeCategoryOf(costType: string): string {
  return CHARGE_CATEGORY[costType.toLowerCase()] ?? costType;
}

function amount(row: ResultRow, column: string): string {
  const v = row[column];
  // SUM over a group of only-NULL costs is NULL; a missing amount is zero cost.
  if (v === null || v === undefined) return '0';
  const text = parseDecimalText(v);
  if (text === null) throw new PayloadError(`BigQuery column ${column} is not a decimal: ${JSON.stringify(v.slice(0, 40))}`);
  return text;
}

/**
 * Turns one aggregated result row into a CostRecord for the allocation layer: a day in
 * the configured zone, exact decimal amounts, labels as tags. Fields the query did not
 * select stay empty: the allocation of this request does not read them.
 */
export function toCostRecord(row: ResultRow, compiled: CompiledFetch): CostRecord {
  const day = row.usage_day;
  if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    throw new PayloadError(`BigQuery column usage_day is not a date: ${JSON.stringify(day)}`);
  }
  const text = (column: string) => row[column] ?? '';
  const has = (c: (typeof compiled.columns)[number]) => compiled.columns.includes(c);
  const billed = amount(row, 'billed_cost');
  const tags: Record<string, string> = {};
  compiled.tagKeys.forEach((key, i) => {
    const v = row[`tag_${i}`];
    if (v !== null && v !== undefined && v !== '') tags[key] = v;
  });
  return {
    chargePeriodStart: zonedMidnightToInstant(day, compiled.timezone),
    chargePeriodEnd: zonedMidnightToInstant(addDays(day, 1), compiled.timezone),
    billedCost: billed,
    effectiveCost: amount(row, 'effective_cost'),
    // Without the list metric the query does not read cost_at_list (older exports lack it).
    listCost: compiled.listColumn ? amount(row, 'list_cost') : billed,
    currency: text('currency'),
    provider: PROVIDER_NAME,
    subAccountId: text('project_id'),
    subAccountName: text('project_name'),
    serviceName: text('service'),
    serviceCategory: has('service') ? serviceCategoryOf(text('service')) : '',
    skuId: text('sku_id'),
    chargeDescription: text('sku'),
    resourceId: text('resource_global_name'),
    resourceName: text('resource_name'),
    resourceType: text('machine_spec'),
    regionId: text('region'),
    chargeCategory: has('cost_type') ? chargeCategoryOf(text('cost_type')) : '',
    pricingCategory: has('sku') ? pricingCategoryOf(text('sku')) : '',
    consumedQuantity: '',
    consumedUnit: text('usage_unit'),
    tags,
  };
}
