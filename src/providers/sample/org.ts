/**
 * The fictional organisation behind the bundled sample data: "Acme ML", an ML company on
 * AWS and Google Cloud. Everything here is invented (ids, names, people); README.md in
 * this folder tells the story. The fleet that spends the money is in fleet.ts.
 */

export const ORG_NAME = 'Acme ML (fictional)';

export const TEAMS = ['nlp', 'vision', 'speech', 'recsys', 'platform'] as const;
export type Team = (typeof TEAMS)[number];

export const SAMPLE_PROVIDERS = ['AWS', 'Google Cloud'] as const;
export type SampleProvider = (typeof SAMPLE_PROVIDERS)[number];

/** An AWS account or a Google Cloud project (FOCUS SubAccount). `team` null = shared. */
export interface SampleAccount {
  id: string;
  name: string;
  provider: SampleProvider;
  team: Team | null;
}

const aws = (id: string, name: string, team: Team | null): SampleAccount => ({ id, name, provider: 'AWS', team });
const gcp = (id: string, name: string, team: Team | null): SampleAccount => ({ id, name, provider: 'Google Cloud', team });

/** One AWS account per team plus the shared payer account (support, tax, NAT, CI…). */
export const AWS_ACCOUNTS = {
  shared: aws('401234567000', 'acme-shared', null),
  nlp: aws('401234567101', 'acme-nlp', 'nlp'),
  vision: aws('401234567102', 'acme-vision', 'vision'),
  speech: aws('401234567103', 'acme-speech', 'speech'),
  recsys: aws('401234567104', 'acme-recsys', 'recsys'),
  platform: aws('401234567105', 'acme-platform', 'platform'),
} as const satisfies Record<string, SampleAccount>;

/** Google Cloud projects; `acme-sandbox` belongs to nobody (scratch work, tax rows). */
export const GCP_PROJECTS = {
  sandbox: gcp('acme-sandbox', 'Acme Sandbox', null),
  nlp: gcp('acme-nlp-research', 'Acme NLP Research', 'nlp'),
  vision: gcp('acme-vision-gen', 'Acme Vision Generative', 'vision'),
  speech: gcp('acme-speech-ml', 'Acme Speech ML', 'speech'),
  recsys: gcp('acme-recsys-prod', 'Acme Recsys Production', 'recsys'),
  platform: gcp('acme-data-platform', 'Acme Data Platform', 'platform'),
} as const satisfies Record<string, SampleAccount>;

export const ALL_ACCOUNTS: readonly SampleAccount[] = [...Object.values(AWS_ACCOUNTS), ...Object.values(GCP_PROJECTS)];

/** Billing accounts written into FOCUS CSV exports (BillingAccountId / BillingAccountName). */
export const BILLING_ACCOUNTS: Record<SampleProvider, { id: string; name: string; issuer: string }> = {
  AWS: { id: '401234567000', name: 'Acme ML payer', issuer: 'Amazon Web Services, Inc.' },
  'Google Cloud': { id: '01A2B3-C4D5E6-F7A8B9', name: 'Acme ML billing', issuer: 'Google LLC' },
};

export type ModelKind = 'llm' | 'llm-fine-tune' | 'diffusion' | 'speech-to-text' | 'text-to-speech' | 'ranking' | 'embedding' | 'vision-encoder' | 'classifier';

export interface SampleModel {
  name: string;
  team: Team;
  kind: ModelKind;
  /** Short name used in experiment ids (`exp-<short>-<run start>`). */
  short: string;
}

/** The twelve models, each owned by one team. */
export const MODELS = [
  { name: 'llama-70b', team: 'nlp', kind: 'llm', short: 'llama70b' },
  { name: 'llama-8b-ft-support', team: 'nlp', kind: 'llm-fine-tune', short: 'llama8b-support' },
  { name: 'mistral-7b-ft-legal', team: 'nlp', kind: 'llm-fine-tune', short: 'mistral-legal' },
  { name: 'sdxl', team: 'vision', kind: 'diffusion', short: 'sdxl' },
  { name: 'sd-inpaint', team: 'vision', kind: 'diffusion', short: 'inpaint' },
  { name: 'clip-vit', team: 'vision', kind: 'vision-encoder', short: 'clip' },
  { name: 'whisper-large', team: 'speech', kind: 'speech-to-text', short: 'whisper' },
  { name: 'tts-v2', team: 'speech', kind: 'text-to-speech', short: 'tts' },
  { name: 'ranker-xl', team: 'recsys', kind: 'ranking', short: 'ranker' },
  { name: 'two-tower', team: 'recsys', kind: 'ranking', short: 'twotower' },
  { name: 'embed-small', team: 'platform', kind: 'embedding', short: 'embed' },
  { name: 'guard-classifier', team: 'platform', kind: 'classifier', short: 'guard' },
] as const satisfies readonly SampleModel[];

export type ModelName = (typeof MODELS)[number]['name'];

export const ENVS = ['prod', 'staging', 'dev'] as const;
export type Env = (typeof ENVS)[number];

/**
 * Idle-GPU marker: every GPU instance row carries this tag with its average GPU
 * utilisation that day as a percent string ("87%"). A row under IDLE_GPU_THRESHOLD_PERCENT
 * is an idle GPU running at full cost.
 */
export const GPU_UTILIZATION_TAG = 'gpu-utilization';
export const IDLE_GPU_THRESHOLD_PERCENT = 5;

/** Days of every month on which vision's `exp-sdxl-sweep-YYYYMM` hyper-parameter sweep runs. */
export const MONTHLY_SPIKE_DAYS = [17, 18, 19] as const;
/** The recent spike (nlp, llama-70b) runs on today−3, today−2 and today−1: it always lands in `last 7 days`. */
export const RECENT_SPIKE_DAYS_BEFORE_TODAY = [3, 2, 1] as const;
