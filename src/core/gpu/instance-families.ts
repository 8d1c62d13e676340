/**
 * GPU instance families: every size with its GPU count, GPU model and vCPUs, so a GPU
 * count comes from the instance type on the bill and right-sizing stays within a family.
 * Sources (README.md in this folder): AWS "Accelerated computing instance specifications",
 * Google Cloud "Accelerator-optimized machine family" and "GPU machine types", Azure
 * "GPU-accelerated VM sizes". SageMaker's `ml.<type>` are the EC2 types of the same name.
 */

/** One size of a family. */
export interface InstanceSize {
  type: string;
  gpus: number;
  vcpus: number;
}

/** A family: sizes that share a GPU model, in ascending order of size. */
export interface InstanceFamily {
  id: string;
  cloud: 'aws' | 'gcp' | 'azure';
  gpuModel: string;
  sizes: InstanceSize[];
}

const fam = (id: string, cloud: InstanceFamily['cloud'], gpuModel: string, sizes: [string, number, number][]): InstanceFamily => ({
  id,
  cloud,
  gpuModel,
  sizes: sizes.map(([type, gpus, vcpus]) => ({ type, gpus, vcpus })),
});

/** AWS's g-series layout: five one-GPU sizes, then 4, 4 and 8 GPUs. */
const gSeries = (p: string): [string, number, number][] => [
  [`${p}.xlarge`, 1, 4], [`${p}.2xlarge`, 1, 8], [`${p}.4xlarge`, 1, 16], [`${p}.8xlarge`, 1, 32], [`${p}.16xlarge`, 1, 64],
  [`${p}.12xlarge`, 4, 48], [`${p}.24xlarge`, 4, 96], [`${p}.48xlarge`, 8, 192],
];

export const INSTANCE_FAMILIES: readonly InstanceFamily[] = [
  // AWS EC2 (and SageMaker ml.*): docs.aws.amazon.com/ec2/latest/instancetypes/ac.html
  fam('aws-p3', 'aws', 'NVIDIA V100', [['p3.2xlarge', 1, 8], ['p3.8xlarge', 4, 32], ['p3.16xlarge', 8, 64]]),
  fam('aws-p3dn', 'aws', 'NVIDIA V100 32GB', [['p3dn.24xlarge', 8, 96]]),
  fam('aws-p4d', 'aws', 'NVIDIA A100 40GB', [['p4d.24xlarge', 8, 96]]),
  fam('aws-p4de', 'aws', 'NVIDIA A100 80GB', [['p4de.24xlarge', 8, 96]]),
  fam('aws-p5', 'aws', 'NVIDIA H100 80GB', [['p5.4xlarge', 1, 16], ['p5.48xlarge', 8, 192]]),
  fam('aws-p5e', 'aws', 'NVIDIA H200', [['p5e.48xlarge', 8, 192]]),
  fam('aws-p5en', 'aws', 'NVIDIA H200', [['p5en.48xlarge', 8, 192]]),
  fam('aws-p6-b200', 'aws', 'NVIDIA B200', [['p6-b200.48xlarge', 8, 192]]),
  fam('aws-g4dn', 'aws', 'NVIDIA T4', [
    ['g4dn.xlarge', 1, 4], ['g4dn.2xlarge', 1, 8], ['g4dn.4xlarge', 1, 16], ['g4dn.8xlarge', 1, 32], ['g4dn.16xlarge', 1, 64],
    ['g4dn.12xlarge', 4, 48], ['g4dn.metal', 8, 96],
  ]),
  fam('aws-g5', 'aws', 'NVIDIA A10G', gSeries('g5')),
  fam('aws-g6', 'aws', 'NVIDIA L4', gSeries('g6')),
  fam('aws-g6e', 'aws', 'NVIDIA L40S', gSeries('g6e')),
  // Google Cloud: cloud.google.com/compute/docs/accelerator-optimized-machines
  fam('gcp-a2-highgpu', 'gcp', 'NVIDIA A100 40GB', [['a2-highgpu-1g', 1, 12], ['a2-highgpu-2g', 2, 24], ['a2-highgpu-4g', 4, 48], ['a2-highgpu-8g', 8, 96], ['a2-megagpu-16g', 16, 96]]),
  fam('gcp-a2-ultragpu', 'gcp', 'NVIDIA A100 80GB', [['a2-ultragpu-1g', 1, 12], ['a2-ultragpu-2g', 2, 24], ['a2-ultragpu-4g', 4, 48], ['a2-ultragpu-8g', 8, 96]]),
  fam('gcp-a3-highgpu', 'gcp', 'NVIDIA H100 80GB', [['a3-highgpu-1g', 1, 26], ['a3-highgpu-2g', 2, 52], ['a3-highgpu-4g', 4, 104], ['a3-highgpu-8g', 8, 208]]),
  fam('gcp-a3-megagpu', 'gcp', 'NVIDIA H100 80GB', [['a3-megagpu-8g', 8, 208]]),
  fam('gcp-a3-edgegpu', 'gcp', 'NVIDIA H100 80GB', [['a3-edgegpu-8g', 8, 208]]),
  fam('gcp-a3-ultragpu', 'gcp', 'NVIDIA H200', [['a3-ultragpu-8g', 8, 224]]),
  fam('gcp-g2', 'gcp', 'NVIDIA L4', [
    ['g2-standard-4', 1, 4], ['g2-standard-8', 1, 8], ['g2-standard-12', 1, 12], ['g2-standard-16', 1, 16], ['g2-standard-32', 1, 32],
    ['g2-standard-24', 2, 24], ['g2-standard-48', 4, 48], ['g2-standard-96', 8, 96],
  ]),
  // Azure: learn.microsoft.com/azure/virtual-machines/sizes/overview (GPU accelerated)
  fam('azure-nc-a100-v4', 'azure', 'NVIDIA A100 80GB', [['Standard_NC24ads_A100_v4', 1, 24], ['Standard_NC48ads_A100_v4', 2, 48], ['Standard_NC96ads_A100_v4', 4, 96]]),
  fam('azure-nd-a100-v4', 'azure', 'NVIDIA A100 40GB', [['Standard_ND96asr_v4', 8, 96]]),
  fam('azure-nd-a100-80-v4', 'azure', 'NVIDIA A100 80GB', [['Standard_ND96amsr_A100_v4', 8, 96]]),
  fam('azure-nd-h100-v5', 'azure', 'NVIDIA H100 80GB', [['Standard_ND96isr_H100_v5', 8, 96]]),
  fam('azure-nc-h100-v5', 'azure', 'NVIDIA H100 NVL', [['Standard_NC40ads_H100_v5', 1, 40], ['Standard_NC80adis_H100_v5', 2, 80]]),
  fam('azure-nc-t4-v3', 'azure', 'NVIDIA T4', [['Standard_NC4as_T4_v3', 1, 4], ['Standard_NC8as_T4_v3', 1, 8], ['Standard_NC16as_T4_v3', 1, 16], ['Standard_NC64as_T4_v3', 4, 64]]),
  fam('azure-nc-v3', 'azure', 'NVIDIA V100', [['Standard_NC6s_v3', 1, 6], ['Standard_NC12s_v3', 2, 12], ['Standard_NC24s_v3', 4, 24], ['Standard_NC24rs_v3', 4, 24]]),
];

/** A known instance type: its family and size (`ml.` SageMaker types resolve to their EC2 size). */
export interface KnownInstance {
  /** The type as billed (`ml.g5.2xlarge` keeps its prefix: SageMaker prices it differently). */
  type: string;
  /** `ml.` for SageMaker types, else `''`: right-sizing proposes a type with the same prefix. */
  prefix: string;
  family: InstanceFamily;
  size: InstanceSize;
}

const BY_TYPE = new Map<string, { family: InstanceFamily; size: InstanceSize }>();
for (const family of INSTANCE_FAMILIES) for (const size of family.sizes) BY_TYPE.set(size.type.toLowerCase(), { family, size });

/** Looks an instance type up (case-insensitive; `ml.` prefix allowed). Null when it is not in the table. */
export function lookupInstance(type: string): KnownInstance | null {
  const lower = type.trim().toLowerCase();
  const prefix = lower.startsWith('ml.') ? 'ml.' : '';
  const hit = BY_TYPE.get(prefix ? lower.slice(3) : lower);
  if (!hit) return null;
  return { type: `${prefix}${hit.size.type}`, prefix, family: hit.family, size: hit.size };
}
