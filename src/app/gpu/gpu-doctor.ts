import type { DoctorCheck } from '../../providers/types.js';
import { joinGpu, type GpuDeps } from './gpu-analysis.js';
import { resourceLabel } from './gpu-format.js';

/** What `finops-bot doctor` reports about the GPU metric sources. */
export interface GpuDoctorReport {
  sources: { id: string; type: string; checks: DoctorCheck[] }[];
  /** Whether utilisation and billing meet, over the last day. */
  coverage: DoctorCheck[];
  ok: boolean;
}

/**
 * Each metric source's own checks (reachability, credentials, the expected metrics), then
 * the join over the last `hours` hours: GPU resources with cost but no utilisation (their
 * idleness is unknown) and machines with utilisation but no GPU cost (a resourceMap entry
 * missing). Never throws.
 */
export async function gpuDoctor(deps: GpuDeps, now: number, hours = 24): Promise<GpuDoctorReport> {
  const sources = await Promise.all(
    deps.sources.map(async (s) => {
      let checks: DoctorCheck[];
      try {
        checks = await s.doctor({ signal: AbortSignal.timeout(deps.timeoutMs ?? 60_000), logger: deps.logger });
      } catch (err) {
        checks = [{ name: 'doctor', ok: false, detail: err instanceof Error ? err.message : String(err), fix: 'Run the doctor again; if it fails the same way, report it with this message.' }];
      }
      return { id: s.id, type: s.type, checks };
    }),
  );
  const coverage: DoctorCheck[] = [];
  if (deps.sources.length === 0) {
    coverage.push({ name: 'metric sources', ok: true, detail: 'none configured: idle GPUs, right-sizing and per-token costs are not available', fix: 'Add gpu.metrics (prometheus, cloudwatch or file) to the configuration.' });
  } else {
    try {
      const join = await joinGpu(deps, { start: now - hours * 3_600_000, end: now });
      const failed = join.failures.map((f) => f.source);
      const missing = join.withoutMetrics;
      coverage.push(missing.length
        ? { name: 'GPUs without utilisation', ok: false, detail: `${missing.length} GPU resource(s) billed in the last ${hours} h have no utilisation (unknown, never idle): ${missing.slice(0, 5).map((c) => resourceLabel(c)).join(', ')}${missing.length > 5 ? '…' : ''}`, fix: 'Export DCGM or nvidia_smi metrics from them, and check resourceLabel / resourceMap name their billing ResourceId.' }
        : { name: 'GPUs without utilisation', ok: true, detail: `every GPU resource billed in the last ${hours} h has utilisation (${join.resources.length})` });
      coverage.push(join.withoutCost.length
        ? { name: 'utilisation without cost', ok: false, detail: `${join.withoutCost.length} machine(s) report utilisation but have no GPU cost in the billing data: ${join.withoutCost.slice(0, 5).map((w) => w.resource).join(', ')}${join.withoutCost.length > 5 ? '…' : ''}`, fix: 'Map each to its billing ResourceId with resourceMap (or its billing may lag a day: run the doctor again tomorrow).' }
        : { name: 'utilisation without cost', ok: true, detail: 'every machine with utilisation has GPU cost' });
      if (failed.length) coverage.push({ name: 'sources read', ok: false, detail: `could not read ${failed.join(', ')}`, fix: 'See that source’s checks above.' });
    } catch (err) {
      coverage.push({ name: 'join', ok: false, detail: err instanceof Error ? err.message : String(err), fix: 'Run the doctor again.' });
    }
  }
  return { sources, coverage, ok: sources.every((s) => s.checks.every((c) => c.ok)) && coverage.every((c) => c.ok) };
}
