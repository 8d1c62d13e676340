import { lookupInstance, type KnownInstance } from './instance-families.js';

/** The text fields of a billing row that name what was bought. */
export interface InstanceText {
  chargeDescription: string;
  skuId: string;
  resourceType: string;
  resourceName?: string;
}

/** What a billing row says about the machine: its type and how many GPUs it has. */
export interface InstanceIdentity {
  /** The instance or machine type as billed (`p4d.24xlarge`, `ml.g5.2xlarge`, `n1-standard-8 (NVIDIA T4)`), null when none is named. */
  instanceType: string | null;
  /** GPUs in one instance; null when nothing on the row tells (never guessed). */
  gpusPerInstance: number | null;
  gpuModel: string | null;
  /** `table`: the bundled instance table; `description`: "with 2 NVIDIA L4 GPU" on the row. */
  gpuCountFrom: 'table' | 'description' | null;
  known: KnownInstance | null;
}

const AWS_TYPE = /\b((?:ml\.)?[a-z][a-z0-9-]*\d[a-z0-9-]*\.(?:\d*xlarge|large|medium|metal))\b/gi;
const GCP_TYPE = /\b([a-z]\d+[a-z]?-(?:highgpu|megagpu|ultragpu|edgegpu|standard|highmem|highcpu|custom)-\d+g?)\b/gi;
const AZURE_TYPE = /\b(Standard_[A-Za-z0-9_]+)\b/g;
/** "with NVIDIA T4 GPU", "with 2 NVIDIA L4 GPUs", "with 4 x NVIDIA A100 GPU". */
const ATTACHED = /\bwith\s+(?:(\d+)\s*(?:x\s*)?)?(NVIDIA[A-Za-z0-9 -]*?)\s+GPUs?\b/i;

/**
 * Finds the instance type in a billing row's text (charge description, SKU, resource type,
 * resource name, in that order) and its GPU count: from the bundled table when the type is
 * in it, else from an attached-GPU phrase in the description. Pure; never guesses a count.
 */
export function identifyInstance(row: InstanceText): InstanceIdentity {
  const texts = [row.chargeDescription, row.skuId, row.resourceType, row.resourceName ?? ''];
  let firstType: string | null = null;
  for (const text of texts) {
    if (!text) continue;
    for (const re of [AWS_TYPE, GCP_TYPE, AZURE_TYPE]) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const known = lookupInstance(m[1]!);
        if (known) return { instanceType: known.type, gpusPerInstance: known.size.gpus, gpuModel: known.family.gpuModel, gpuCountFrom: 'table', known };
        firstType ??= m[1]!;
      }
    }
  }
  const attached = ATTACHED.exec(row.chargeDescription) ?? ATTACHED.exec(row.skuId);
  if (attached) {
    const model = attached[2]!.trim();
    const count = attached[1] ? Number(attached[1]) : 1;
    return {
      instanceType: firstType ? `${firstType} (${model})` : model,
      gpusPerInstance: count > 0 ? count : null,
      gpuModel: model,
      gpuCountFrom: 'description',
      known: null,
    };
  }
  return { instanceType: firstType, gpusPerInstance: null, gpuModel: null, gpuCountFrom: null, known: null };
}
