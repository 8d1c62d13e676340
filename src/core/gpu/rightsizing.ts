import { lookupInstance, type InstanceSize, type KnownInstance } from './instance-families.js';
import type { GpuUsageSummary } from './types.js';

/** Why a GPU counts as needed or not, for the evidence of an advice. */
export interface GpuLoad {
  gpu: string;
  p95Util: number | null;
  p95Memory: number | null;
  low: boolean;
}

/** A right-sizing proposal for one instance (prices are settled by the caller from billing data). */
export interface RightsizingProposal {
  from: KnownInstance;
  to: string;
  toSize: InstanceSize;
  neededGpus: number;
  gpus: GpuLoad[];
}

/**
 * Right-sizing for one instance from its GPUs' 95th percentiles over the window.
 *
 * A GPU is *low* when its p95 utilisation and p95 memory (when known) are both below
 * `p95Below`. GPUs that are not low stay; the low ones' work (their p95 utilisation) is
 * consolidated onto as few GPUs as keep each under `p95Below`, each still holding what
 * one held (memory does not add up: a replica per GPU):
 * `needed = busy + ceil(Σ low p95 utilisation ÷ p95Below)` (at least 1). A GPU with no samples counts
 * as busy (unknown is never idle). The proposal is the size of the same family (and the
 * same `ml.` prefix) with the fewest GPUs ≥ `needed` and fewer than now; among equal GPU
 * counts, the largest that has no more vCPUs than the current one (else the smallest).
 * Null when no such size exists, or when the instance type is not in the table.
 */
export function proposeRightsizing(instanceType: string, gpusPerInstance: number, summaries: GpuUsageSummary[], p95Below: number): RightsizingProposal | null {
  const from = lookupInstance(instanceType);
  if (!from) return null;
  const byGpu = new Map(summaries.filter((s) => s.gpu !== '').map((s) => [s.gpu, s]));
  if (byGpu.size === 0) {
    // Only an instance-level series: treat it as every GPU at that load.
    const whole = summaries.find((s) => s.gpu === '');
    if (!whole) return null;
    for (let i = 0; i < gpusPerInstance; i++) byGpu.set(String(i), { ...whole, gpu: String(i) });
  }
  const loads: GpuLoad[] = [...byGpu.values()].map((s) => ({
    gpu: s.gpu,
    p95Util: s.p95Util,
    p95Memory: s.p95Memory,
    low: s.p95Util !== null && s.p95Util < p95Below && (s.p95Memory === null || s.p95Memory < p95Below),
  }));
  const unseen = Math.max(0, gpusPerInstance - loads.length);
  const busy = loads.filter((l) => !l.low).length + unseen;
  const lowLoad = loads.filter((l) => l.low).reduce((sum, l) => sum + (l.p95Util ?? 0), 0);
  const needed = Math.max(1, busy + Math.ceil(lowLoad / p95Below - 1e-9));
  if (needed >= gpusPerInstance) return null;
  const candidates = from.family.sizes.filter((s) => s.gpus >= needed && s.gpus < from.size.gpus);
  if (candidates.length === 0) return null;
  const fewest = Math.min(...candidates.map((s) => s.gpus));
  const same = candidates.filter((s) => s.gpus === fewest);
  const fitting = same.filter((s) => s.vcpus <= from.size.vcpus).sort((a, b) => b.vcpus - a.vcpus);
  const toSize = fitting[0] ?? same.sort((a, b) => a.vcpus - b.vcpus)[0]!;
  return { from, to: `${from.prefix}${toSize.type}`, toSize, neededGpus: needed, gpus: loads };
}
