import type { DimensionDefinition, Rule } from '../types.js';

/** Builds one rule per (column, pattern) so that any column may carry the evidence. */
function anyOf(columns: string[], patterns: string[], value: string): Rule[] {
  return columns.map((column) => ({ when: { [column]: patterns }, value }));
}

const TEXT_COLUMNS = ['ResourceType', 'SkuId', 'ChargeDescription', 'ResourceName'];

/** GPU instance families: AWS p3/p4/p5/g4/g5/g6, Trainium/Inferentia, GCP a2/a3/g2, Azure N-series. */
const GPU_PATTERNS = [
  '*p3.*', '*p3dn.*', '*p4d.*', '*p4de.*', '*p5.*', '*p5e.*', '*p5en.*', '*p6-*',
  '*g4dn.*', '*g4ad.*', '*g5.*', '*g5g.*', '*g6.*', '*g6e.*', '*gr6.*',
  '*trn1.*', '*trn1n.*', '*trn2.*', '*inf1.*', '*inf2.*',
  '*a2-highgpu*', '*a2-megagpu*', '*a2-ultragpu*', '*a3-highgpu*', '*a3-megagpu*', '*a3-edgegpu*', '*a3-ultragpu*', '*g2-standard*',
  '*Standard_NC*', '*Standard_ND*', '*Standard_NV*',
  '*GPU*', '*NVIDIA*', '*A100*', '*H100*', '*H200*',
];

/** Training-class accelerators: what runs without a workload tag on these is most likely training. */
const TRAINING_PATTERNS = ['*p4d.*', '*p4de.*', '*p5.*', '*p5e.*', '*p5en.*', '*trn1.*', '*trn2.*', '*a3-highgpu*', '*a3-megagpu*', '*a2-megagpu*'];
const INFERENCE_PATTERNS = ['*g5.*', '*g4dn.*', '*g6.*', '*g6e.*', '*inf1.*', '*inf2.*', '*g2-standard*'];

/**
 * The built-in `workload` dimension: training, inference, storage, data-transfer,
 * notebooks, other — from a `workload` tag, then rules over the service and SKU text.
 */
export const WORKLOAD_DIMENSION: DimensionDefinition = {
  tags: ['workload', 'workload-type', 'workload_type'],
  accounts: {},
  aliases: { train: 'training', serving: 'inference', notebook: 'notebooks', transfer: 'data-transfer', egress: 'data-transfer' },
  rules: [
    ...anyOf(['ChargeDescription', 'SkuId', 'ResourceName'], ['*Notebook*', '*Studio*', '*Workbench*', '*Colab*'], 'notebooks'),
    ...anyOf(['ChargeDescription', 'SkuId', 'ResourceName'], ['*Training*', '*TrainingJob*', '*training-job*', '*CustomJob*', '*HyperparameterTuning*'], 'training'),
    ...anyOf(['ChargeDescription', 'SkuId', 'ResourceName'], ['*Endpoint*', '*Hosting*', '*Inference*', '*Prediction*', '*Serving*'], 'inference'),
    { when: { ServiceName: ['*Bedrock*', '*OpenAI*', '*Gemini*', '*Generative AI*'] }, value: 'inference' },
    ...anyOf(['ChargeDescription', 'SkuId', 'ServiceName'], ['*Data Transfer*', '*DataTransfer*', '*egress*', '*Inter-region*', '*Internet transfer*', '*Bandwidth*', '*CloudFront*', '*Network Internet*'], 'data-transfer'),
    { when: { ServiceCategory: ['Storage', 'Databases'] }, value: 'storage' },
    { when: { ServiceName: ['*S3*', '*Simple Storage*', '*Cloud Storage*', '*Elastic Block Store*', '*EFS*', '*Elastic File System*', '*FSx*', '*Blob*', '*Filestore*'] }, value: 'storage' },
    ...anyOf(['ResourceType', 'SkuId', 'ChargeDescription'], TRAINING_PATTERNS, 'training'),
    ...anyOf(['ResourceType', 'SkuId', 'ChargeDescription'], INFERENCE_PATTERNS, 'inference'),
    { when: {}, value: 'other' },
  ],
};

/**
 * The built-in `accelerator` dimension: gpu, tpu, cpu, none — from an `accelerator` tag,
 * then the instance family in the resource type, SKU or charge description.
 */
export const ACCELERATOR_DIMENSION: DimensionDefinition = {
  tags: ['accelerator'],
  accounts: {},
  aliases: {},
  rules: [
    ...anyOf(TEXT_COLUMNS, ['*TPU*'], 'tpu'),
    ...anyOf(TEXT_COLUMNS, GPU_PATTERNS, 'gpu'),
    { when: { ServiceCategory: ['Compute'] }, value: 'cpu' },
    ...anyOf(['ResourceType', 'ChargeDescription'], ['*Instance*', '*Virtual Machine*', '*vCPU*', '*Core hour*'], 'cpu'),
    { when: {}, value: 'none' },
  ],
};

export const BUILTIN_DEFINITIONS: Record<string, DimensionDefinition> = {
  workload: WORKLOAD_DIMENSION,
  accelerator: ACCELERATOR_DIMENSION,
};
