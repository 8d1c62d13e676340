/**
 * GPU utilisation of Acme ML, consistent with its billing rows: the same DaySources emit
 * the day's usage rows, and each GPU row becomes per-GPU utilisation for exactly the hours
 * it billed, on as many GPUs as its instance type has. Deterministic: the values of a day
 * depend on (day, resource, GPU) only. The stories (README.md, "GPU utilisation"):
 * busy training, bursty inference, a dev box left on over the weekend (`jdoe-llm-test-0`),
 * a notebook left on overnight (`studio-nlp-bruno`, Tuesday → Wednesday), 3 of 8 GPUs
 * unused (`llama-70b-staging-0`), one GPU of four used (`nlp-eval-g5`), forgotten GPUs.
 */
import { identifyInstance, type InstanceIdentity } from '../../core/gpu/identify-instance.js';
import type { Product } from './catalog.js';
import type { UsageRow } from './build-record.js';
import type { DayInfo } from './calendar.js';
import { GPU_UTILIZATION_TAG } from './org.js';
import { between, hashString, rngFor, type Rng } from './prng.js';
import type { DaySource } from './sources.js';

export type GpuProfile = 'training' | 'inference' | 'notebook' | 'notebook-overnight' | 'forgotten' | 'dev-box' | 'pool';

/** One resource's GPUs on one day, as its billing row says. */
export interface SampleGpuDay {
  resourceId: string;
  resourceName: string;
  model: string | null;
  instanceType: string;
  gpuModel: string | null;
  gpusPerInstance: number;
  instances: number;
  /** Hours of the day each instance ran: `[from, to)`. */
  from: number;
  to: number;
  profile: GpuProfile;
  /** The row's `gpu-utilization` tag (the day's average), when it has one. */
  tagUtil: number | null;
  /** GPUs (index within the instance) that sit unused while the others work. */
  unused: number[];
}

const NOTEBOOK_TYPES = new Set(['NotebookApp', 'Notebook']);
/** A product's instance type and GPU count, looked up once. */
const IDENTITY = new WeakMap<Product, InstanceIdentity>();
const OVERNIGHT_NOTEBOOK = 'studio-nlp-bruno';
const TUESDAY = 2;
const WEDNESDAY = 3;

/** The GPU rows of one day, with how each instance's hours lie in the day. */
export function sampleGpuDays(day: DayInfo, sources: readonly DaySource[]): SampleGpuDay[] {
  const out: SampleGpuDay[] = [];
  const onRow = (row: UsageRow) => {
    const p = row.product;
    let id = IDENTITY.get(p);
    if (!id) IDENTITY.set(p, (id = identifyInstance({ chargeDescription: p.chargeDescription, skuId: p.skuId, resourceType: p.resourceType })));
    if (!id.gpusPerInstance || !id.instanceType || !(row.quantity > 0)) return;
    const instances = Math.max(1, Math.ceil(row.quantity / 24 - 1e-9));
    const hours = row.quantity / instances;
    const tag = row.tags[GPU_UTILIZATION_TAG];
    const tagUtil = tag ? Number.parseFloat(tag) : null;
    const profile = profileOf(row, tagUtil);
    let from = 24 - hours;
    if (profile === 'notebook' || profile === 'notebook-overnight') from = Math.min(8, 24 - hours);
    if (profile === 'notebook-overnight' && day.dow === TUESDAY) from = 24 - hours;
    if (profile === 'notebook-overnight' && day.dow === WEDNESDAY) from = 0;
    const unused = row.resourceName === 'llama-70b-staging-0' ? [5, 6, 7] : row.resourceName === 'nlp-eval-g5' && profile !== 'forgotten' ? [1, 2, 3] : [];
    out.push({
      resourceId: row.resourceId,
      resourceName: row.resourceName,
      model: row.tags.model ?? row.tags.model_name ?? null,
      instanceType: id.instanceType,
      gpuModel: id.gpuModel,
      gpusPerInstance: id.gpusPerInstance,
      instances,
      from,
      to: from + hours,
      profile,
      tagUtil: tagUtil !== null && Number.isFinite(tagUtil) ? tagUtil : null,
      unused,
    });
  };
  for (const source of sources) source.emit(day, onRow);
  return out;
}

function profileOf(row: UsageRow, tagUtil: number | null): GpuProfile {
  const name = row.resourceName;
  if (name === OVERNIGHT_NOTEBOOK) return 'notebook-overnight';
  if (NOTEBOOK_TYPES.has(row.product.resourceType)) return 'notebook';
  if (name.startsWith('jdoe-llm-test')) return 'dev-box';
  if (name.startsWith('gke-sandbox-gpu-pool')) return 'pool';
  if (tagUtil !== null && tagUtil < 5) return 'forgotten';
  if (row.tags.workload === 'inference' || row.product.resourceType === 'Endpoint') return 'inference';
  return 'training';
}

/**
 * Fills one GPU's utilisation and memory (percent) for the whole day at `stepMs`: NaN
 * outside the hours it ran. `gpu` is the index within the resource (instance × GPUs + GPU).
 */
export function fillGpuDay(d: SampleGpuDay, day: DayInfo, gpu: number, stepMs: number, util: Float32Array, memory: Float32Array): void {
  const rng = rngFor(day.epochDay, hashString(`${d.resourceId}|gpu${gpu}`));
  const unused = d.unused.includes(gpu % d.gpusPerInstance);
  const base = d.tagUtil ?? 60;
  const steps = util.length;
  // Interactive work comes in 20-minute blocks: busy or light.
  let block = -1;
  let blockBusy = false;
  for (let i = 0; i < steps; i++) {
    const h = (i * stepMs) / 3_600_000;
    if (h < d.from || h >= d.to) {
      util[i] = NaN;
      memory[i] = NaN;
      continue;
    }
    const b = Math.floor(h * 3);
    if (b !== block) {
      block = b;
      blockBusy = rng() < 0.6;
    }
    let u: number;
    let m: number;
    if (unused) {
      u = 0;
      m = 0.4;
    } else {
      [u, m] = value(d, day, h, rng, base, blockBusy);
    }
    util[i] = Math.round(Math.min(100, Math.max(0, u)));
    memory[i] = Math.round(Math.min(100, Math.max(0, m)) * 10) / 10;
  }
}

function value(d: SampleGpuDay, day: DayInfo, h: number, rng: Rng, base: number, blockBusy: boolean): [number, number] {
  switch (d.profile) {
    case 'training': {
      // Steady, with a short checkpoint dip every two hours; a starved job (a low daily average) stays low and small.
      if (base < 30) return [base * between(rng, 0.75, 1.25), between(rng, 14, 19)];
      const dip = h % 2 < 0.05;
      return [dip ? between(rng, 15, 30) : base + between(rng, -6, 6), between(rng, 78, 88)];
    }
    case 'inference': {
      // Traffic: a daytime hump over a night floor, with bursts; never idle.
      const hump = 0.55 + 0.75 * Math.max(0, Math.sin(((h - 6) / 16) * Math.PI));
      const burst = rng() < 0.03 ? between(rng, 15, 35) : 0;
      return [Math.max(8, base * hump + burst + between(rng, -5, 5)), between(rng, 48, 56)];
    }
    case 'notebook':
      return [blockBusy ? between(rng, 25, 85) : between(rng, 5, 15), between(rng, 30, 60)];
    case 'notebook-overnight': {
      // Tuesday: four hours of work, then left on; Wednesday: idle until 2.5 h before it is shut down.
      const working = day.dow === TUESDAY ? h < d.from + 4 : day.dow === WEDNESDAY ? h >= d.to - 2.5 : true;
      return working ? [blockBusy ? between(rng, 25, 85) : between(rng, 5, 15), between(rng, 30, 60)] : [between(rng, 0, 2), 31];
    }
    case 'forgotten':
      return [between(rng, 0, 3), 22];
    case 'dev-box': {
      // Office hours on weekdays, a nightly eval Monday–Thursday night; idle from Friday 18:00 to Monday 08:00.
      const wd = day.dow >= 1 && day.dow <= 5;
      const office = wd && h >= 8 && h < 18;
      const evalNight = (day.dow >= 1 && day.dow <= 4 && h >= 20) || (day.dow >= 2 && day.dow <= 5 && h < 6);
      const weekendIdle = !wd || (day.dow === 5 && h >= 18) || (day.dow === 1 && h < 8);
      if (office) return [blockBusy ? between(rng, 30, 90) : between(rng, 8, 20), between(rng, 40, 70)];
      if (evalNight) return [between(rng, 70, 95), between(rng, 60, 70)];
      if (weekendIdle) return [between(rng, 0, 2), 35];
      return [between(rng, 6, 15), 35];
    }
    case 'pool':
      return [between(rng, 6, 25), between(rng, 10, 30)];
  }
}

/** vLLM throughput of the sample's LLM servers: tokens per GPU-second at 100 % utilisation. */
export const SAMPLE_TOKENS_PER_GPU_SECOND: Record<string, number> = {
  'llama-70b': 300,
  'llama-8b-ft-support': 1_800,
  'mistral-7b-ft-legal': 1_400,
};

/** Share of a served token count that is prompt (the rest is generation). */
export const SAMPLE_PROMPT_SHARE = 0.75;
