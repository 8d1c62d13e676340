/**
 * The non-ML half of Acme ML's fleet: object storage, data transfer, CPU services, and
 * the untagged spend (resources with no tags, or with a few tags but no team).
 */
import type { DayInfo } from './calendar.js';
import {
  AWS_EGRESS, AWS_INTER_REGION, BIGQUERY_ANALYSIS, EBS_SNAPSHOTS, CLOUDWATCH_LOGS, DATAFLOW_VCPU, EKS_CLUSTER, GCP_EGRESS, GCS_NEARLINE, GCS_STANDARD,
  GCS_TO_AWS, GKE_CLUSTER, NAT_BYTES, NAT_HOURS, RDS_POSTGRES, S3_REQUESTS, S3_STANDARD, ec2, gce, type Product,
} from './catalog.js';
import { AWS_ACCOUNTS as AWS, GCP_PROJECTS as GCP, type SampleAccount } from './org.js';
import { between, type Rng } from './prng.js';
import { ec2InstanceId, gceInstanceId, growth, steady, styledTags, traffic, type DaySource } from './sources.js';

/* Storage ------------------------------------------------------------------------------- */

/** A bucket of `tb` terabytes (at the growth anchor), growing `perMonth`; billed per GB-month, daily. */
function bucket(name: string, account: SampleAccount, product: Product, tb: number, tags: Record<string, string>, perMonth = 0.015): DaySource {
  const resourceId = product.provider === 'AWS' ? name : `//storage.googleapis.com/projects/_/buckets/${name}`;
  return steady({
    product, account, resourceId, resourceName: name, tags,
    quantity: (day) => Math.round((tb * 1000 * growth(day, perMonth)) / day.daysInMonth),
  });
}

/** Request charges of a busy bucket: millions of requests a day. */
function requests(name: string, account: SampleAccount, millions: number, tags: Record<string, string>): DaySource {
  return steady({ product: S3_REQUESTS, account, resourceId: name, resourceName: name, tags, quantity: (day, rng) => Math.round(millions * 1e6 * traffic(day, rng)) });
}

export const STORAGE: DaySource[] = [
  bucket('acme-nlp-datasets', AWS.nlp, S3_STANDARD, 250, { team: 'nlp' }),
  bucket('acme-nlp-checkpoints', AWS.nlp, S3_STANDARD, 300, { team: 'nlp', model: 'llama-70b' }, 0.03),
  bucket('acme-vision-images', AWS.vision, S3_STANDARD, 400, { ' team': 'vision' }),
  requests('acme-vision-images', AWS.vision, 25, { ' team': 'vision' }),
  bucket('acme-vision-checkpoints', AWS.vision, S3_STANDARD, 150, { ' team': 'vision', model: 'sdxl' }, 0.03),
  bucket('acme-speech-audio', AWS.speech, S3_STANDARD, 200, { team: 'speech' }),
  bucket('acme-platform-lake', AWS.platform, S3_STANDARD, 500, styledTags('legacy', { team: 'platform', env: 'prod' })),
  requests('acme-platform-lake', AWS.platform, 30, styledTags('legacy', { team: 'platform', env: 'prod' })),
  bucket('sagemaker-us-east-1-401234567000', AWS.shared, S3_STANDARD, 60, {}, 0.04),
  bucket('acme-recsys-events', GCP.recsys, GCS_STANDARD, 300, { team: 'recsys', env: 'prd' }, 0.025),
  bucket('acme-model-registry', GCP.platform, GCS_STANDARD, 40, { team: 'platform' }),
  bucket('acme-speech-tts-corpus', GCP.speech, GCS_NEARLINE, 80, { team: 'speech', model_name: 'tts-v2' }),
  bucket('acme-nlp-legal-corpus', GCP.nlp, GCS_STANDARD, 30, { team: 'nlp', model_name: 'mistral-7b-ft-legal' }),
  bucket('acme-sandbox-tmp', GCP.sandbox, GCS_STANDARD, 80, {}, 0.03),
];

/* Data transfer ------------------------------------------------------------------------- */

/** `gb` gigabytes a day at the growth anchor, following traffic. */
const volume = (gb: number) => (day: DayInfo, rng: Rng) => Math.round(gb * traffic(day, rng) * 1000) / 1000;

function transfer(product: Product, account: SampleAccount, resourceId: string, gb: number, tags: Record<string, string>): DaySource {
  return steady({ product, account, resourceId, resourceName: resourceId.split('/').pop() ?? resourceId, tags, quantity: volume(gb) });
}

const alb = (account: SampleAccount, name: string) => `arn:aws:elasticloadbalancing:us-east-1:${account.id}:loadbalancer/app/${name}/${name.length}f3a9c1e2b7d4`;

export const NETWORK: DaySource[] = [
  // Egress rows carry only the team tag of the load balancer they leave through.
  transfer(AWS_EGRESS, AWS.nlp, alb(AWS.nlp, 'nlp-inference'), 800, { team: 'nlp' }),
  transfer(AWS_EGRESS, AWS.vision, alb(AWS.vision, 'vision-inference'), 2000, { ' team': 'vision' }),
  transfer(AWS_EGRESS, AWS.speech, alb(AWS.speech, 'speech-inference'), 600, { team: 'speech' }),
  // Untagged: checkpoint replication from the p5 region and the shared NAT gateway.
  transfer(AWS_INTER_REGION, AWS.nlp, 'acme-nlp-checkpoints-replication', 1200, {}),
  steady({ product: NAT_HOURS, account: AWS.shared, resourceId: 'nat-0a1b2c3d4e5f60789', resourceName: 'shared-nat', tags: {}, quantity: () => 72 }),
  transfer(NAT_BYTES, AWS.shared, 'nat-0a1b2c3d4e5f60789', 2500, {}),
  transfer(GCP_EGRESS, GCP.recsys, `//compute.googleapis.com/projects/${GCP.recsys.id}/global/forwardingRules/recsys-serving`, 1200, { team: 'recsys', env: 'prd' }),
  transfer(GCS_TO_AWS, GCP.platform, '//storage.googleapis.com/projects/_/buckets/acme-lake-sync', 3000, { team: 'platform' }),
];

/* CPU services -------------------------------------------------------------------------- */

function instances(prefix: string, count: number, account: SampleAccount, product: Product, tags: Record<string, string>, pricing: 'Standard' | 'Committed' = 'Standard'): DaySource[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `${prefix}-${i}`;
    const resourceId = product.provider === 'AWS' ? ec2InstanceId(`${account.id}|${name}`) : gceInstanceId(account.id, name);
    return steady({ product, account, resourceId, resourceName: name, tags, pricing, quantity: () => 24 });
  });
}

const platformProd = styledTags('legacy', { team: 'platform', env: 'prod' });
const weekdayHeavy = (weekday: [number, number], weekend: [number, number]) => (day: DayInfo, rng: Rng) =>
  Math.round(between(rng, ...(day.weekend ? weekend : weekday)) * growth(day) * 1000) / 1000;

export const SERVICES: DaySource[] = [
  steady({ product: EKS_CLUSTER, account: AWS.platform, resourceId: `arn:aws:eks:us-east-1:${AWS.platform.id}:cluster/acme-prod`, resourceName: 'acme-prod', tags: platformProd, quantity: () => 24 }),
  steady({ product: EKS_CLUSTER, account: AWS.platform, resourceId: `arn:aws:eks:us-east-1:${AWS.platform.id}:cluster/acme-dev`, resourceName: 'acme-dev', tags: styledTags('legacy', { team: 'platform', env: 'dev' }), quantity: () => 24 }),
  ...instances('eks-prod-node', 6, AWS.platform, ec2('m6i.4xlarge', 0.768), platformProd, 'Committed'),
  steady({ product: RDS_POSTGRES, account: AWS.platform, resourceId: `arn:aws:rds:us-east-1:${AWS.platform.id}:db:feature-store-meta`, resourceName: 'feature-store-meta', tags: { team: 'platform', env: 'prod' }, quantity: () => 24 }),
  steady({ product: GKE_CLUSTER, account: GCP.platform, resourceId: `//container.googleapis.com/projects/${GCP.platform.id}/locations/us-central1/clusters/acme-gke-prod`, resourceName: 'acme-gke-prod', tags: { team: 'platform', env: 'prd' }, quantity: () => 24 }),
  ...instances('gke-prod-pool', 4, GCP.platform, gce('n2-standard-16', 0.777), { team: 'platform', env: 'prd' }),
  steady({ product: BIGQUERY_ANALYSIS, account: GCP.recsys, resourceId: `//bigquery.googleapis.com/projects/${GCP.recsys.id}/datasets/events`, resourceName: 'events', tags: { team: 'recsys', env: 'prd' }, quantity: weekdayHeavy([25, 40], [8, 12]) }),
  steady({ product: DATAFLOW_VCPU, account: GCP.recsys, resourceId: `//dataflow.googleapis.com/projects/${GCP.recsys.id}/locations/us-central1/jobs/feature-pipeline`, resourceName: 'feature-pipeline', tags: { team: 'recsys' }, quantity: weekdayHeavy([600, 900], [400, 500]) }),
];

/* Untagged ------------------------------------------------------------------------------ */

/** Hand-launched, untagged GPU nodes running on days `from`–`to` of every month. */
function scratchRun(name: string, account: SampleAccount, product: Product, from: number, to: number, pricing: 'Standard' | 'Dynamic' = 'Standard'): DaySource {
  const resourceId = product.provider === 'AWS' ? ec2InstanceId(`${account.id}|${name}`) : gceInstanceId(account.id, name);
  return steady({ product, account, resourceId, resourceName: name, tags: {}, pricing, quantity: (day) => (day.dom >= from && day.dom <= to ? 24 : 0) });
}

export const UNTAGGED: DaySource[] = [
  scratchRun('ml-scratch-0', AWS.vision, ec2('p4d.24xlarge', 32.7726), 3, 8),
  scratchRun('ml-scratch-1', AWS.vision, ec2('p4d.24xlarge', 32.7726), 3, 8),
  scratchRun('sandbox-h100-spot', GCP.sandbox, gce('a3-highgpu-8g', 88.25, 'us-central1', 'NVIDIA H100 80GB'), 10, 13, 'Dynamic'),
  bucket('snap-0c9e7d5a3b1f24680', AWS.shared, EBS_SNAPSHOTS, 150, {}, 0.03),
  ...instances('jdoe-llm-test', 1, AWS.nlp, ec2('g5.12xlarge', 5.672), {}),
  ...instances('batch-worker', 4, AWS.recsys, ec2('c6i.8xlarge', 1.36), { env: 'prod' }),
  ...instances('jenkins-agent', 3, AWS.shared, ec2('m5.2xlarge', 0.384), {}),
  ...instances('gke-sandbox-gpu-pool', 2, GCP.sandbox, gce('n1-standard-8', 0.73, 'us-central1', 'NVIDIA T4'), {}),
  steady({ product: ec2('g5.xlarge', 1.006), account: AWS.speech, resourceId: `arn:aws:autoscaling:us-east-1:${AWS.speech.id}:autoScalingGroup:whisper-batch`, resourceName: 'whisper-batch-transcribe', pricing: 'Dynamic', tags: { model: 'whisper-large' }, quantity: (day, rng) => 144 * traffic(day, rng) }),
  steady({ product: CLOUDWATCH_LOGS, account: AWS.shared, resourceId: `arn:aws:logs:us-east-1:${AWS.shared.id}:log-group:/acme/all`, resourceName: '/acme/all', tags: {}, quantity: volume(110) }),
];
