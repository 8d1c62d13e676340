/**
 * The ML half of Acme ML's fleet: GPU training programs, inference endpoints, notebooks,
 * idle GPUs and the two training cost spikes. Prices: see catalog.ts.
 */
import type { SamplePricing } from './build-record.js';
import type { DayInfo } from './calendar.js';
import { ec2, gce, sagemakerHosting, sagemakerStudio, sagemakerTraining, vertexPrediction, vertexTraining, workbench, type Product } from './catalog.js';
import {
  AWS_ACCOUNTS as AWS, GCP_PROJECTS as GCP, GPU_UTILIZATION_TAG, MODELS, MONTHLY_SPIKE_DAYS, RECENT_SPIKE_DAYS_BEFORE_TODAY,
  type Env, type ModelName, type SampleAccount, type SampleModel,
} from './org.js';
import { between } from './prng.js';
import {
  cycle, during, ec2InstanceId, gceInstanceId, monthDays, sagemakerArn, steady, styledTags, traffic, training, utilization, vertexId,
  type DaySource, type TagStyle,
} from './sources.js';

const model = (name: ModelName): SampleModel => MODELS.find((m) => m.name === name)!;

const P5 = ec2('p5.48xlarge', 98.32, 'us-west-2');
const P4D = ec2('p4d.24xlarge', 32.7726);
const A3 = gce('a3-highgpu-8g', 88.25, 'us-central1', 'NVIDIA H100 80GB');
const SM_P4D = sagemakerTraining('ml.p4d.24xlarge', 37.688);

/* Training ------------------------------------------------------------------------------ */

export const TRAINING: DaySource[] = [
  training({ model: model('llama-70b'), account: AWS.nlp, product: P5, shape: 'instances', nodes: 2, schedule: cycle(14, 6, 0), pricing: 'Standard', env: 'dev', style: 'std' }),
  training({ model: model('llama-8b-ft-support'), account: AWS.nlp, product: SM_P4D, shape: 'job', nodes: 1, schedule: cycle(7, 2, 3), pricing: 'Dynamic', env: 'dev', style: 'legacy' }),
  training({ model: model('mistral-7b-ft-legal'), account: GCP.nlp, product: A3, shape: 'instances', nodes: 1, schedule: cycle(10, 4, 3), pricing: 'Standard', env: 'dev', style: 'gcp' }),
  training({ model: model('sdxl'), account: AWS.vision, product: P4D, shape: 'instances', nodes: 4, schedule: cycle(12, 5, 2), pricing: 'Dynamic', env: 'dev', style: 'console' }),
  training({ model: model('sd-inpaint'), account: GCP.vision, product: vertexTraining('a3-highgpu-8g', 88.25, 'us-central1', 'NVIDIA H100 80GB'), shape: 'job', nodes: 1, schedule: cycle(9, 3, 5), pricing: 'Dynamic', env: 'dev', style: 'gcp' }),
  training({ model: model('clip-vit'), account: AWS.vision, product: P4D, shape: 'instances', nodes: 2, schedule: cycle(20, 6, 5), pricing: 'Standard', env: 'dev', style: 'std' }),
  training({ model: model('whisper-large'), account: AWS.speech, product: SM_P4D, shape: 'job', nodes: 2, schedule: cycle(8, 4, 1), pricing: 'Dynamic', env: 'dev', style: 'std' }),
  training({ model: model('tts-v2'), account: GCP.speech, product: vertexTraining('a3-highgpu-8g', 96.0, 'europe-west4', 'NVIDIA H100 80GB'), shape: 'job', nodes: 1, schedule: cycle(11, 4, 6), pricing: 'Standard', env: 'dev', style: 'gcp' }),
  // ranker-xl's input pipeline starves its eight A100s (about 10% busy each): the right-sizing example.
  training({ model: model('ranker-xl'), account: GCP.recsys, product: gce('a2-highgpu-8g', 29.39, 'us-central1', 'NVIDIA A100 40GB'), shape: 'instances', nodes: 1, schedule: cycle(7, 2, 0), pricing: 'Standard', env: 'prod', style: 'gcp', util: [8, 13] }),
  training({ model: model('two-tower'), account: AWS.recsys, product: P4D, shape: 'instances', nodes: 1, schedule: cycle(7, 1, 4), pricing: 'Dynamic', env: 'prod', style: 'legacy' }),
  training({ model: model('embed-small'), account: AWS.platform, product: P4D, shape: 'instances', nodes: 1, schedule: cycle(15, 3, 7), pricing: 'Dynamic', env: 'dev', style: 'std' }),
  training({ model: model('guard-classifier'), account: AWS.platform, product: sagemakerTraining('ml.g5.12xlarge', 7.09), shape: 'job', nodes: 1, schedule: cycle(10, 2, 8), pricing: 'Standard', env: 'dev', style: 'legacy' }),
];

/** Vision's monthly hyper-parameter sweep: 18 on-demand p4d nodes (4–6× the team's usual daily cost) on days 17–19 of every month. */
export const MONTHLY_SPIKE: DaySource = training({
  model: model('sdxl'), account: AWS.vision, product: P4D, shape: 'instances', nodes: 18, schedule: monthDays(MONTHLY_SPIKE_DAYS),
  pricing: 'Standard', env: 'dev', style: 'console', experiment: 'exp-sdxl-sweep',
});

/**
 * NLP's long-context experiment: 6 on-demand p5 nodes on the three days before `today`.
 * The only records that depend on the run date (positioned relative to it, nothing else).
 */
export function recentSpike(todayEpochDay: number): DaySource {
  const first = todayEpochDay - Math.max(...RECENT_SPIKE_DAYS_BEFORE_TODAY);
  return training({
    model: model('llama-70b'), account: AWS.nlp, product: P5, shape: 'instances', nodes: 6, schedule: during(first, todayEpochDay),
    pricing: 'Standard', env: 'dev', style: 'std', experiment: 'exp-llama70b-longctx',
  });
}

/* Inference ----------------------------------------------------------------------------- */

interface Serving {
  model: ModelName;
  account: SampleAccount;
  product: Product;
  env: Env;
  style: TagStyle;
  /** Instances (or nodes) behind it. */
  nodes: number;
  pricing?: SamplePricing;
  gpu?: boolean;
}

/** A managed endpoint (SageMaker, Vertex AI): one row a day, node-hours follow traffic (autoscaling). */
function endpoint(s: Serving): DaySource {
  const m = model(s.model);
  const name = `${s.model}-${s.env}`;
  const resourceId = s.product.provider === 'AWS' ? sagemakerArn(s.account, 'endpoint', name) : vertexId(s.account.id, 'endpoints', name, s.product.regionId);
  return steady({
    product: s.product, account: s.account, resourceId, resourceName: name, pricing: s.pricing,
    tags: styledTags(s.style, { team: m.team, model: m.name, env: s.env }, { workload: 'inference' }),
    quantity: (day, rng) => 24 * s.nodes * traffic(day, rng),
    dailyTags: s.gpu === false ? undefined : (_day, rng) => ({ [GPU_UTILIZATION_TAG]: utilization(rng, 35, 70) }),
  });
}

/** Self-managed inference instances (EC2 g5): one row per instance, always on. */
function fleetOf(s: Serving): DaySource[] {
  const m = model(s.model);
  return Array.from({ length: s.nodes }, (_, i) => {
    const name = `${s.model}-${s.env}-${i}`;
    return steady({
      product: s.product, account: s.account, resourceId: ec2InstanceId(`${s.account.id}|${name}`), resourceName: name, pricing: s.pricing,
      tags: styledTags(s.style, { team: m.team, model: m.name, env: s.env }, { workload: 'inference' }),
      quantity: () => 24,
      dailyTags: (_day, rng) => ({ [GPU_UTILIZATION_TAG]: utilization(rng, 40, 75) }),
    });
  });
}

const G5_48 = ec2('g5.48xlarge', 16.288);
const G5_12 = ec2('g5.12xlarge', 5.672);
const G5_2 = ec2('g5.2xlarge', 1.212);
const SMH_G5_XL = sagemakerHosting('ml.g5.xlarge', 1.408);
const SMH_G5_2XL = sagemakerHosting('ml.g5.2xlarge', 1.515);

export const INFERENCE: DaySource[] = [
  ...fleetOf({ model: 'llama-70b', account: AWS.nlp, product: G5_48, env: 'prod', style: 'std', nodes: 2, pricing: 'Committed' }),
  ...fleetOf({ model: 'llama-70b', account: AWS.nlp, product: G5_48, env: 'staging', style: 'std', nodes: 1 }),
  endpoint({ model: 'llama-8b-ft-support', account: AWS.nlp, product: sagemakerHosting('ml.g5.12xlarge', 7.09), env: 'prod', style: 'legacy', nodes: 2 }),
  endpoint({ model: 'llama-8b-ft-support', account: AWS.nlp, product: SMH_G5_2XL, env: 'staging', style: 'legacy', nodes: 1 }),
  endpoint({ model: 'mistral-7b-ft-legal', account: GCP.nlp, product: vertexPrediction('g2-standard-24', 2.3, 'us-central1', 'NVIDIA L4'), env: 'prod', style: 'gcp', nodes: 2 }),
  ...fleetOf({ model: 'sdxl', account: AWS.vision, product: G5_12, env: 'prod', style: 'console', nodes: 3, pricing: 'Committed' }),
  ...fleetOf({ model: 'sdxl', account: AWS.vision, product: G5_2, env: 'staging', style: 'console', nodes: 1 }),
  endpoint({ model: 'sd-inpaint', account: GCP.vision, product: vertexPrediction('g2-standard-12', 1.15, 'us-central1', 'NVIDIA L4'), env: 'prod', style: 'gcp', nodes: 2 }),
  ...fleetOf({ model: 'clip-vit', account: AWS.vision, product: G5_2, env: 'prod', style: 'std', nodes: 2 }),
  endpoint({ model: 'whisper-large', account: AWS.speech, product: SMH_G5_2XL, env: 'prod', style: 'std', nodes: 3 }),
  endpoint({ model: 'whisper-large', account: AWS.speech, product: SMH_G5_2XL, env: 'staging', style: 'std', nodes: 1 }),
  endpoint({ model: 'tts-v2', account: GCP.speech, product: vertexPrediction('g2-standard-8', 0.98, 'europe-west4', 'NVIDIA L4'), env: 'prod', style: 'gcp', nodes: 2 }),
  endpoint({ model: 'ranker-xl', account: GCP.recsys, product: vertexPrediction('n1-standard-16', 1.25, 'us-central1', 'NVIDIA T4'), env: 'prod', style: 'gcp', nodes: 4 }),
  endpoint({ model: 'two-tower', account: GCP.recsys, product: vertexPrediction('n2-highmem-8', 0.6), env: 'prod', style: 'gcp', nodes: 3, gpu: false }),
  endpoint({ model: 'embed-small', account: AWS.platform, product: SMH_G5_XL, env: 'prod', style: 'std', nodes: 2 }),
  endpoint({ model: 'embed-small', account: AWS.platform, product: SMH_G5_XL, env: 'staging', style: 'std', nodes: 1 }),
  endpoint({ model: 'guard-classifier', account: AWS.platform, product: SMH_G5_XL, env: 'prod', style: 'legacy', nodes: 1 }),
];

/* Notebooks ----------------------------------------------------------------------------- */

/** Working hours on weekdays, now and then a little on weekends. */
const officeHours = (day: DayInfo, rng: () => number): number =>
  day.weekend ? (rng() < 0.3 ? between(rng, 1, 5) : 0) : between(rng, 6.5, 11);

function notebook(user: string, account: SampleAccount, product: Product, tags: Record<string, string>): DaySource {
  const resourceId = product.provider === 'AWS'
    ? sagemakerArn(account, 'app', `d-acme01/${user}/JupyterLab/default`)
    : `//notebooks.googleapis.com/projects/${account.id}/locations/us-central1-a/instances/${user}`;
  return steady({ product, account, resourceId, resourceName: user, tags, quantity: officeHours });
}

const T4 = 'NVIDIA T4';
export const NOTEBOOKS: DaySource[] = [
  notebook('studio-nlp-alice', AWS.nlp, sagemakerStudio('ml.g5.2xlarge', 1.515), { team: 'nlp', env: 'dev' }),
  notebook('studio-nlp-bruno', AWS.nlp, sagemakerStudio('ml.g5.4xlarge', 2.03), { team: 'nlp', env: 'dev' }),
  notebook('studio-vision-chen', AWS.vision, sagemakerStudio('ml.g5.xlarge', 1.408), { ' team': 'vision', Env: 'dev' }),
  notebook('studio-vision-dana', AWS.vision, sagemakerStudio('ml.g5.xlarge', 1.408), { ' team': 'vision' }),
  notebook('studio-speech-emeka', AWS.speech, sagemakerStudio('ml.g5.2xlarge', 1.515), { team: 'speech', env: 'dev' }),
  notebook('wb-speech-farah', GCP.speech, workbench('n1-standard-8', 0.73, T4), { team: 'speech', env: 'dev' }),
  notebook('wb-recsys-gita', GCP.recsys, workbench('n1-standard-8', 0.73, T4), { team: 'recsys', env: 'dev' }),
  notebook('wb-recsys-hugo', GCP.recsys, workbench('n1-standard-8', 0.73, T4), { team: 'recsys', env: 'dev' }),
  notebook('studio-platform-ines', AWS.platform, sagemakerStudio('ml.t3.xlarge', 0.233), { owner: 'ml-platform', env: 'dev' }),
  // Untagged: a scratch A100 notebook in the sandbox project and the default Studio user.
  notebook('wb-scratch-jules', GCP.sandbox, workbench('a2-highgpu-1g', 3.67, 'NVIDIA A100 40GB'), {}),
  notebook('studio-default-user', AWS.shared, sagemakerStudio('ml.g5.2xlarge', 1.515), {}),
];

/* Idle GPUs ----------------------------------------------------------------------------- */

/**
 * A GPU instance someone forgot: in every 21-day cycle it is busy for 5 days, then runs
 * idle (gpu-utilization 0–4%) at full cost for 9 days, then is stopped for 7. The three
 * are 7 days apart, so on every day at least one of them is idle.
 */
function forgottenGpu(name: string, account: SampleAccount, product: Product, tags: Record<string, string>, offset: number): DaySource {
  const resourceId = product.provider === 'AWS' ? ec2InstanceId(`${account.id}|${name}`) : gceInstanceId(account.id, name);
  const phase = (day: DayInfo) => (((day.epochDay + offset) % 21) + 21) % 21;
  return steady({
    product, account, resourceId, resourceName: name, tags,
    quantity: (day, rng) => (phase(day) === 0 ? 24 - Math.floor(between(rng, 1, 9)) : phase(day) < 14 ? 24 : 0),
    dailyTags: (day, rng) => ({ [GPU_UTILIZATION_TAG]: phase(day) < 5 ? utilization(rng, 55, 90) : utilization(rng, 0, 5) }),
  });
}

export const IDLE_GPUS: DaySource[] = [
  forgottenGpu('vision-sandbox-p4d', AWS.vision, P4D, styledTags('console', { team: 'vision', env: 'dev' }), 0),
  forgottenGpu('nlp-eval-g5', AWS.nlp, G5_12, styledTags('std', { team: 'nlp', model: 'llama-8b-ft-support', env: 'dev' }), 7),
  forgottenGpu('recsys-debug-a2', GCP.recsys, gce('a2-highgpu-1g', 3.67, 'us-central1', 'NVIDIA A100 40GB'), styledTags('gcp', { team: 'recsys', env: 'dev' }), 14),
];
