/**
 * A large synthetic FOCUS dataset for benchmarks: exactly `rows` hourly records over a pool
 * of resources (all five teams and twelve models, both clouds, ~10% untagged), ending with
 * the last hour of yesterday. Each record depends only on (resource, hour).
 */
import type { CostRecord } from '../../core/types.js';
import { usageMoney, type SamplePricing } from './build-record.js';
import { MS_PER_DAY, parseDate } from './calendar.js';
import {
  AWS_EGRESS, GCS_STANDARD, S3_STANDARD, ec2, gce, sagemakerHosting, sagemakerStudio, vertexPrediction, type Product,
} from './catalog.js';
import { formatMicros } from './micros.js';
import { AWS_ACCOUNTS, GCP_PROJECTS, MODELS, type SampleAccount } from './org.js';
import { hashString, hexId, mixSeed } from './prng.js';
import { styledTags, type TagStyle } from './sources.js';

export interface LargeFocusOptions {
  /** Exactly this many records (a non-negative integer). */
  rows: number;
  /** `YYYY-MM-DD`: the data ends at today 00:00 UTC. */
  today: string;
  /** Size of the resource pool, i.e. records per period (default 2,000 hourly; rows / 400 daily). */
  resources?: number;
  /**
   * `hourly` (default) or `daily`: one record per resource and UTC day, the shape of a
   * year of daily exports (same-day merging shrinks nothing).
   */
  grain?: 'hourly' | 'daily';
  /**
   * Each tagged resource also carries a `Name` tag with one of this many values (so about
   * this many distinct tag sets); default: none. Daily data defaults to one per resource.
   */
  nameTags?: number;
}

export interface LargeFocusStats {
  rows: number;
  resources: number;
  /** First and last-exclusive charge period instants, ISO. */
  start: string;
  end: string;
}

const MS_PER_HOUR = 3_600_000;

interface PoolResource {
  product: Product;
  account: SampleAccount;
  resourceId: string;
  resourceName: string;
  pricing: SamplePricing;
  tags: Record<string, string>;
  /** Units per hour (instances: 1 hour; storage: GB-months; egress: GB). */
  perHour: number;
  seed: number;
}

const KINDS: { product: Product; perHour: number; gpu: boolean }[] = [
  { product: ec2('p4d.24xlarge', 32.7726), perHour: 1, gpu: true },
  { product: ec2('g5.12xlarge', 5.672), perHour: 1, gpu: true },
  { product: ec2('m6i.4xlarge', 0.768), perHour: 1, gpu: false },
  { product: sagemakerHosting('ml.g5.2xlarge', 1.515), perHour: 1, gpu: true },
  { product: sagemakerStudio('ml.g5.xlarge', 1.408), perHour: 1, gpu: true },
  { product: gce('a3-highgpu-8g', 88.25, 'us-central1', 'NVIDIA H100 80GB'), perHour: 1, gpu: true },
  { product: vertexPrediction('g2-standard-12', 1.15, 'us-central1', 'NVIDIA L4'), perHour: 1, gpu: true },
  { product: S3_STANDARD, perHour: 20_000 / 730, gpu: false },
  { product: GCS_STANDARD, perHour: 15_000 / 730, gpu: false },
  { product: AWS_EGRESS, perHour: 40, gpu: false },
];
const STYLES: TagStyle[] = ['std', 'std', 'legacy', 'console', 'gcp'];

function poolResource(i: number, nameTags: number): PoolResource {
  const kind = KINDS[i % KINDS.length];
  const model = MODELS[Math.floor(i / KINDS.length) % MODELS.length];
  const aws = kind.product.provider === 'AWS';
  const account = aws ? AWS_ACCOUNTS[model.team] : GCP_PROJECTS[model.team];
  const name = `${model.short}-${kind.product.resourceType.toLowerCase()}-${i}`;
  const resourceId = aws ? `i-0${hexId(name, 16)}` : `//compute.googleapis.com/projects/${account.id}/zones/us-central1-a/instances/${name}`;
  const env = (['prod', 'staging', 'dev'] as const)[i % 3];
  // Every tenth resource has no tags at all.
  const extra: Record<string, string> = nameTags > 0 ? { Name: `${model.short}-node-${i % nameTags}` } : {};
  const tags = i % 10 === 7 ? {} : styledTags(aws ? STYLES[i % 4] : 'gcp', { team: model.team, model: model.name, env }, extra);
  const pricing: SamplePricing = kind.gpu && i % 6 === 0 ? 'Dynamic' : !kind.gpu && kind.perHour === 1 && i % 4 === 0 ? 'Committed' : 'Standard';
  return { product: kind.product, account, resourceId, resourceName: name, pricing, tags, perHour: kind.perHour, seed: hashString(name) };
}

function checkOptions(opts: LargeFocusOptions): { endMs: number; pool: number; period: number; nameTags: number } {
  const today = parseDate(opts.today);
  if (today === null) throw new RangeError(`generateLargeFocus: today must be a date YYYY-MM-DD, got ${JSON.stringify(opts.today)}`);
  if (!Number.isSafeInteger(opts.rows) || opts.rows < 0) throw new RangeError(`generateLargeFocus: rows must be a non-negative integer, got ${opts.rows}`);
  const daily = opts.grain === 'daily';
  const pool = opts.resources ?? (daily ? Math.max(1000, Math.ceil(opts.rows / 400)) : 2000);
  if (!Number.isSafeInteger(pool) || pool < 1 || pool > 1_000_000) throw new RangeError(`generateLargeFocus: resources must be an integer from 1 to 1000000, got ${pool}`);
  const nameTags = opts.nameTags ?? (daily ? pool : 0);
  if (!Number.isSafeInteger(nameTags) || nameTags < 0) throw new RangeError(`generateLargeFocus: nameTags must be a non-negative integer, got ${nameTags}`);
  return { endMs: today * MS_PER_DAY, pool, period: daily ? MS_PER_DAY : MS_PER_HOUR, nameTags };
}

/**
 * The records one by one, oldest hour first: every hour holds one record per resource,
 * except the oldest, which holds only as many as needed to make exactly `rows`.
 * @throws RangeError on a malformed option (when iteration starts).
 */
export function* largeFocusRecords(opts: LargeFocusOptions): Generator<CostRecord, LargeFocusStats> {
  const { endMs, pool, period, nameTags } = checkOptions(opts);
  const hours = Math.ceil(opts.rows / pool);
  const startMs = endMs - hours * period;
  const perPeriod = period / MS_PER_HOUR;
  const resources = Array.from({ length: Math.min(pool, opts.rows) }, (_, i) => poolResource(i, nameTags));
  // The oldest hour is the partial one, so the newest (yesterday 23:00) is always complete.
  const scratch = { list: 0, billed: 0, effective: 0 };
  const firstHourCount = opts.rows - (hours - 1) * pool;
  for (let h = 0; h < hours; h++) {
    const hourStart = startMs + h * period;
    const hourKey = hourStart / period;
    const count = h === 0 ? firstHourCount : pool;
    for (let i = 0; i < count; i++) {
      const res = resources[i];
      // ±15% hourly noise on metered usage; instance hours are whole hours.
      const noise = res.perHour === 1 ? 1 : 0.85 + 0.3 * (mixSeed(hourKey, res.seed) / 4294967296);
      const quantityMicros = Math.round(res.perHour * perPeriod * noise * 1_000_000);
      const money = usageMoney(Math.floor(hourStart / MS_PER_DAY), res.product, res.pricing, quantityMicros, scratch);
      const p = res.product;
      yield {
        chargePeriodStart: hourStart,
        chargePeriodEnd: hourStart + period,
        billedCost: formatMicros(money.billed),
        effectiveCost: formatMicros(money.effective),
        listCost: formatMicros(money.list),
        currency: 'USD',
        provider: p.provider,
        subAccountId: res.account.id,
        subAccountName: res.account.name,
        serviceName: p.serviceName,
        serviceCategory: p.serviceCategory,
        skuId: p.skuId,
        chargeDescription: p.chargeDescription,
        resourceId: res.resourceId,
        resourceName: res.resourceName,
        resourceType: p.resourceType,
        regionId: p.regionId,
        chargeCategory: 'Usage',
        pricingCategory: res.pricing,
        consumedQuantity: formatMicros(quantityMicros),
        consumedUnit: p.unit,
        tags: { ...res.tags },
      };
    }
  }
  return {
    rows: opts.rows,
    resources: resources.length,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
  };
}

/**
 * Calls `onRecord` for exactly `opts.rows` hourly records ending at today 00:00 UTC.
 * @throws RangeError on a malformed option.
 */
export function generateLargeFocus(opts: LargeFocusOptions, onRecord: (r: CostRecord) => void): LargeFocusStats {
  const it = largeFocusRecords(opts);
  for (;;) {
    const next = it.next();
    if (next.done) return next.value;
    onRecord(next.value);
  }
}
