import { describe, expect, it } from 'vitest';
import { identifyInstance } from '../../../src/core/gpu/identify-instance.js';
import { UtilisationAnalyser } from '../../../src/core/gpu/utilisation-analyser.js';
import { createSampleMetricSource } from '../../../src/metrics/sample/sample-source.js';
import type { GpuSeriesChunk } from '../../../src/metrics/types.js';
import { sampleRecords } from '../../../src/providers/sample/index.js';
import { silent } from '../../app/gpu/gpu-test-deps.js';

const DAY = 86_400_000;
const H = 3_600_000;
const START = Date.parse('2026-11-16T00:00:00Z'); // a Monday
const END = START + 7 * DAY;
const ctx = () => ({ signal: AbortSignal.timeout(60_000), logger: silent });
const source = createSampleMetricSource({ type: 'sample' }, { logger: silent, today: '2026-11-26' });

async function read(range = { start: START, end: END }, step = 60_000): Promise<GpuSeriesChunk[]> {
  const out: GpuSeriesChunk[] = [];
  for await (const batch of source.utilisation({ range, step }, ctx())) out.push(...batch);
  return out;
}

describe('sample metric source', () => {
  it('has utilisation for every GPU billing row and nothing else: same resources, hours and GPU counts', async () => {
    const chunks = await read();
    const billed = new Map<string, { gpus: number; hoursPerInstance: number }>();
    for (const r of sampleRecords({ today: '2026-11-26' })) {
      if (r.chargePeriodStart < START || r.chargePeriodStart >= END || r.chargeCategory !== 'Usage') continue;
      const id = identifyInstance(r);
      if (!id.gpusPerInstance) continue;
      const hours = Number(r.consumedQuantity);
      const instances = Math.ceil(hours / 24 - 1e-9);
      billed.set(`${r.resourceId}|${r.chargePeriodStart}`, { gpus: id.gpusPerInstance * instances, hoursPerInstance: hours / instances });
    }
    const seen = new Map<string, { gpus: Set<string>; minutes: number }>();
    for (const c of chunks) {
      const key = `${c.resource}|${Math.floor(c.start / DAY) * DAY}`;
      const s = seen.get(key) ?? { gpus: new Set<string>(), minutes: 0 };
      s.gpus.add(c.gpu);
      for (const v of c.util) if (v === v) s.minutes++;
      seen.set(key, s);
    }
    expect([...seen.keys()].sort()).toEqual([...billed.keys()].sort());
    for (const [key, b] of billed) {
      const s = seen.get(key)!;
      expect(s.gpus.size, key).toBe(b.gpus);
      // Each GPU runs the hours its row bills (per instance), to the minute.
      expect(Math.abs(s.minutes / s.gpus.size - b.hoursPerInstance * 60), key).toBeLessThanOrEqual(1);
    }
  });

  it('is deterministic and the same whatever range a day is read in', async () => {
    const a = await read({ start: START + 2 * DAY, end: START + 3 * DAY });
    const b = await read({ start: START + 2 * DAY - 7 * H, end: START + 3 * DAY + 5 * H });
    const pick = (cs: GpuSeriesChunk[]) => cs.filter((c) => c.start >= START + 2 * DAY && c.start < START + 3 * DAY).map((c) => [c.resource, c.gpu, Array.from(c.util)]);
    expect(pick(b)).toEqual(pick(a));
  });

  it('tells the stories: a weekend left on, a notebook overnight, 3 of 8 GPUs unused', async () => {
    const range = { start: START, end: END + DAY };
    const a = new UtilisationAnalyser(range, { utilisationBelow: 5, forHours: 2 });
    for (const c of await read(range)) a.add(c);
    const { episodes } = a.finish();
    const byName = (id: string) => episodes.filter((e) => e.resource.includes(id));
    const dev = byName('i-0db81da92704df4fe'); // jdoe-llm-test-0, g5.12xlarge
    // Monday until 08:00 ends the weekend before; Friday 18:00 to Monday 08:00 is this one.
    expect(dev.map((e) => [e.gpu, new Date(e.start).toISOString(), (e.end - e.start) / H])).toEqual(
      ['0', '1', '2', '3'].flatMap((g) => [[g, '2026-11-16T00:00:00.000Z', 8], [g, '2026-11-20T18:00:00.000Z', 62]]),
    );
    const nb = byName('studio-nlp-bruno');
    expect(nb).toHaveLength(1);
    expect(new Date(nb[0]!.start).getUTCDay()).toBe(2);
    expect(new Date(nb[0]!.end).getUTCDay()).toBe(3);
    const staging = byName('i-00d7348213de05b4f'); // llama-70b-staging-0, g5.48xlarge
    expect(staging.map((e) => [e.gpu, (e.end - e.start) / DAY])).toEqual([['5', 8], ['6', 8], ['7', 8]]);
  });

  it('counts the tokens of the three LLMs it serves', async () => {
    const tokens = await source.tokens({ start: START, end: START + DAY }, ctx());
    expect(tokens.map((t) => t.model)).toEqual(['llama-70b', 'llama-8b-ft-support', 'mistral-7b-ft-legal']);
    for (const t of tokens) expect(t.promptTokens).toBe(Math.round((t.promptTokens + t.generationTokens) * 0.75));
  });
});

