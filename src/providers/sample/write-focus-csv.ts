/**
 * Writes CostRecords as a FOCUS 1.0 CSV export: the 43 columns of the FinOps Foundation's
 * sample file (shared/data/focus-1.0-sample.csv), RFC 4180 quoting, Tags as a JSON object,
 * empty cells for nulls, ISO 8601 UTC timestamps. Honours back-pressure.
 */
import type { CostRecord } from '../../core/types.js';
import { BILLING_ACCOUNTS } from './org.js';

/** The header of a FOCUS 1.0 export, in the order of the FinOps Foundation sample. */
export const FOCUS_CSV_COLUMNS = [
  'AvailabilityZone', 'BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingCurrency', 'BillingPeriodEnd',
  'BillingPeriodStart', 'ChargeCategory', 'ChargeClass', 'ChargeDescription', 'ChargeFrequency', 'ChargePeriodEnd',
  'ChargePeriodStart', 'CommitmentDiscountCategory', 'CommitmentDiscountId', 'CommitmentDiscountName',
  'CommitmentDiscountStatus', 'CommitmentDiscountType', 'ConsumedQuantity', 'ConsumedUnit', 'ContractedCost',
  'ContractedUnitPrice', 'EffectiveCost', 'InvoiceIssuerName', 'ListCost', 'ListUnitPrice', 'PricingCategory',
  'PricingQuantity', 'PricingUnit', 'ProviderName', 'PublisherName', 'RegionId', 'RegionName', 'ResourceId',
  'ResourceName', 'ResourceType', 'ServiceCategory', 'Id', 'ServiceName', 'SkuId', 'SkuPriceId', 'SubAccountId',
  'SubAccountName', 'Tags',
] as const;

export interface FocusCsvOptions {
  /** Write the header line (default true). */
  header?: boolean;
  /** Line ending (default "\n", like the FinOps Foundation sample; RFC 4180 readers accept both). */
  eol?: '\n' | '\r\n';
  /** BillingAccountId / BillingAccountName of a record (default: the sample org's, by provider). */
  billingAccount?: (r: CostRecord) => { id: string; name: string };
}

const ISSUERS: Record<string, string> = { AWS: 'Amazon Web Services, Inc.', 'Google Cloud': 'Google LLC', Microsoft: 'Microsoft', Oracle: 'Oracle' };
const REGION_NAMES: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)', 'us-west-2': 'US West (Oregon)', 'us-central1': 'Iowa', 'europe-west4': 'Netherlands',
};
const NEEDS_QUOTES = /[",\r\n]/;
const FLUSH_AT = 1 << 16;

/** RFC 4180: quote a field that holds a quote, comma or line break; double inner quotes. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const defaultBillingAccount = (r: CostRecord) => BILLING_ACCOUNTS[r.provider as keyof typeof BILLING_ACCOUNTS] ?? { id: '', name: '' };

function isEmpty(o: Record<string, string>): boolean {
  for (const _ in o) return false;
  return true;
}

const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

function chargeFrequency(category: string): string {
  if (category === 'Usage') return 'Usage-Based';
  return category === 'Purchase' ? 'Recurring' : 'One-Time';
}

/** Formats records as CSV lines; caches the timestamps that consecutive records share. */
function lineFormatter(options: FocusCsvOptions): (r: CostRecord, id: number) => string {
  const billingAccount = options.billingAccount ?? defaultBillingAccount;
  const eol = options.eol ?? '\n';
  let lastStart = NaN;
  let lastEnd = NaN;
  let start = '';
  let end = '';
  let periodStart = '';
  let periodEnd = '';
  return (r, id) => {
    if (r.chargePeriodStart !== lastStart) {
      lastStart = r.chargePeriodStart;
      start = iso(lastStart);
      const d = new Date(lastStart);
      periodStart = iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
      periodEnd = iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
    }
    if (r.chargePeriodEnd !== lastEnd) {
      lastEnd = r.chargePeriodEnd;
      end = iso(lastEnd);
    }
    const account = billingAccount(r);
    // 'Amazon Web Services, Inc.' has a comma: quoted on its own to keep the fast path below.
    const iss = csvField(ISSUERS[r.provider] ?? r.provider);
    const region = REGION_NAMES[r.regionId] ?? '';
    const committed = r.pricingCategory === 'Committed' && r.chargeCategory === 'Usage';
    // Without negotiated rates, the contracted cost is list, except where a market price was paid.
    const contracted = r.chargeCategory === 'Usage' && r.pricingCategory !== 'Dynamic' ? r.listCost : r.billedCost;
    const tags = isEmpty(r.tags) ? '' : csvField(JSON.stringify(r.tags));
    const fields = [
      account.id, account.name, r.currency, r.chargeCategory, r.chargeDescription, r.consumedQuantity, r.consumedUnit,
      r.pricingCategory, r.provider, r.regionId, region, r.resourceId, r.resourceName, r.resourceType, r.serviceCategory,
      r.serviceName, r.skuId, r.subAccountId, r.subAccountName, r.billedCost, r.effectiveCost, r.listCost, contracted,
    ];
    // Fast path: one scan of all text fields; most rows need no quoting at all.
    const q = NEEDS_QUOTES.test(fields.join('')) ? fields.map(csvField) : fields;
    const [accId, accName, currency, category, description, quantity, unit, pricing, provider, regionId, regionName,
      resourceId, resourceName, resourceType, serviceCategory, serviceName, skuId, subId, subName, billed, eff, listCost, contr] = q;
    return (
      `,${billed},${accId},${accName},${currency},${periodEnd},${periodStart},` +
      `${category},,${description},${chargeFrequency(r.chargeCategory)},${end},${start},` +
      `${committed ? 'Spend' : ''},,,${committed ? 'Used' : ''},,${quantity},${unit},${contr},,${eff},${iss},` +
      `${listCost},,${pricing},${quantity},${unit},${provider},${iss},${regionId},` +
      `${regionName},${resourceId},${resourceName},${resourceType},` +
      `${serviceCategory},${id},${serviceName},${skuId},,${subId},` +
      `${subName},${tags}${eol}`
    );
  };
}

const CLOSED = 'writeFocusCsv: the output stream was closed before every row was written';

/** Resolves on 'drain'; rejects on 'error', on 'close', or at once if the stream is already gone. */
function drained(out: NodeJS.WritableStream): Promise<void> {
  const state = out as { destroyed?: boolean; writableEnded?: boolean };
  if (state.destroyed || state.writableEnded) return Promise.reject(new Error(CLOSED));
  return new Promise((resolve, reject) => {
    const settle = (err?: Error) => {
      out.off('drain', onDrain);
      out.off('error', onError);
      out.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => settle();
    const onError = (err: Error) => settle(err);
    const onClose = () => settle(new Error(CLOSED));
    out.on('drain', onDrain);
    out.on('error', onError);
    out.on('close', onClose);
  });
}

function isAsync(records: Iterable<CostRecord> | AsyncIterable<CostRecord>): records is AsyncIterable<CostRecord> {
  return typeof (records as AsyncIterable<CostRecord>)[Symbol.asyncIterator] === 'function';
}

/**
 * Writes `records` to `out` as a FOCUS 1.0 CSV and resolves with the number of data rows.
 * Output is written in ~64 KB chunks; when `out.write` returns false it waits for 'drain'.
 * Does not end the stream. Rejects if the stream fails or closes before every row is written.
 */
export async function writeFocusCsv(
  out: NodeJS.WritableStream,
  records: Iterable<CostRecord> | AsyncIterable<CostRecord>,
  options: FocusCsvOptions = {},
): Promise<number> {
  const line = lineFormatter(options);
  let buffer = options.header === false ? '' : FOCUS_CSV_COLUMNS.join(',') + (options.eol ?? '\n');
  let rows = 0;
  const flush = async () => {
    const chunk = buffer;
    buffer = '';
    if (!out.write(chunk)) await drained(out);
  };
  if (isAsync(records)) {
    for await (const r of records) {
      buffer += line(r, ++rows);
      if (buffer.length >= FLUSH_AT) await flush();
    }
  } else {
    for (const r of records) {
      buffer += line(r, ++rows);
      if (buffer.length >= FLUSH_AT) await flush();
    }
  }
  if (buffer.length > 0) await flush();
  return rows;
}
