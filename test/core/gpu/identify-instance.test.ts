import { describe, expect, it } from 'vitest';
import { identifyInstance } from '../../../src/core/gpu/identify-instance.js';
import { INSTANCE_FAMILIES, lookupInstance } from '../../../src/core/gpu/instance-families.js';

const row = (chargeDescription: string, skuId = '', resourceType = '') => identifyInstance({ chargeDescription, skuId, resourceType });

describe('identifyInstance', () => {
  it('reads the instance type and its GPU count from the bundled table', () => {
    expect(row('Linux/UNIX p4d.24xlarge instance-hour (or partial hour)')).toMatchObject({ instanceType: 'p4d.24xlarge', gpusPerInstance: 8, gpuCountFrom: 'table', gpuModel: 'NVIDIA A100 40GB' });
    expect(row('SageMaker Studio Notebook ml.g5.4xlarge instance-hour')).toMatchObject({ instanceType: 'ml.g5.4xlarge', gpusPerInstance: 1, gpuCountFrom: 'table' });
    expect(row('Vertex AI: Online Prediction g2-standard-24 with NVIDIA L4 GPU node running in Americas')).toMatchObject({ instanceType: 'g2-standard-24', gpusPerInstance: 2 });
    expect(row('a3-highgpu-8g instance running in Americas with NVIDIA H100 80GB GPU')).toMatchObject({ instanceType: 'a3-highgpu-8g', gpusPerInstance: 8 });
    expect(row('', '', 'Standard_ND96isr_H100_v5')).toMatchObject({ instanceType: 'Standard_ND96isr_H100_v5', gpusPerInstance: 8 });
  });

  it('counts attached GPUs from the description when the machine type has none of its own', () => {
    expect(row('n1-standard-8 instance running in Americas with NVIDIA T4 GPU')).toMatchObject({ instanceType: 'n1-standard-8 (NVIDIA T4)', gpusPerInstance: 1, gpuCountFrom: 'description' });
    expect(row('n1-standard-16 with 4 x NVIDIA T4 GPUs')).toMatchObject({ gpusPerInstance: 4 });
  });

  it('never guesses a GPU count', () => {
    expect(row('Linux/UNIX c6i.8xlarge instance-hour')).toMatchObject({ instanceType: 'c6i.8xlarge', gpusPerInstance: null, gpuCountFrom: null });
    expect(row('S3 Standard storage GB-month')).toMatchObject({ instanceType: null, gpusPerInstance: null });
  });

  it('has every size of a family in ascending GPU order within its one-GPU and multi-GPU groups, and unique types', () => {
    const seen = new Set<string>();
    for (const f of INSTANCE_FAMILIES) {
      for (const s of f.sizes) {
        expect(seen.has(s.type.toLowerCase())).toBe(false);
        seen.add(s.type.toLowerCase());
        expect(s.gpus).toBeGreaterThan(0);
        expect(lookupInstance(s.type)?.family.id).toBe(f.id);
      }
    }
    expect(lookupInstance('ML.P5.48XLARGE')).toMatchObject({ type: 'ml.p5.48xlarge', prefix: 'ml.' });
  });
});
