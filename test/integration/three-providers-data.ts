/**
 * Equivalent cost data for the three providers: the same CostRecords served by the Cost
 * Explorer fake, the BigQuery fake (as billing-export rows) and written as FOCUS CSV.
 *
 * Each source's records stay within what its push-down provider reads exactly (see the
 * providers' READMEs), so a FOCUS export of the same records must give the same answers:
 * - AWS: Cost Explorer has no ServiceCategory, ResourceId/Name/Type, SubAccountName or
 *   ConsumedUnit, and reads both SkuId and ChargeDescription from USAGE_TYPE. The AWS
 *   records leave those fields empty and set SkuId = ChargeDescription = the usage type,
 *   which is exactly what a FOCUS export holds of what Cost Explorer can see. One tag
 *   spelling per key and record (two spellings with different values is a documented
 *   approximation).
 * - Google Cloud: ServiceCategory, PricingCategory and ChargeCategory are what the
 *   provider derives from the service, SKU text and cost_type; ResourceType is the
 *   machine_spec system label; amounts have at most 9 decimals (BigQuery NUMERIC).
 *   `costRecordToBillingRow` is checked to round-trip through the fake engine's
 *   `billingRowToCostRecord`.
 */
import { formatNano, toNano, type BillingExportRow } from '../fakes/bigquery-fake-engine.js';
import { addDays } from '../../src/core/dates.js';
import type { CostRecord } from '../../src/core/types.js';
import { serviceCategoryOf } from '../../src/providers/gcp-bigquery/to-cost-record.js';

export const FIRST_DAY = '2026-10-20';
/** Exclusive: the clock of the tests is 2026-11-26T12:00Z, the data ends yesterday. */
export const END_DAY = '2026-11-26';

/** mulberry32: a small deterministic PRNG, so the data is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An amount around `base` with 9 decimals, as canonical NUMERIC text. */
function amount(rand: () => number, base: number): string {
  return formatNano(BigInt(Math.round(base * (0.5 + rand()) * 1e9)));
}

function days(): string[] {
  const out: string[] = [];
  for (let d = FIRST_DAY; d < END_DAY; d = addDays(d, 1)) out.push(d);
  return out;
}

const midnight = (day: string) => Date.parse(`${day}T00:00:00Z`);

function base(day: string): Pick<CostRecord, 'chargePeriodStart' | 'chargePeriodEnd' | 'currency'> {
  return { chargePeriodStart: midnight(day), chargePeriodEnd: midnight(addDays(day, 1)), currency: 'USD' };
}

interface AwsLine {
  service: string;
  usageType: string;
  account: string;
  tags: Record<string, string>;
  base: number;
  charge?: 'Usage' | 'Tax';
  pricing?: 'Standard' | 'Dynamic';
  /** Amortized discount share (EffectiveCost < BilledCost). */
  discount?: number;
  /** Only on days where this holds (day index). */
  on?: (i: number) => boolean;
}

const AWS_LINES: AwsLine[] = [
  { service: 'Amazon SageMaker', usageType: 'USE1-ml.p4d.24xlarge-Training', account: '111111111111', tags: { team: 'nlp', model: 'llama-70b', env: 'prod' }, base: 1800, discount: 0.2 },
  { service: 'Amazon Elastic Compute Cloud - Compute', usageType: 'USE1-BoxUsage:g5.12xlarge', account: '111111111111', tags: { team: 'NLP', model: 'llama-70b', environment: 'production' }, base: 420 },
  { service: 'Amazon Elastic Compute Cloud - Compute', usageType: 'USE1-SpotUsage:p5.48xlarge', account: '111111111111', tags: { Team: 'vision', model_name: 'sdxl', env: 'dev' }, base: 900, pricing: 'Dynamic', on: (i) => i % 7 < 5 },
  { service: 'Amazon Elastic Compute Cloud - Compute', usageType: 'USE1-BoxUsage:g6.xlarge', account: '333333333333', tags: { owner: 'research', model: 'mistral-7b', env: 'prd' }, base: 150 },
  // Tagged with its workload: \`by workload\` also fetches the unallocated dimension (team), and with
  // two keys Cost Explorer's two GroupBy fields leave workload's rules only USAGE_TYPE, not
  // SERVICE (a documented approximation, with a note): untagged S3 would show as \`other\`.
  { service: 'Amazon Simple Storage Service', usageType: 'USE1-TimedStorage-ByteHrs', account: '222222222222', tags: { env: 'prod', workload: 'storage' }, base: 95 },
  { service: 'Amazon Elastic Compute Cloud - Compute', usageType: 'USE1-BoxUsage:g5.2xlarge', account: '222222222222', tags: { model: 'llama-70b', env: 'dev' }, base: 80 },
  { service: 'Amazon Elastic Compute Cloud - Compute', usageType: 'USE1-DataTransfer-Out-Bytes', account: '333333333333', tags: {}, base: 60 },
  { service: 'Amazon SageMaker', usageType: 'USE1-Notebook:ml.t3.medium', account: '111111111111', tags: { team: 'nlp' }, base: 12 },
  { service: 'AWS Support (Business)', usageType: 'Dollar', account: '111111111111', tags: {}, base: 110 },
  { service: 'Amazon Elastic Compute Cloud - Compute', usageType: 'Tax', account: '111111111111', tags: {}, base: 70, charge: 'Tax' },
];

/** AWS costs, as a FOCUS export of them would hold what Cost Explorer can see. */
export function awsRecords(): CostRecord[] {
  const rand = prng(1);
  const out: CostRecord[] = [];
  days().forEach((day, i) => {
    for (const l of AWS_LINES) {
      if (l.on && !l.on(i)) continue;
      const billed = amount(rand, l.base);
      const effective = l.discount ? formatNano((toNano(billed) * BigInt(Math.round((1 - l.discount) * 1000))) / 1000n) : billed;
      out.push({
        ...base(day), billedCost: billed, effectiveCost: effective, listCost: billed, provider: 'AWS',
        subAccountId: l.account, subAccountName: '', serviceName: l.service, serviceCategory: '',
        skuId: l.usageType, chargeDescription: l.usageType, resourceId: '', resourceName: '', resourceType: '',
        regionId: 'us-east-1', chargeCategory: l.charge ?? 'Usage', pricingCategory: l.pricing ?? 'Standard',
        consumedQuantity: '', consumedUnit: '', tags: { ...l.tags },
      });
    }
  });
  return out;
}

interface GcpLine {
  service: string;
  skuId: string;
  sku: string;
  project: string;
  labels: Record<string, string>;
  base: number;
  costType?: 'regular' | 'tax';
  machine?: string;
  resource?: string;
  credit?: number;
  on?: (i: number) => boolean;
}

const GCP_LINES: GcpLine[] = [
  { service: 'Vertex AI', skuId: '8AF3-11D0-4C2E', sku: 'Vertex AI: Training on A2 highgpu', project: 'ml-vision-prod', labels: { team: 'vision', model: 'sdxl', env: 'prod' }, base: 1300, machine: 'a2-highgpu-8g', resource: 'sdxl-train-17', credit: 0.3 },
  { service: 'Compute Engine', skuId: '2C6B-C4D1-1F07', sku: 'Nvidia L4 GPU running in Americas', project: 'ml-nlp-prod', labels: { team: 'nlp', model: 'llama-70b', environment: 'prd' }, base: 380, machine: 'g2-standard-8', resource: 'llama-serve-3' },
  { service: 'Compute Engine', skuId: '6B8F-E63D-832B', sku: 'Spot Preemptible N2 Instance Core running in Americas', project: 'ml-research', labels: { team: 'research', model: 'mistral-7b', env: 'dev' }, base: 140, machine: 'n2-standard-16', resource: 'mistral-ft-1', on: (i) => i % 2 === 0 },
  { service: 'Compute Engine', skuId: '2C6B-C4D1-1F07', sku: 'Nvidia L4 GPU running in Americas', project: 'ml-platform-prod', labels: { model: 'llama-70b', env: 'dev' }, base: 70, machine: 'g2-standard-4', resource: 'llama-eval-1' },
  { service: 'Cloud Storage', skuId: 'E5F0-6A5D-7BAD', sku: 'Standard Storage US Multi-region', project: 'ml-platform-prod', labels: {}, base: 75 },
  { service: 'Compute Engine', skuId: '9431-8C20-2D5E', sku: 'N2 Instance Core running in Americas', project: 'ml-sandbox', labels: {}, base: 40, machine: 'n2-standard-4', resource: 'jupyter-box' },
  { service: 'Support', skuId: '2062-016F-44A2', sku: 'Enhanced Support', project: 'billing-admin', labels: {}, base: 55 },
  { service: 'Invoice', skuId: '0000-0000-0001', sku: 'Tax', project: 'billing-admin', labels: {}, base: 35, costType: 'tax' },
];

const CHARGE = { regular: 'Usage', tax: 'Tax' } as const;
const COST_TYPE: Record<string, string> = { Usage: 'regular', Tax: 'tax', Adjustment: 'adjustment' };

/** Google Cloud costs, one record per day and SKU, as the FOCUS view of the billing export holds them. */
export function gcpRecords(): CostRecord[] {
  const rand = prng(2);
  const out: CostRecord[] = [];
  days().forEach((day, i) => {
    for (const l of GCP_LINES) {
      if (l.on && !l.on(i)) continue;
      const billed = amount(rand, l.base);
      const effective = l.credit ? formatNano(toNano(billed) - (toNano(billed) * BigInt(Math.round(l.credit * 1000))) / 1000n) : billed;
      out.push({
        ...base(day), billedCost: billed, effectiveCost: effective, listCost: billed, provider: 'Google Cloud',
        subAccountId: l.project, subAccountName: l.project.toUpperCase(), serviceName: l.service, serviceCategory: serviceCategoryOf(l.service),
        skuId: l.skuId, chargeDescription: l.sku, resourceId: l.resource ? `//compute.googleapis.com/projects/${l.project}/zones/us-central1-a/instances/${l.resource}` : '',
        resourceName: l.resource ?? '', resourceType: l.machine ?? '', regionId: 'us-central1', chargeCategory: CHARGE[l.costType ?? 'regular'],
        pricingCategory: /\b(spot|preemptible)\b/i.test(l.sku) ? 'Dynamic' : 'Standard', consumedQuantity: '24', consumedUnit: 'hour', tags: { ...l.labels },
      });
    }
  });
  return out;
}

/** A Google Cloud CostRecord as the billing-export row it summarises (credits carry EffectiveCost − BilledCost). */
export function costRecordToBillingRow(r: CostRecord): BillingExportRow {
  const day = new Date(r.chargePeriodStart).toISOString().slice(0, 10);
  const credit = toNano(r.effectiveCost) - toNano(r.billedCost);
  return {
    billing_account_id: '01A2B3-C4D5E6-F7A8B9',
    service: { id: `svc-${r.serviceName.length}`, description: r.serviceName },
    sku: { id: r.skuId, description: r.chargeDescription },
    usage_start_time: `${day}T00:00:00Z`,
    usage_end_time: `${addDays(day, 1)}T00:00:00Z`,
    project: { id: r.subAccountId, number: '123456789012', name: r.subAccountName },
    labels: Object.entries(r.tags).map(([key, value]) => ({ key, value })),
    system_labels: r.resourceType ? [{ key: 'compute.googleapis.com/machine_spec', value: r.resourceType }] : [],
    location: { location: 'us-central1', country: 'US', region: r.regionId, zone: null },
    resource: { name: r.resourceName || null, global_name: r.resourceId || null },
    // Exported a few hours after the day ends: the row lives in the next day's partition.
    export_time: `${addDays(day, 1)}T04:00:00Z`,
    cost: r.billedCost,
    currency: r.currency,
    cost_at_list: r.listCost,
    usage: { amount: Number(r.consumedQuantity), unit: r.consumedUnit },
    credits: credit === 0n ? [] : [{ name: 'Committed use discount: GPU', amount: formatNano(credit), id: 'cud-1', type: 'COMMITTED_USAGE_DISCOUNT' }],
    invoice: { month: day.slice(0, 7).replace('-', '') },
    cost_type: COST_TYPE[r.chargeCategory] ?? r.chargeCategory,
  };
}

/** Costs that only a FOCUS export holds (Azure here): resource ids and categories included. */
export function otherRecords(): CostRecord[] {
  const rand = prng(3);
  const out: CostRecord[] = [];
  for (const day of days()) {
    out.push({
      ...base(day), billedCost: amount(rand, 640), effectiveCost: '', listCost: '', provider: 'Microsoft',
      subAccountId: 'a1b2c3d4-0000-4000-8000-000000000001', subAccountName: 'ml-prod', serviceName: 'Azure Machine Learning',
      serviceCategory: 'AI and Machine Learning', skuId: 'DZH318Z0BQ4L', chargeDescription: 'Standard_ND96asr_v4 Training job',
      resourceId: '/subscriptions/a1b2/resourceGroups/ml/providers/Microsoft.MachineLearningServices/workspaces/nlp', resourceName: 'nlp',
      resourceType: 'Standard_ND96asr_v4', regionId: 'westeurope', chargeCategory: 'Usage', pricingCategory: 'Standard',
      consumedQuantity: '24', consumedUnit: 'Hours', tags: { team: 'nlp', model: 'llama-70b', env: 'prod' },
    });
    out.push({
      ...base(day), billedCost: amount(rand, 30), effectiveCost: '', listCost: '', provider: 'Microsoft',
      subAccountId: 'a1b2c3d4-0000-4000-8000-000000000002', subAccountName: 'shared', serviceName: 'Storage',
      serviceCategory: 'Storage', skuId: 'DZH318Z0BNVX', chargeDescription: 'Hot LRS Data Stored',
      resourceId: '/subscriptions/a1b2/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/lake', resourceName: 'lake',
      resourceType: 'Storage account', regionId: 'westeurope', chargeCategory: 'Usage', pricingCategory: 'Standard',
      consumedQuantity: '1200', consumedUnit: 'GB/Month', tags: {},
    });
  }
  return out.map((r) => ({ ...r, effectiveCost: r.billedCost, listCost: r.billedCost }));
}
