import { mulDivRound } from './idle-cost.js';
import { proposeRightsizing, type GpuLoad } from './rightsizing.js';
import type { GpuUsageSummary } from './types.js';

/** Days in "a month" of savings: the window's savings are scaled by 30 ÷ window days. */
export const DAYS_PER_MONTH = 30;

/** An exact ratio `num / den` (a discount, a price ratio). */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/** Prices seen in the organisation's own billing rows. */
export interface PriceBook {
  /** List price of one instance-hour (pico-units), from ListCost ÷ usage hours; null when never billed. */
  listPerHour(provider: string, instanceType: string): bigint | null;
  /** Spot discount off list seen for this instance type (1 − spot effective ÷ spot list), with the hours it rests on. */
  spotDiscount(provider: string, instanceType: string): { ratio: Ratio; hours: bigint } | null;
  /** The organisation's spot discount over every GPU type it ran on spot (for an estimate). */
  orgSpotDiscount(): { ratio: Ratio; hours: bigint } | null;
}

/** What the advice needs to know about one GPU resource over the window. */
export interface AdviceInput {
  resource: string;
  provider: string;
  instanceType: string | null;
  gpusPerInstance: number | null;
  /** Most instances billed at once (right-sizing is proposed for single instances only). */
  instances: number;
  /** Cost in the window (pico), and the idle part of it. */
  cost: bigint;
  idleCost: bigint;
  idleGpuMs: number;
  episodes: number;
  /** The most GPUs idle at once, and the GPUs of the resource. */
  idleGpus: number;
  gpus: number;
  /** On-demand GPU usage of interruptible work (training, notebooks, batch) in the window. */
  onDemandInterruptible: { cost: bigint; listCost: bigint; hours: bigint };
  /** Resources whose spot or right-sizing advice is one item (the nodes and runs of one program): same key, one line. */
  group: string;
  summaries: GpuUsageSummary[];
}

export type AdviceKind = 'idle' | 'rightsize' | 'spot';

/** One saving, with the evidence it rests on. Amounts in pico-units. */
export interface AdviceItem {
  kind: AdviceKind;
  /** The resource the item is about (the first one of a spot group). */
  resource: string;
  /** Every resource it covers (one, or a spot group's). */
  resources: string[];
  /** Saving over the window, and per month (× 30 ÷ window days). */
  windowSavings: bigint;
  monthlySavings: bigint;
  /** True when a price had to be estimated (not seen in the billing data). */
  estimate: boolean;
  evidence: IdleEvidence | RightsizeEvidence | SpotEvidence;
}

export interface IdleEvidence {
  kind: 'idle';
  /** The most GPUs idle at once, of how many. */
  idleGpus: number;
  gpus: number;
  episodes: number;
  idleGpuHours: number;
  idleCost: bigint;
}

export interface RightsizeEvidence {
  kind: 'rightsize';
  from: string;
  to: string;
  gpusFrom: number;
  gpusTo: number;
  neededGpus: number;
  gpus: GpuLoad[];
  /** The resources' cost in the window; the saving is what the smaller size saves on it beyond the idle waste (the GPU loads are the first resource's). */
  baseCost: bigint;
  idleCost: bigint;
  fromListPerHour: bigint | null;
  toListPerHour: bigint | null;
  /** `billing`: both list prices seen in the billing data; `gpu-ratio`: scaled by GPU count (an estimate). */
  priceFrom: 'billing' | 'gpu-ratio';
}

export interface SpotEvidence {
  kind: 'spot';
  instanceType: string;
  group: string;
  onDemandHours: bigint;
  baseCost: bigint;
  discount: Ratio;
  /** `instance-type`: spot rows of this type in the billing data; `organisation`: all GPU spot rows (an estimate). */
  discountFrom: 'instance-type' | 'organisation';
  discountHours: bigint;
}

/** The advice for a set of resources, largest monthly saving first, with what could not be priced. */
export interface AdviceResult {
  items: AdviceItem[];
  /** Resources with interruptible on-demand work but no spot price anywhere in the billing data. */
  spotUnpriced: string[];
}

const monthly = (window: bigint, days: number) => mulDivRound(window, BigInt(DAYS_PER_MONTH), BigInt(Math.max(1, Math.round(days))));

/**
 * Idle waste, right-sizing and spot, per resource, without counting an hour twice: idle
 * waste first; right-sizing saves `cost × (1 − new price ÷ old price)` minus the idle waste
 * (stopping idle GPUs already saves that part); spot applies to what is left of the
 * interruptible on-demand share. So the items add up. Items of one `group` (the nodes and
 * runs of one program) are one item: spot by group, right-sizing by group and proposed size.
 */
export function computeAdvice(inputs: AdviceInput[], prices: PriceBook, p95Below: number, windowDays: number): AdviceResult {
  const items: AdviceItem[] = [];
  const spotUnpriced: string[] = [];
  const spotGroups = new Map<string, AdviceItem & { evidence: SpotEvidence }>();
  const sizeGroups = new Map<string, AdviceItem & { evidence: RightsizeEvidence }>();
  for (const r of inputs) {
    if (r.idleCost > 0n) {
      items.push({
        kind: 'idle', resource: r.resource, resources: [r.resource], windowSavings: r.idleCost, monthlySavings: 0n, estimate: false,
        evidence: { kind: 'idle', idleGpus: r.idleGpus, gpus: r.gpus, episodes: r.episodes, idleGpuHours: r.idleGpuMs / 3_600_000, idleCost: r.idleCost },
      });
    }
    let rightsized = 0n;
    if (r.instanceType && r.gpusPerInstance && r.instances <= 1 && r.cost > 0n) {
      const p = proposeRightsizing(r.instanceType, r.gpusPerInstance, r.summaries, p95Below);
      if (p) {
        const fromList = prices.listPerHour(r.provider, p.from.type);
        const toList = prices.listPerHour(r.provider, p.to);
        const byBilling = fromList !== null && toList !== null && fromList > 0n;
        const smaller = byBilling
          ? (toList! >= fromList! ? 0n : mulDivRound(r.cost, fromList! - toList!, fromList!))
          : mulDivRound(r.cost, BigInt(r.gpusPerInstance - p.toSize.gpus), BigInt(r.gpusPerInstance));
        rightsized = smaller > r.idleCost ? smaller - r.idleCost : 0n;
        const same = sizeGroups.get(`${r.group}\u0001${p.to}`);
        if (rightsized > 0n && same) {
          same.resources.push(r.resource);
          same.windowSavings += rightsized;
          same.evidence.baseCost += r.cost;
          same.evidence.idleCost += r.idleCost;
        } else if (rightsized > 0n) {
          const item: AdviceItem & { evidence: RightsizeEvidence } = {
            kind: 'rightsize', resource: r.resource, resources: [r.resource], windowSavings: rightsized, monthlySavings: 0n, estimate: !byBilling,
            evidence: {
              kind: 'rightsize', from: p.from.type, to: p.to, gpusFrom: r.gpusPerInstance, gpusTo: p.toSize.gpus, neededGpus: p.neededGpus, gpus: p.gpus,
              baseCost: r.cost, idleCost: r.idleCost, fromListPerHour: fromList, toListPerHour: toList, priceFrom: byBilling ? 'billing' : 'gpu-ratio',
            },
          };
          sizeGroups.set(`${r.group}\u0001${p.to}`, item);
          items.push(item);
        }
      }
    }
    const od = r.onDemandInterruptible;
    if (!r.instanceType || od.cost <= 0n || r.cost <= 0n) continue;
    const own = prices.spotDiscount(r.provider, r.instanceType);
    const found = own ?? prices.orgSpotDiscount();
    if (!found) {
      spotUnpriced.push(r.resource);
      continue;
    }
    // What is left after the idle waste and the right-sizing, in the interruptible share.
    const left = r.cost - r.idleCost - rightsized;
    const base = left > 0n ? mulDivRound(left, od.cost, r.cost) : 0n;
    const saving = mulDivRound(base, found.ratio.num, found.ratio.den);
    if (saving <= 0n) continue;
    const g = spotGroups.get(r.group);
    if (g) {
      g.resources.push(r.resource);
      g.windowSavings += saving;
      g.evidence.onDemandHours += od.hours;
      g.evidence.baseCost += base;
    } else {
      const item = {
        kind: 'spot' as const, resource: r.resource, resources: [r.resource], windowSavings: saving, monthlySavings: 0n, estimate: !own,
        evidence: {
          kind: 'spot' as const, instanceType: r.instanceType, group: r.group, onDemandHours: od.hours, baseCost: base, discount: found.ratio,
          discountFrom: own ? ('instance-type' as const) : ('organisation' as const), discountHours: found.hours,
        },
      };
      spotGroups.set(r.group, item);
      items.push(item);
    }
  }
  for (const item of items) item.monthlySavings = monthly(item.windowSavings, windowDays);
  const order: Record<AdviceKind, number> = { idle: 0, rightsize: 1, spot: 2 };
  items.sort((a, b) => (b.monthlySavings > a.monthlySavings ? 1 : b.monthlySavings < a.monthlySavings ? -1 : order[a.kind] - order[b.kind] || (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0)));
  return { items, spotUnpriced };
}
