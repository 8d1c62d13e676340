import { buildAllocator, normalizeTags, withBuiltins, type Allocator } from '../../core/allocation/build-allocator.js';
import { identifyInstance, type InstanceIdentity } from '../../core/gpu/identify-instance.js';
import { mulDivRound, type CostPeriod } from '../../core/gpu/idle-cost.js';
import { pricingKind } from '../../core/gpu/pricing-kind.js';
import type { PricingKind, TimeRange } from '../../core/gpu/types.js';
import { joinSplit, parsePico, splitDecimalFast, splitPico, type SplitAmount } from '../../core/money.js';
import type { AllocationConfig, CostRecord } from '../../core/types.js';
import type { GpuCostLine, GpuCostResult, GpuCostSource, GpuResourceCost, PriceObservation } from './gpu-cost-source.js';

const HOUR_UNITS = /^(hours?|hrs?|h|instance[- ]?hours?|node[- ]?hours?)$/i;
const PICO_PER_HOUR_MS = 3_600_000n;

interface ResourceInfo {
  name: string;
  provider: string;
  service: string;
  region: string;
  account: string;
}

interface Row {
  resource: number;
  start: number;
  end: number;
  cost: bigint;
  list: bigint;
  hours: bigint;
  line: number;
  pricing: PricingKind;
  instance: number;
}

/** Kept rows, column by column (plain number arrays: no object per row until a query asks). */
class RowColumns {
  resource: number[] = [];
  start: number[] = [];
  end: number[] = [];
  costHi: number[] = [];
  costLo: number[] = [];
  listHi: number[] = [];
  listLo: number[] = [];
  hoursHi: number[] = [];
  hoursLo: number[] = [];
  line: number[] = [];
  pricing: number[] = [];
  instance: number[] = [];

  row(i: number): Row {
    return {
      resource: this.resource[i]!, start: this.start[i]!, end: this.end[i]!,
      cost: joinSplit(this.costHi[i]!, this.costLo[i]!), list: joinSplit(this.listHi[i]!, this.listLo[i]!), hours: joinSplit(this.hoursHi[i]!, this.hoursLo[i]!),
      line: this.line[i]!, pricing: PRICING_KINDS[this.pricing[i]!]!, instance: this.instance[i]!,
    };
  }
}

const PRICING_KINDS: PricingKind[] = ['on-demand', 'spot', 'committed', 'other'];
const ZERO: SplitAmount = { hi: 0, lo: 0 };

/** Decimal text in the engine's exact split form; null when it is not a usable amount. */
function split(text: string): SplitAmount | null {
  if (!text) return ZERO;
  const fast = splitDecimalFast(text);
  if (fast) return fast;
  const pico = parsePico(text);
  if (pico === null) return null;
  try {
    return splitPico(pico);
  } catch {
    return null;
  }
}

interface LineKey {
  team: string;
  model: string;
  experiment: string;
  workload: string;
  env: string;
  accelerator: string;
}

/**
 * The GPU cost port over loaded billing records: fed one record at a time (`add`, a
 * RecordSink, e.g. through `teeProvider` while the engine loads), it keeps the usage rows
 * of GPU resources, of inference and of runs (experiments), allocated by the same
 * allocation layer as every answer (the owner is the resource's `team`). Everything else
 * passes by untouched. Memory: one small row per kept record.
 */
export class GpuCostIndex implements GpuCostSource {
  private readonly allocator: Allocator;
  private readonly dim: Record<'team' | 'model' | 'experiment' | 'workload' | 'env' | 'accelerator', number>;
  /** Allocation memo: nested maps keyed by the account, each rule field's value, then the tags dimensions read. */
  private readonly memo = new Map<string, unknown>();
  private memoSize = 0;
  private readonly tagKeyCache = new Map<string, boolean>();
  private readonly pricingMemo = new Map<string, number>();
  private readonly unitMemo = new Map<string, boolean>();
  private readonly instanceMemo = new Map<string, Map<string, Map<string, number>>>();
  private readonly instances: InstanceIdentity[] = [];
  private readonly lineKeys: LineKey[] = [];
  private readonly lineCodes = new Map<string, number>();
  private readonly resourceCodes = new Map<string, number>();
  private readonly resources: { id: string; info: ResourceInfo }[] = [];
  private readonly rows = new RowColumns();
  private readonly otherCurrency = new Map<string, number>();
  private rejected = 0;
  /** Tag keys (trimmed, lower case) any dimension reads: the only tags the allocation depends on. */
  private readonly tagKeys: Set<string>;
  private readonly ruleGetters: ((rec: CostRecord) => unknown)[];

  constructor(
    allocation: AllocationConfig,
    private readonly currency: string,
  ) {
    this.allocator = buildAllocator(allocation);
    this.tagKeys = new Set(Object.values(withBuiltins(allocation.dimensions)).flatMap((d) => (d.tags ?? []).map((t) => t.trim().toLowerCase())));
    this.ruleGetters = this.allocator.ruleFields.map((f) => (rec: CostRecord) => rec[f]);
    const at = (name: string) => this.allocator.dimensions.indexOf(name);
    this.dim = { team: at('team'), model: at('model'), experiment: at('experiment'), workload: at('workload'), env: at('env'), accelerator: at('accelerator') };
  }

  /** Records kept so far. */
  get size(): number {
    return this.rows.line.length;
  }

  /** Takes one billing record (usable as a RecordSink). */
  add = (rec: CostRecord): void => {
    if (rec.chargeCategory !== 'Usage' || !rec.resourceId) return;
    const line = this.lineOf(rec);
    if (line < 0) return;
    const cost = split(rec.effectiveCost);
    const list = split(rec.listCost);
    if (cost === null || list === null || !Number.isFinite(rec.chargePeriodStart)) {
      this.rejected++;
      return;
    }
    if (rec.currency !== this.currency && (rec.currency || this.currency).trim().toUpperCase() !== this.currency) {
      const cur = rec.currency.trim().toUpperCase();
      this.otherCurrency.set(cur, (this.otherCurrency.get(cur) ?? 0) + 1);
      return;
    }
    const instance = this.instanceOf(rec);
    let hours = ZERO;
    if (this.instances[instance]!.instanceType && this.isHours(rec.consumedUnit)) hours = split(rec.consumedQuantity) ?? ZERO;
    const end = Number.isFinite(rec.chargePeriodEnd) && rec.chargePeriodEnd > rec.chargePeriodStart ? rec.chargePeriodEnd : rec.chargePeriodStart + 3_600_000;
    const c = this.rows;
    c.resource.push(this.resourceOf(rec));
    c.start.push(rec.chargePeriodStart);
    c.end.push(end);
    c.costHi.push(cost.hi);
    c.costLo.push(cost.lo);
    c.listHi.push(list.hi);
    c.listLo.push(list.lo);
    c.hoursHi.push(hours.hi);
    c.hoursLo.push(hours.lo);
    c.line.push(line);
    c.pricing.push(this.pricingOf(rec.pricingCategory));
    c.instance.push(instance);
  };

  private isHours(unit: string): boolean {
    let v = this.unitMemo.get(unit);
    if (v === undefined) this.unitMemo.set(unit, (v = HOUR_UNITS.test(unit.trim())));
    return v;
  }

  private pricingOf(category: string): number {
    let v = this.pricingMemo.get(category);
    if (v === undefined) this.pricingMemo.set(category, (v = PRICING_KINDS.indexOf(pricingKind(category))));
    return v;
  }

  private lineOf(rec: CostRecord): number {
    // The allocation depends on the account, the fields rules read and the tags dimensions
    // read: memoised on those, map by map (no key string built per record).
    let m = this.memo;
    let next = m.get(rec.subAccountId) as Map<string, unknown> | undefined;
    if (!next) m.set(rec.subAccountId, (next = new Map()));
    m = next;
    for (const get of this.ruleGetters) {
      const v = String(get(rec) ?? '');
      next = m.get(v) as Map<string, unknown> | undefined;
      if (!next) m.set(v, (next = new Map()));
      m = next;
    }
    let tagPart = '';
    for (const k in rec.tags) {
      let relevant = this.tagKeyCache.get(k);
      if (relevant === undefined) this.tagKeyCache.set(k, (relevant = this.tagKeys.has(k.trim().toLowerCase())));
      if (relevant) tagPart += `${k}\u0003${rec.tags[k]}\u0002`;
    }
    const hit = m.get(tagPart) as number | undefined;
    if (hit !== undefined) return hit;
    const code = this.allocateLine(rec);
    m.set(tagPart, code);
    this.memoSize++;
    return code;
  }

  private allocateLine(rec: CostRecord): number {
    const values = this.allocator.allocate(rec, normalizeTags(rec.tags));
    const v = (i: number) => (i >= 0 ? values[i]! : '');
    const k: LineKey = { team: v(this.dim.team), model: v(this.dim.model), experiment: v(this.dim.experiment), workload: v(this.dim.workload), env: v(this.dim.env), accelerator: v(this.dim.accelerator) };
    const unallocated = this.allocator.unallocated;
    if (!(k.accelerator === 'gpu' || k.workload === 'inference' || (k.experiment !== '' && k.experiment !== unallocated))) return -1;
    const text = JSON.stringify(k);
    let code = this.lineCodes.get(text);
    if (code === undefined) {
      code = this.lineKeys.push(k) - 1;
      this.lineCodes.set(text, code);
    }
    return code;
  }

  private instanceOf(rec: CostRecord): number {
    let bySku = this.instanceMemo.get(rec.chargeDescription);
    if (!bySku) this.instanceMemo.set(rec.chargeDescription, (bySku = new Map()));
    let byType = bySku.get(rec.skuId);
    if (!byType) bySku.set(rec.skuId, (byType = new Map()));
    let code = byType.get(rec.resourceType);
    if (code === undefined) byType.set(rec.resourceType, (code = this.instances.push(identifyInstance(rec)) - 1));
    return code;
  }

  private resourceOf(rec: CostRecord): number {
    let code = this.resourceCodes.get(rec.resourceId);
    if (code === undefined) {
      code = this.resources.push({ id: rec.resourceId, info: { name: rec.resourceName, provider: rec.provider, service: rec.serviceName, region: rec.regionId, account: rec.subAccountId } }) - 1;
      this.resourceCodes.set(rec.resourceId, code);
    }
    return code;
  }

  async gpuCosts(range: TimeRange): Promise<GpuCostResult> {
    const byResource = new Map<number, Row[]>();
    let billedUntil: number | null = null;
    const c = this.rows;
    for (let i = 0; i < c.line.length; i++) {
      const end = c.end[i]!;
      if ((billedUntil === null || end > billedUntil) && this.lineKeys[c.line[i]!]!.accelerator === 'gpu') billedUntil = end;
      if (end <= range.start || c.start[i]! >= range.end) continue;
      const r = c.row(i);
      const list = byResource.get(r.resource);
      if (list) list.push(r);
      else byResource.set(r.resource, [r]);
    }
    const resources = [...byResource].map(([code, rows]) => this.summarise(code, rows, range));
    resources.sort((a, b) => (b.cost > a.cost ? 1 : b.cost < a.cost ? -1 : a.resource < b.resource ? -1 : 1));
    const notes: string[] = [];
    for (const [cur, n] of this.otherCurrency) notes.push(`${n} GPU billing row${n === 1 ? ' is' : 's are'} in ${cur}, not ${this.currency}: not in any figure.`);
    if (this.rejected) notes.push(`${this.rejected} GPU billing row${this.rejected === 1 ? '' : 's'} could not be read (cost or period): not in any figure.`);
    return { currency: this.currency, resources, billedUntil, notes };
  }

  async prices(range: TimeRange): Promise<PriceObservation[]> {
    const out = new Map<string, PriceObservation>();
    const c = this.rows;
    for (let i = 0; i < c.line.length; i++) {
      if (c.end[i]! <= range.start || c.start[i]! >= range.end || (c.hoursHi[i]! <= 0 && c.hoursLo[i]! <= 0)) continue;
      const r = c.row(i);
      const inst = this.instances[r.instance]!;
      if (!inst.instanceType || this.lineKeys[r.line]!.accelerator !== 'gpu') continue;
      const provider = this.resources[r.resource]!.info.provider;
      const key = `${provider}\u0001${inst.instanceType}\u0001${r.pricing}`;
      const o = out.get(key) ?? { provider, instanceType: inst.instanceType, pricing: r.pricing, cost: 0n, listCost: 0n, hours: 0n };
      o.cost += r.cost;
      o.listCost += r.list;
      o.hours += r.hours;
      out.set(key, o);
    }
    return [...out.values()];
  }

  private summarise(code: number, rows: Row[], range: TimeRange): GpuResourceCost {
    const { id, info } = this.resources[code]!;
    const lines = new Map<string, GpuCostLine>();
    const periods = new Map<string, CostPeriod>();
    let cost = 0n;
    let listCost = 0n;
    let hours = 0n;
    let isGpu = false;
    const identity = new Map<number, bigint>();
    for (const r of rows) {
      // A period that straddles the range counts for the part inside it.
      const inside = Math.min(range.end, r.end) - Math.max(range.start, r.start);
      const whole = r.end - r.start;
      const part = (v: bigint) => (inside >= whole ? v : mulDivRound(v, BigInt(inside), BigInt(whole)));
      const c = part(r.cost);
      const l = part(r.list);
      const h = part(r.hours);
      const k = this.lineKeys[r.line]!;
      const inst = this.instances[r.instance]!;
      isGpu ||= k.accelerator === 'gpu';
      const lineKey = `${r.line}\u0001${r.pricing}\u0001${r.instance}`;
      let line = lines.get(lineKey);
      if (!line) lines.set(lineKey, (line = { ...k, pricing: r.pricing, instanceType: inst.instanceType, cost: 0n, listCost: 0n, hours: 0n, first: Infinity, last: -Infinity }));
      line.cost += c;
      line.listCost += l;
      line.hours += h;
      line.first = Math.min(line.first, Math.max(r.start, range.start));
      line.last = Math.max(line.last, Math.min(r.end, range.end));
      const pk = `${r.start}\u0001${r.end}`;
      const p = periods.get(pk) ?? { start: r.start, end: r.end, cost: 0n, hours: 0n };
      p.cost += r.cost;
      p.hours += r.hours;
      periods.set(pk, p);
      cost += c;
      listCost += l;
      hours += h;
      if (k.accelerator === 'gpu' && inst.instanceType) identity.set(r.instance, (identity.get(r.instance) ?? 0n) + r.cost);
    }
    // The instance type that carries most of the GPU cost describes the resource.
    const main = [...identity].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0))[0];
    const inst = main ? this.instances[main[0]]! : null;
    const sortedLines = [...lines.values()].sort((a, b) => (b.cost > a.cost ? 1 : b.cost < a.cost ? -1 : 0));
    const top = sortedLines[0];
    const sortedPeriods = [...periods.values()].sort((a, b) => a.start - b.start || a.end - b.end);
    let instances = 1;
    for (const p of sortedPeriods) {
      const span = BigInt(p.end - p.start) * 1_000_000_000_000n;
      if (p.hours > 0n && span > 0n) instances = Math.max(instances, Number((p.hours * PICO_PER_HOUR_MS + span - 1n) / span));
    }
    return {
      resource: id,
      ...info,
      isGpu,
      instanceType: inst?.instanceType ?? null,
      gpusPerInstance: inst?.gpusPerInstance ?? null,
      gpuCountFrom: inst?.gpuCountFrom ?? null,
      gpuModel: inst?.gpuModel ?? null,
      instances,
      team: top?.team ?? '',
      model: top?.model ?? '',
      workload: top?.workload ?? '',
      cost,
      listCost,
      hours,
      lines: sortedLines,
      periods: sortedPeriods,
    };
  }
}
