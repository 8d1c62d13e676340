/**
 * A small GPU fleet with known idle stretches, as OpenMetrics text for a real Prometheus,
 * and the billing rows of the same machines. Every expected figure in the tests follows
 * from the stories below by hand.
 *
 * - host-a (`Hostname`, p4d.24xlarge, 8 GPUs, billed as i-0aaa): busy, except GPUs 5–7
 *   idle 18 h (Wed 18th 10:00 → Thu 19th 04:00) and all 8 idle over the weekend
 *   (Sat 21st 00:00 → Mon 23rd 08:00, 56 h); frame buffer 30 % used.
 * - host-b (`hostname`, the newer DCGM label; Kubernetes: gpu 0 moves from pod trainer-1
 *   to trainer-2 at Tue 17th 12:00): gpu 0 idle 3 h across the pod change (one episode),
 *   and idle 1.5 h on Thu (too short). Billed as g5.12xlarge (4 GPUs; only 2 export metrics).
 * - host-c: utilisation exactly 5 % for a day: at the threshold is not idle.
 * - host-d: scraped every 30 s, idle 2.5 h on Fri 20th 01:00 → 03:30 with one 3-minute
 *   gap of missed scrapes inside (bridged).
 * - host-e: metrics, but no billing row (an unmapped machine).
 * - vLLM: llama-70b's prompt counter restarts once; 1,000 tokens a minute.
 */
import type { Writable } from 'node:stream';
import { writeLine } from '../../helpers/real-prometheus.js';
import { makeRecord } from '../../helpers/make-record.js';
import type { CostRecord } from '../../../src/core/types.js';

export const FIXTURE_START = Date.parse('2026-11-16T00:00:00Z');
/** Nine days: 12,960 one-minute points per series, more than one Prometheus request may hold. */
export const FIXTURE_END = Date.parse('2026-11-25T00:00:00Z');
const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
const inside = (t: number, a: string, b: string) => t >= at(a) && t < at(b);

function utilA(gpu: number, t: number): number {
  if (inside(t, '2026-11-21T00:00:00Z', '2026-11-23T08:00:00Z')) return 0;
  if (gpu >= 5 && inside(t, '2026-11-18T10:00:00Z', '2026-11-19T04:00:00Z')) return 1;
  return 60 + ((t / MIN + gpu * 7) % 30);
}

function utilB(t: number): number {
  if (inside(t, '2026-11-17T10:30:00Z', '2026-11-17T13:30:00Z')) return 2;
  if (inside(t, '2026-11-19T09:00:00Z', '2026-11-19T10:30:00Z')) return 0;
  return 45;
}

async function gauge(out: Writable, labels: string, from: number, to: number, every: number, value: (t: number) => number | null, name = 'DCGM_FI_DEV_GPU_UTIL'): Promise<void> {
  for (let t = from; t < to; t += every) {
    const v = value(t);
    if (v !== null) await writeLine(out, `${name}{${labels}} ${v} ${t / 1000}\n`);
  }
}

/** The fleet's samples as OpenMetrics lines (the caller adds `# EOF`). */
export async function writeFleet(out: Writable): Promise<void> {
  await writeLine(out, '# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n');
  for (let g = 0; g < 8; g++) await gauge(out, `gpu="${g}",Hostname="host-a",modelName="NVIDIA A100-SXM4-40GB"`, FIXTURE_START, FIXTURE_END, MIN, (t) => utilA(g, t));
  const podChange = at('2026-11-17T12:00:00Z');
  await gauge(out, 'gpu="0",hostname="host-b",namespace="ml",pod="trainer-1"', FIXTURE_START, podChange, MIN, utilB);
  await gauge(out, 'gpu="0",hostname="host-b",namespace="ml",pod="trainer-2"', podChange, FIXTURE_END, MIN, utilB);
  await gauge(out, 'gpu="1",hostname="host-b",namespace="ml",pod="trainer-1"', FIXTURE_START, FIXTURE_END, MIN, () => 50);
  await gauge(out, 'gpu="0",Hostname="host-c"', FIXTURE_START, FIXTURE_START + 24 * 60 * MIN, MIN, () => 5);
  await gauge(out, 'gpu="0",Hostname="host-d"', FIXTURE_START, FIXTURE_END, 30_000, (t) => {
    if (inside(t, '2026-11-20T02:00:00Z', '2026-11-20T02:03:00Z')) return null;
    return inside(t, '2026-11-20T01:00:00Z', '2026-11-20T03:30:00Z') ? 3 : 70;
  });
  await gauge(out, 'gpu="0",Hostname="host-e"', FIXTURE_START, FIXTURE_END, MIN, () => 0);
  await writeLine(out, '# TYPE DCGM_FI_DEV_FB_USED gauge\n');
  for (let g = 0; g < 8; g++) await gauge(out, `gpu="${g}",Hostname="host-a",modelName="NVIDIA A100-SXM4-40GB"`, FIXTURE_START, FIXTURE_END, MIN, () => 12288, 'DCGM_FI_DEV_FB_USED');
  await writeLine(out, '# TYPE DCGM_FI_DEV_FB_FREE gauge\n');
  for (let g = 0; g < 8; g++) await gauge(out, `gpu="${g}",Hostname="host-a",modelName="NVIDIA A100-SXM4-40GB"`, FIXTURE_START, FIXTURE_END, MIN, () => 28672, 'DCGM_FI_DEV_FB_FREE');
  await writeLine(out, '# TYPE vllm:prompt_tokens counter\n');
  const restart = at('2026-11-20T00:00:00Z');
  await gauge(out, 'model_name="meta-llama/Llama-3.1-70B"', FIXTURE_START, FIXTURE_END, MIN, (t) => ((t < restart ? t - FIXTURE_START : t - restart) / MIN) * 1000, 'vllm:prompt_tokens_total');
  await writeLine(out, '# TYPE vllm:generation_tokens counter\n');
  await gauge(out, 'model_name="meta-llama/Llama-3.1-70B"', FIXTURE_START, FIXTURE_END, MIN, (t) => ((t - FIXTURE_START) / MIN) * 250, 'vllm:generation_tokens_total');
}

export const RESOURCE_MAP = { 'host-a': 'i-0aaa', 'host-b': 'i-0bbb', 'host-c': 'i-0ccc', 'host-d': 'i-0ddd' };

/** Daily billing rows of the fleet (and a p5 with no metrics): 24 h a day at list price. */
export function fleetBilling(): CostRecord[] {
  const rows: CostRecord[] = [];
  const machine = (id: string, type: string, perHour: string, team: string, model = '', extra: Partial<CostRecord> = {}) => {
    for (let d = FIXTURE_START; d < FIXTURE_END; d += 86_400_000) {
      const cost = (Number(perHour) * 24).toFixed(4);
      rows.push(makeRecord({
        day: new Date(d).toISOString().slice(0, 10), billedCost: cost, effectiveCost: cost, listCost: cost, resourceId: id, resourceName: id,
        chargeDescription: `Linux/UNIX ${type} instance-hour (or partial hour)`, resourceType: 'Instance', consumedQuantity: '24', consumedUnit: 'Hours',
        tags: { team, ...(model ? { model } : {}) }, ...extra,
      }));
    }
  };
  machine('i-0aaa', 'p4d.24xlarge', '32.7726', 'vision');
  machine('i-0bbb', 'g5.12xlarge', '5.672', 'nlp', 'llama-70b', { tags: { team: 'nlp', model: 'llama-70b', workload: 'inference' } });
  machine('i-0ccc', 'g5.xlarge', '1.006', 'speech');
  machine('i-0ddd', 'g5.2xlarge', '1.212', 'recsys');
  machine('i-0fff', 'p5.48xlarge', '98.32', 'nlp');
  return rows;
}
