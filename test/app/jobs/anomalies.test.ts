import { describe, expect, it } from 'vitest';
import { anomaliesJob, explainSpike, parseSpikeKey } from '../../../src/app/jobs/anomalies/anomalies-job.js';
import { whyNotice } from '../../../src/app/jobs/anomalies/spike-notice.js';
import { engineCostReader } from '../../../src/app/jobs/cost-reader.js';
import type { JobContext } from '../../../src/app/jobs/types.js';
import { addDays } from '../../../src/core/dates.js';
import type { CostRecord } from '../../../src/core/types.js';
import { engineOver, generatedRecords, type GeneratedSpike } from './generated-costs.js';
import { config, silent } from './helpers.js';

const CFG = config({
  teams: { nlp: { slack: { channel: 'C0NLP00001' } }, vision: {}, ops: { default: true } },
  anomalies: { dimensions: ['team', 'model'], minDailyCost: 100, minIncrease: 0.5, baselineDays: 28 },
});
const FIRST = '2026-09-01';
const LAST = '2026-11-25';
const SPIKE: GeneratedSpike = { day: '2026-11-24', resource: 'i-0runaway', team: 'nlp', model: 'llama-70b', experiment: 'exp-runaway', amount: 4200 };

async function run(records: CostRecord[], today: string) {
  const engine = await engineOver(records, CFG);
  const slot = new Date(`${today}T08:30:00Z`);
  const ctx: JobContext = {
    job: 'anomalies', slot, today, config: CFG, costs: engineCostReader(engine, slot.getTime()),
    store: { listBudgets: async () => [], approvedOverrideTotal: async () => '0' }, logger: silent, signal: new AbortController().signal,
  };
  return { ctx, composed: await anomaliesJob.compose(ctx) };
}

describe('spike alerts on generated data', { timeout: 60_000 }, () => {
  it('alerts on the planted spike’s day, to the owning team, naming the resource that caused it', async () => {
    const { composed } = await run(generatedRecords(FIRST, LAST, SPIKE), '2026-11-25');

    expect(composed.messages.map((m) => [m.key, m.team])).toEqual([
      ['spike:team=nlp:2026-11-24', 'nlp'],
      ['spike:model=llama-70b:2026-11-24', 'nlp'],
    ]);
    for (const m of composed.messages) {
      const causes = m.facts.causes as { dimension: string; value: string; increase: string; share: number }[];
      const resources = causes.filter((c) => c.dimension === 'resource');
      expect(resources[0]).toMatchObject({ value: 'i-0runaway' });
      expect(resources[0]!.share).toBeGreaterThan(0.8);
      expect(causes.map((c) => Number(c.increase))).toEqual(causes.map((c) => Number(c.increase)).sort((a, b) => b - a));
      expect(causes.map((c) => c.value)).toContain('exp-runaway');
      expect(m.text).toContain('mostly i-0runaway (resource');
      expect(m.notice.actions?.map((a) => [a.verb, a.id])).toContainEqual(['why', m.key]);
      expect(m.snoozeScope).toBe(m.key.split(':')[1]);
    }
    expect(composed.messages[0]!.facts).toMatchObject({ dimension: 'team', value: 'nlp', day: '2026-11-24' });
  });

  it('raises nothing on the same data without the spike, whatever day it runs, weekends and a past outlier included', async () => {
    const records = generatedRecords(FIRST, LAST);
    for (const today of ['2026-11-20', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26']) {
      const { composed } = await run(records, today);
      expect(composed.messages.map((m) => m.key), today).toEqual([]);
    }
  });

  it('does not judge a day the data does not cover yet, and says so', async () => {
    const records = generatedRecords(FIRST, LAST, SPIKE).map((r) =>
      r.chargePeriodStart === Date.parse(`${SPIKE.day}T00:00:00Z`) ? { ...r, chargePeriodEnd: r.chargePeriodStart + 12 * 3_600_000 } : r,
    );
    const cut = records.filter((r) => r.chargePeriodStart <= Date.parse(`${SPIKE.day}T00:00:00Z`));

    const { composed } = await run(cut, '2026-11-25');

    expect(composed.messages).toEqual([]);
    expect(composed.notes).toContain(`${SPIKE.day} not judged yet: the data is not complete for it (complete to 2026-11-23).`);
  });

  it('explains a spike in full for the Why? button', async () => {
    const { ctx } = await run(generatedRecords(FIRST, LAST, SPIKE), '2026-11-25');

    const explained = await explainSpike(ctx, 'spike:team=nlp:2026-11-24');
    expect(explained?.causes.find((c) => c.dimension === 'resource')).toMatchObject({ value: 'i-0runaway' });
    const notice = whyNotice(explained!, CFG);
    expect(notice.table?.rows.map((r) => r[0])).toContain('i-0runaway');
    expect(await explainSpike(ctx, 'digest:nlp:2026-11-24')).toBeNull();
    expect(parseSpikeKey('spike:tag:cost-center=a:b:2026-11-24')).toEqual({ dimension: 'tag:cost-center', value: 'a:b', day: '2026-11-24' });
  });

  it('keeps the judged window to the last three days before the run', async () => {
    // Run a week later: the spike is out of the window and no longer alerted.
    const { composed } = await run(generatedRecords(FIRST, addDays(LAST, 7), SPIKE), addDays('2026-11-25', 7));
    expect(composed.messages).toEqual([]);
  });
});
