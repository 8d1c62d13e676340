/**
 * Building blocks of the fleet: each DaySource is asked once per calendar day for its
 * usage rows. A source may look at nothing but the day (and its own seeded PRNG), which is
 * what makes every past day reproducible whatever the run date.
 */
import type { UsageRow, SamplePricing } from './build-record.js';
import { formatDate, type DayInfo } from './calendar.js';
import type { Product } from './catalog.js';
import { GPU_UTILIZATION_TAG, type Env, type SampleAccount, type SampleModel } from './org.js';
import { between, hashString, hexId, rngFor, type Rng } from './prng.js';

export type Emit = (row: UsageRow) => void;

/** Something that spends money: asked once per day. */
export interface DaySource {
  name: string;
  emit(day: DayInfo, out: Emit): void;
}

/* Tags --------------------------------------------------------------------------------- */

/**
 * How a resource's tags are spelt. Real estates are messy; so is this one:
 * - `std`: `team`, `model`, `env` (prod / staging / dev)
 * - `legacy` (an old Terraform module): `Team` (NLP, ranking, ml-platform…), `model_name`, `environment` (production…)
 * - `console` (hand-made in a console): `" team"` with a stray space, `model`, `Env` (Prod, Staging)
 * - `gcp` (labels are lowercase): `team`, `model_name`, `env` (prd / stg / dev)
 */
export type TagStyle = 'std' | 'legacy' | 'console' | 'gcp';

const LEGACY_TEAM: Record<string, string> = { nlp: 'NLP', recsys: 'ranking', platform: 'ml-platform' };
const ENV_SPELLING: Record<TagStyle, Record<Env, string>> = {
  std: { prod: 'prod', staging: 'staging', dev: 'dev' },
  legacy: { prod: 'production', staging: 'staging', dev: 'development' },
  console: { prod: 'Prod', staging: 'Staging', dev: 'dev' },
  gcp: { prod: 'prd', staging: 'stg', dev: 'dev' },
};

export interface TagFacts {
  team?: string;
  model?: string;
  env?: Env;
}

/** The tags of a resource in a given spelling style (absent facts are left out). */
export function styledTags(style: TagStyle, facts: TagFacts, extra: Record<string, string> = {}): Record<string, string> {
  const t: Record<string, string> = {};
  const teamKey = style === 'legacy' ? 'Team' : style === 'console' ? ' team' : 'team';
  const modelKey = style === 'legacy' || style === 'gcp' ? 'model_name' : 'model';
  const envKey = style === 'legacy' ? 'environment' : style === 'console' ? 'Env' : 'env';
  if (facts.team) t[teamKey] = style === 'legacy' ? (LEGACY_TEAM[facts.team] ?? facts.team) : facts.team;
  if (facts.model) t[modelKey] = facts.model;
  if (facts.env) t[envKey] = ENV_SPELLING[style][facts.env];
  return Object.assign(t, extra);
}

/** A GPU utilisation percent tag value drawn in [min, max). */
export function utilization(rng: Rng, min: number, max: number): string {
  return `${Math.floor(between(rng, min, max))}%`;
}

/* Resource ids ------------------------------------------------------------------------- */

export const ec2InstanceId = (key: string): string => `i-0${hexId(key, 16)}`;
export const gceInstanceId = (project: string, name: string, zone = 'us-central1-a'): string =>
  `//compute.googleapis.com/projects/${project}/zones/${zone}/instances/${name}`;
export const sagemakerArn = (account: SampleAccount, kind: string, name: string, region = 'us-east-1'): string =>
  `arn:aws:sagemaker:${region}:${account.id}:${kind}/${name}`;
export const vertexId = (project: string, kind: string, name: string, region = 'us-central1'): string =>
  `//aiplatform.googleapis.com/projects/${project}/locations/${region}/${kind}/${name}`;

/* Day-level helpers -------------------------------------------------------------------- */

/** Epoch day of 2025-06-01: the reference point of the slow growth trend. */
const GROWTH_ANCHOR = 20240;

/** Slow business growth (~1.8% a month), clamped so far-away dates stay plausible. */
export function growth(day: DayInfo, perMonth = 0.018): number {
  const g = 1 + perMonth * ((day.epochDay - GROWTH_ANCHOR) / 30.44);
  return Math.min(1.8, Math.max(0.6, g));
}

/** Inference-style traffic: growth × a mild weekend dip × ±6% noise. */
export function traffic(day: DayInfo, rng: Rng): number {
  return growth(day) * (day.weekend ? 0.86 : 1) * between(rng, 0.94, 1.06);
}

/* Sources ------------------------------------------------------------------------------ */

export interface SteadyLine {
  product: Product;
  account: SampleAccount;
  resourceId: string;
  resourceName: string;
  pricing?: SamplePricing;
  tags: Record<string, string>;
  /** Units consumed on the day; 0 or less means no row. */
  quantity(day: DayInfo, rng: Rng): number;
  /** Extra tags that change by day (e.g. GPU utilisation). */
  dailyTags?(day: DayInfo, rng: Rng): Record<string, string>;
}

/** One resource, at most one row a day. */
export function steady(line: SteadyLine): DaySource {
  const seed = hashString(`${line.resourceId}|${line.product.skuId}`);
  return {
    name: line.resourceName || line.resourceId,
    emit(day, out) {
      const rng = rngFor(day.epochDay, seed);
      const quantity = line.quantity(day, rng);
      if (!(quantity > 0)) return;
      const own = line.dailyTags !== undefined;
      const tags = own ? Object.assign({}, line.tags, line.dailyTags!(day, rng)) : line.tags;
      out({ product: line.product, account: line.account, resourceId: line.resourceId, resourceName: line.resourceName, pricing: line.pricing ?? 'Standard', quantity, tags, ownTags: own });
    },
  };
}

/** When a training program runs: the epoch day its current run started, or null when idle. */
export type Schedule = (day: DayInfo) => number | null;

/** Active `active` days out of every `period`, shifted by `offset` days. */
export const cycle = (period: number, active: number, offset = 0): Schedule => (day) => {
  const pos = (((day.epochDay + offset) % period) + period) % period;
  return pos < active ? day.epochDay - pos : null;
};

/** Active on the given days of every month (the run starts on the first of them). */
export const monthDays = (days: readonly number[]): Schedule => (day) =>
  days.includes(day.dom) ? day.epochDay - (day.dom - days[0]) : null;

/** Active on [start, end) epoch days (one run that started on `start`). */
export const during = (start: number, end: number): Schedule => (day) =>
  day.epochDay >= start && day.epochDay < end ? start : null;

export interface TrainingProgram {
  model: SampleModel;
  account: SampleAccount;
  product: Product;
  /** `instances`: one row per node (EC2, GCE); `job`: one row for the whole job (SageMaker, Vertex). */
  shape: 'instances' | 'job';
  nodes: number;
  schedule: Schedule;
  pricing: SamplePricing;
  env: Env;
  style: TagStyle;
  /** Experiment id prefix; default `exp-<model short>`. The run start date is appended. */
  experiment?: string;
  /** GPU utilisation range while running (percent). */
  util?: [number, number];
}

/** GPU training runs tagged with their experiment (`exp-<short>-<YYYYMMDD of run start>`). */
export function training(p: TrainingProgram): DaySource {
  const seed = hashString(`train|${p.experiment ?? p.model.short}|${p.account.id}`);
  const base = styledTags(p.style, { team: p.model.team, model: p.model.name, env: p.env }, { workload: 'training' });
  return {
    name: `${p.experiment ?? `exp-${p.model.short}`} (${p.model.name})`,
    emit(day, out) {
      const runStart = p.schedule(day);
      if (runStart === null) return;
      const rng = rngFor(day.epochDay, seed);
      const exp = `${p.experiment ?? `exp-${p.model.short}`}-${formatDate(runStart).replaceAll('-', '')}`;
      // A run starts mid-morning on its first day and then runs around the clock.
      const hours = runStart === day.epochDay ? 24 - Math.floor(between(rng, 2, 10)) : 24;
      const util = p.util ?? [78, 97];
      const tags = { ...base, experiment: exp, [GPU_UTILIZATION_TAG]: utilization(rng, util[0], util[1]) };
      const common = { product: p.product, account: p.account, pricing: p.pricing, tags };
      if (p.shape === 'job') {
        const id = p.product.provider === 'AWS'
          ? sagemakerArn(p.account, 'training-job', exp, p.product.regionId)
          : vertexId(p.account.id, 'customJobs', String(hashString(exp) % 9_000_000_000 + 1_000_000_000), p.product.regionId);
        out({ ...common, resourceId: id, resourceName: exp, quantity: hours * p.nodes });
        return;
      }
      for (let i = 0; i < p.nodes; i++) {
        const name = `${exp}-node-${i}`;
        const id = p.product.provider === 'AWS' ? ec2InstanceId(`${p.account.id}|${name}`) : gceInstanceId(p.account.id, name);
        out({ ...common, resourceId: id, resourceName: name, quantity: hours });
      }
    },
  };
}
