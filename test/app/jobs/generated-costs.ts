import { CostEngine } from '../../../src/app/cost-engine.js';
import { toAllocationConfig, type FinopsConfig } from '../../../src/config/index.js';
import { addDays, weekdayOf } from '../../../src/core/dates.js';
import type { CostRecord } from '../../../src/core/types.js';
import { makeRecord } from '../../helpers/make-record.js';
import { recordsProvider } from '../../helpers/test-engine.js';
import { silent } from './helpers.js';

/** A small deterministic PRNG (mulberry32), so generated data is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedSpike {
  day: string;
  resource: string;
  team: string;
  model: string;
  experiment: string;
  /** Added that day, in USD. */
  amount: number;
}

const FLEET = [
  { resource: 'i-0a1nlp', team: 'nlp', model: 'llama-70b', service: 'Amazon Elastic Compute Cloud', experiment: 'exp-a', base: 1400 },
  { resource: 'i-0b2nlp', team: 'nlp', model: 'llama-8b', service: 'Amazon Elastic Compute Cloud', experiment: 'exp-b', base: 600 },
  { resource: 'ep-nlp-serve', team: 'nlp', model: 'llama-70b', service: 'Amazon SageMaker', experiment: '', base: 900 },
  { resource: 'i-0c3vis', team: 'vision', model: 'sdxl', service: 'Amazon Elastic Compute Cloud', experiment: 'exp-c', base: 1800 },
  { resource: 'bucket-vision', team: 'vision', model: '', service: 'Amazon Simple Storage Service', experiment: '', base: 300 },
  { resource: 'i-0d4spe', team: 'speech', model: 'whisper', service: 'Amazon Elastic Compute Cloud', experiment: 'exp-d', base: 250 },
];

/**
 * Daily costs of a small organisation over [first, last]: every resource with a weekly
 * pattern (weekends at 40 %), ±10 % noise, one big one-off day long before the window
 * judged (an outlier the baseline must shrug off), and optionally a planted spike.
 */
export function generatedRecords(first: string, last: string, spike?: GeneratedSpike): CostRecord[] {
  const rand = prng(42);
  const out: CostRecord[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) {
    const w = weekdayOf(day);
    const weekly = w === 0 || w === 6 ? 0.4 : 1;
    for (const r of FLEET) {
      let cost = r.base * weekly * (0.9 + 0.2 * rand());
      if (day === addDays(last, -20) && r.resource === 'i-0c3vis') cost *= 6;
      const tags: Record<string, string> = { team: r.team, ...(r.model ? { model: r.model } : {}), ...(r.experiment ? { experiment: r.experiment } : {}) };
      out.push(makeRecord({ day, billedCost: cost.toFixed(2), resourceId: r.resource, serviceName: r.service, tags }));
    }
    if (spike && day === spike.day) {
      out.push(makeRecord({ day, billedCost: spike.amount.toFixed(2), resourceId: spike.resource, serviceName: 'Amazon Elastic Compute Cloud', tags: { team: spike.team, model: spike.model, experiment: spike.experiment } }));
    }
  }
  return out;
}

export async function engineOver(records: CostRecord[], cfg: FinopsConfig): Promise<CostEngine> {
  return CostEngine.load([recordsProvider(records)], {
    timezone: cfg.timezone, weekStart: cfg.weekStart, currency: cfg.currency, defaultRange: cfg.defaultRange, metric: cfg.metric, allocation: toAllocationConfig(cfg),
  }, silent);
}
