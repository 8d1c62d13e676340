/**
 * What Acme ML buys: one Product per SKU, with public-looking on-demand list prices
 * (approximate us-east-1 / us-central1 prices; the data is fictional, the magnitudes are not).
 */
import { hashString, hexId } from './prng.js';
import type { SampleProvider } from './org.js';

/** FOCUS ServiceCategory values used by the sample. */
export type ServiceCategory =
  | 'AI and Machine Learning'
  | 'Analytics'
  | 'Compute'
  | 'Databases'
  | 'Management and Governance'
  | 'Networking'
  | 'Storage'
  | 'Other';

/** One SKU: what was bought, where, in which unit, at which list price. */
export interface Product {
  provider: SampleProvider;
  serviceName: string;
  serviceCategory: ServiceCategory;
  skuId: string;
  chargeDescription: string;
  resourceType: string;
  regionId: string;
  unit: string;
  /** List price of one unit in micro-dollars (may be fractional for per-request SKUs). */
  unitPriceMicros: number;
  /** Stable hash of the SKU: seeds its daily spot price. */
  seed: number;
}

function skuFor(provider: SampleProvider, key: string): string {
  if (provider === 'AWS') {
    const h = hexId(key, 16).toUpperCase();
    // AWS SKUs look like G95FST5FTYV3JSRX: map hex to a 32-letter alphabet for the look.
    const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
    let out = '';
    for (let i = 0; i < 16; i++) out += alphabet[(parseInt(h[i], 16) * 7 + i) % 32];
    return out;
  }
  const h = hexId(key, 12).toUpperCase();
  return `${h.slice(0, 4)}-${h.slice(4, 8)}-${h.slice(8, 12)}`;
}

function product(
  provider: SampleProvider,
  serviceName: string,
  serviceCategory: ServiceCategory,
  chargeDescription: string,
  resourceType: string,
  regionId: string,
  unit: string,
  priceUsd: number,
): Product {
  const key = `${provider}|${serviceName}|${chargeDescription}|${regionId}`;
  return {
    provider,
    serviceName,
    serviceCategory,
    skuId: skuFor(provider, key),
    chargeDescription,
    resourceType,
    regionId,
    unit,
    unitPriceMicros: Math.round(priceUsd * 1_000_000 * 1000) / 1000,
    seed: hashString(key),
  };
}

const GCP_AREA: Record<string, string> = { 'us-central1': 'Americas', 'europe-west4': 'EMEA' };

/* AWS compute and ML ------------------------------------------------------------------ */

/** An EC2 instance hour; the instance type is in the description (accelerator detection). */
export const ec2 = (type: string, priceUsd: number, region = 'us-east-1'): Product =>
  product('AWS', 'Amazon Elastic Compute Cloud', 'Compute', `Linux/UNIX ${type} instance-hour (or partial hour)`, 'Instance', region, 'Hours', priceUsd);

export const sagemakerTraining = (type: string, priceUsd: number, region = 'us-east-1'): Product =>
  product('AWS', 'Amazon SageMaker', 'AI and Machine Learning', `SageMaker Training ${type} instance-hour`, 'TrainingJob', region, 'Hours', priceUsd);

export const sagemakerHosting = (type: string, priceUsd: number, region = 'us-east-1'): Product =>
  product('AWS', 'Amazon SageMaker', 'AI and Machine Learning', `SageMaker Hosting real-time inference ${type} instance-hour`, 'Endpoint', region, 'Hours', priceUsd);

export const sagemakerStudio = (type: string, priceUsd: number, region = 'us-east-1'): Product =>
  product('AWS', 'Amazon SageMaker', 'AI and Machine Learning', `SageMaker Studio Notebook ${type} instance-hour`, 'NotebookApp', region, 'Hours', priceUsd);

/* Google Cloud compute and ML --------------------------------------------------------- */

export const gce = (machine: string, priceUsd: number, region = 'us-central1', gpu = ''): Product =>
  product('Google Cloud', 'Compute Engine', 'Compute', `${machine} instance running in ${GCP_AREA[region]}${gpu ? ` with ${gpu} GPU` : ''}`, 'Virtual Machine', region, 'Hours', priceUsd);

export const vertexTraining = (machine: string, priceUsd: number, region = 'us-central1', gpu = ''): Product =>
  product('Google Cloud', 'Vertex AI', 'AI and Machine Learning', `Vertex AI: Custom Training ${machine}${gpu ? ` with ${gpu} GPU` : ''} running in ${GCP_AREA[region]}`, 'CustomJob', region, 'Hours', priceUsd);

export const vertexPrediction = (machine: string, priceUsd: number, region = 'us-central1', gpu = ''): Product =>
  product('Google Cloud', 'Vertex AI', 'AI and Machine Learning', `Vertex AI: Online Prediction ${machine}${gpu ? ` with ${gpu} GPU` : ''} node running in ${GCP_AREA[region]}`, 'Endpoint', region, 'Hours', priceUsd);

export const workbench = (machine: string, priceUsd: number, gpu = ''): Product =>
  product('Google Cloud', 'Vertex AI Workbench', 'AI and Machine Learning', `Workbench instance ${machine}${gpu ? ` with ${gpu} GPU` : ''} running in Americas`, 'Notebook', 'us-central1', 'Hours', priceUsd);

/* Storage ----------------------------------------------------------------------------- */

export const S3_STANDARD = product('AWS', 'Amazon Simple Storage Service', 'Storage', 'S3 Standard storage GB-month', 'Bucket', 'us-east-1', 'GB-Mo', 0.023);
export const EBS_SNAPSHOTS = product('AWS', 'Amazon Elastic Compute Cloud', 'Storage', 'EBS snapshot data stored GB-month', 'Snapshot', 'us-east-1', 'GB-Mo', 0.05);
export const S3_REQUESTS = product('AWS', 'Amazon Simple Storage Service', 'Storage', 'S3 PUT, COPY, POST or LIST requests', 'Bucket', 'us-east-1', 'Requests', 0.000005);
export const GCS_STANDARD = product('Google Cloud', 'Cloud Storage', 'Storage', 'Standard Storage us-central1', 'Bucket', 'us-central1', 'GiBy.mo', 0.02);
export const GCS_NEARLINE = product('Google Cloud', 'Cloud Storage', 'Storage', 'Nearline Storage us-central1', 'Bucket', 'us-central1', 'GiBy.mo', 0.01);

/* Networking -------------------------------------------------------------------------- */

export const AWS_EGRESS = product('AWS', 'AWS Data Transfer', 'Networking', 'Data transfer out to the internet from US East (N. Virginia)', 'DataTransfer', 'us-east-1', 'GB', 0.09);
export const AWS_INTER_REGION = product('AWS', 'AWS Data Transfer', 'Networking', 'Data transfer from US West (Oregon) to US East (N. Virginia)', 'DataTransfer', 'us-west-2', 'GB', 0.02);
export const NAT_HOURS = product('AWS', 'Amazon Virtual Private Cloud', 'Networking', 'NAT Gateway hour', 'NatGateway', 'us-east-1', 'Hours', 0.045);
export const NAT_BYTES = product('AWS', 'Amazon Virtual Private Cloud', 'Networking', 'NAT Gateway data processed', 'NatGateway', 'us-east-1', 'GB', 0.045);
export const GCP_EGRESS = product('Google Cloud', 'Networking', 'Networking', 'Network Internet Data Transfer Out from Americas to Americas', 'DataTransfer', 'us-central1', 'GiBy', 0.085);
export const GCS_TO_AWS = product('Google Cloud', 'Cloud Storage', 'Networking', 'Network Data Transfer from Google Cloud to Internet (AWS us-east-1)', 'DataTransfer', 'us-central1', 'GiBy', 0.12);

/* Services ---------------------------------------------------------------------------- */

export const EKS_CLUSTER = product('AWS', 'Amazon Elastic Kubernetes Service', 'Compute', 'EKS cluster hour', 'Cluster', 'us-east-1', 'Hours', 0.1);
export const RDS_POSTGRES = product('AWS', 'Amazon Relational Database Service', 'Databases', 'db.r6g.2xlarge Multi-AZ PostgreSQL instance-hour', 'DBInstance', 'us-east-1', 'Hours', 1.798);
export const CLOUDWATCH_LOGS = product('AWS', 'AmazonCloudWatch', 'Management and Governance', 'CloudWatch Logs data ingested', 'LogGroup', 'us-east-1', 'GB', 0.5);
export const GKE_CLUSTER = product('Google Cloud', 'Kubernetes Engine', 'Compute', 'Regional Kubernetes cluster management fee', 'Cluster', 'us-central1', 'Hours', 0.1);
export const BIGQUERY_ANALYSIS = product('Google Cloud', 'BigQuery', 'Analytics', 'Analysis (on-demand) in US multi-region', 'Dataset', 'us-central1', 'TiBy', 6.25);
export const DATAFLOW_VCPU = product('Google Cloud', 'Dataflow', 'Analytics', 'Dataflow batch vCPU time in us-central1', 'Job', 'us-central1', 'Hours', 0.056);
