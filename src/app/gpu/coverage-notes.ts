import type { GpuJoin } from './gpu-analysis.js';
import type { GpuResourceCost } from './gpu-cost-source.js';
import { decimal2, iso, resourceLabel } from './gpu-format.js';

/**
 * What every GPU answer says about its own coverage: sources that failed, GPU cost with no
 * utilisation (unknown, never idle), utilisation with no GPU cost (a resourceMap to add),
 * GPU counts taken from the metrics, and time priced at a rate not billed yet.
 */
export function coverageNotes(join: GpuJoin, unknown: GpuResourceCost[], showUnmatched: boolean, currency: string): string[] {
  const notes: string[] = [];
  for (const f of join.failures) notes.push(`Partial answer: metric source ${f.source} is missing — ${f.message}`);
  notes.push(...join.sourceNotes);
  if (unknown.length) {
    const cost = unknown.reduce((s, c) => s + c.cost, 0n);
    const first = unknown.slice(0, 3).map((c) => resourceLabel(c)).join(', ');
    notes.push(
      `${unknown.length} GPU resource${unknown.length === 1 ? ' has' : 's have'} cost (${decimal2(cost)} ${currency}) but no utilisation data, so ${unknown.length === 1 ? 'its' : 'their'} idleness is unknown, not zero: ${first}${unknown.length > 3 ? '…' : ''}. Check that the DCGM exporter or CloudWatch agent runs there and that resourceLabel / resourceMap name the billing ResourceId.`,
    );
  }
  if (showUnmatched && join.withoutCost.length) {
    const first = join.withoutCost.slice(0, 3).map((w) => w.resource).join(', ');
    notes.push(
      `${join.withoutCost.length} resource${join.withoutCost.length === 1 ? ' has' : 's have'} utilisation but no GPU cost in this range: ${first}${join.withoutCost.length > 3 ? '…' : ''}. If they are billed, map them to the billing ResourceId with resourceMap.`,
    );
  }
  const fromMetrics = join.resources.filter((r) => r.gpuCountFrom === 'metrics' || r.gpuCountFrom === 'assumed');
  if (fromMetrics.length) notes.push(`The bill does not say how many GPUs ${fromMetrics.map((r) => resourceLabel(r.cost)).slice(0, 3).join(', ')} ${fromMetrics.length === 1 ? 'has' : 'have'}: counted from the GPUs the metrics report.`);
  const extrapolated = join.resources.some((r) => r.episodes.some((e) => e.extrapolated));
  if (extrapolated && join.costs.billedUntil !== null) notes.push(`Billing data ends at ${iso(join.costs.billedUntil)}: idle time after it is priced at each resource's last billed rate.`);
  notes.push(...join.costs.notes);
  return notes;
}
