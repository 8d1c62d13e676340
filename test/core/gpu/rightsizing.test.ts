import { describe, expect, it } from 'vitest';
import { proposeRightsizing } from '../../../src/core/gpu/rightsizing.js';
import type { GpuUsageSummary } from '../../../src/core/gpu/types.js';

const gpu = (g: string, p95Util: number | null, p95Memory: number | null = 10): GpuUsageSummary => ({
  resource: 'i-1', gpu: g, gpuModel: null, samples: 100, sampledMs: 6_000_000, firstSample: 0, lastSample: 1, p95Util, p95Memory, meanUtil: p95Util, idleMs: 0,
});
const gpus = (n: number, util: number, mem = 10) => Array.from({ length: n }, (_, i) => gpu(String(i), util, mem));

describe('proposeRightsizing', () => {
  it('consolidates lightly used GPUs: eight A100s at 12% p95 carry on four (a2-highgpu-4g)', () => {
    const p = proposeRightsizing('a2-highgpu-8g', 8, gpus(8, 12), 30);
    expect(p).toMatchObject({ to: 'a2-highgpu-4g', neededGpus: 4 });
    expect(p!.gpus.every((g) => g.low)).toBe(true);
  });

  it('keeps the busy GPUs: one of four busy on a g5.12xlarge → a one-GPU g5 with no more vCPUs', () => {
    const p = proposeRightsizing('g5.12xlarge', 4, [gpu('0', 85, 60), gpu('1', 0), gpu('2', 0), gpu('3', 0)], 30);
    expect(p).toMatchObject({ to: 'g5.8xlarge', neededGpus: 1 });
  });

  it('keeps the SageMaker prefix', () => {
    expect(proposeRightsizing('ml.g5.12xlarge', 4, gpus(4, 3), 30)).toMatchObject({ to: 'ml.g5.8xlarge' });
  });

  it('proposes nothing when no smaller size of the family fits: five busy GPUs of eight on a g5.48xlarge', () => {
    expect(proposeRightsizing('g5.48xlarge', 8, [...gpus(5, 80), gpu('5', 0), gpu('6', 0), gpu('7', 0)], 30)).toBeNull();
  });

  it('counts a GPU whose memory is full as needed, and a GPU with no samples as busy', () => {
    expect(proposeRightsizing('a2-highgpu-8g', 8, gpus(8, 10, 70), 30)).toBeNull();
    expect(proposeRightsizing('a2-highgpu-8g', 8, gpus(8, 10), 30)).toMatchObject({ neededGpus: 3, to: 'a2-highgpu-4g' });
    // Six GPUs without samples stay: 6 + ceil(2 × 10 / 30) = 7, and no size between 7 and 8 GPUs exists.
    expect(proposeRightsizing('a2-highgpu-8g', 8, gpus(2, 10), 30)).toBeNull();
  });

  it('needs the type to be in the table', () => {
    expect(proposeRightsizing('x9.mega', 8, gpus(8, 1), 30)).toBeNull();
  });
});
