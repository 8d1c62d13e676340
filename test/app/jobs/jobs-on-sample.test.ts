import { beforeAll, describe, expect, it } from 'vitest';
import type { CostEngine } from '../../../src/app/cost-engine.js';
import { budgetsJob } from '../../../src/app/jobs/budgets/budgets-job.js';
import { engineCostReader } from '../../../src/app/jobs/cost-reader.js';
import { digestJob } from '../../../src/app/jobs/digest/digest-job.js';
import type { JobContext } from '../../../src/app/jobs/types.js';
import { loadRuntimeConfig } from '../../../src/app/runtime-config.js';
import type { FinopsConfig } from '../../../src/config/index.js';
import { sampleEngine } from '../../helpers/test-engine.js';
import { silent } from './helpers.js';

const SLOT = new Date('2026-11-26T09:00:00Z');
let engine: CostEngine;
let cfg: FinopsConfig;

function context(over: Partial<JobContext> = {}): JobContext {
  return {
    job: 'digest',
    slot: SLOT,
    today: '2026-11-26',
    config: cfg,
    costs: engineCostReader(engine, SLOT.getTime()),
    store: { listBudgets: async () => [], approvedOverrideTotal: async () => '0' },
    logger: silent,
    signal: new AbortController().signal,
    ...over,
  };
}

async function total(q: string): Promise<string> {
  const r = await engine.ask(q, SLOT.getTime());
  if (!r.ok) throw new Error(r.message);
  return r.answer.total.toFixed(2);
}

describe('the jobs on the bundled sample data', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    engine = await sampleEngine('2026-12-02');
    cfg = (await loadRuntimeConfig({ configPath: 'fixtures/jobs/teams.yaml', env: {} })).config;
  });

  it('composes one digest per team entry whose figures are the engine’s answers to the same questions', async () => {
    const { messages } = await digestJob.compose(context());

    expect(messages.map((m) => m.key)).toEqual(['nlp', 'vision', 'speech', 'recsys', 'platform', 'finance'].map((t) => `digest:${t}:2026-11-25`));
    // A team's figure is its row of one grouped question: rows are rounded to add up to the
    // total (largest remainder), so it may differ from the filtered question by a cent.
    const nlp = messages[0]!.facts as Record<string, string>;
    const cent = async (fact: string, q: string) => expect(Math.abs(Number(fact) - Number(await total(q)))).toBeLessThanOrEqual(0.0100001);
    await cent(nlp.yesterday!, 'team=nlp 2026-11-25');
    await cent(nlp.monthToDate!, 'team=nlp 2026-11-01 to 2026-11-25');
    await cent(String(Number(nlp.average7) * 7), 'team=nlp 2026-11-18 to 2026-11-24');
    const finance = messages[5]!.facts as Record<string, string>;
    expect(finance.yesterday).toBe(await total('2026-11-25'));
    expect(finance.monthToDate).toBe(await total('2026-11-01 to 2026-11-25'));

    const notice = messages[0]!.notice;
    expect(notice.chart?.alt).toMatch(/^Daily cost of nlp from 2026-11-12 to 2026-11-25/);
    expect(notice.actions?.map((a) => [a.verb, a.id])).toEqual([
      ['ask', 'team=nlp by model 2026-11-25 to 2026-11-25'],
      ['ask', 'team=nlp daily 2026-11-12 to 2026-11-25'],
      ['ask', 'team=nlp by workload 2026-11-01 to 2026-11-25'],
    ]);
    expect(notice.table?.rows[0]?.[0]).toBe((nlp.top as unknown as { value: string }[])[0]!.value);
  });

  it('asks the same number of questions for twenty team entries as for two', async () => {
    const teams = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, { scope: `team=${['nlp', 'vision', 'speech', 'recsys', 'platform'][i % 5]}` }]));
    const asked = async (n: number) => {
      const texts = new Set<string>();
      const costs = engineCostReader(engine, SLOT.getTime());
      const spy = { ...costs, ask: (q: string) => (texts.add(q), costs.ask(q)) };
      await digestJob.compose(context({ config: { ...cfg, teams: teams(n) as FinopsConfig['teams'], budgets: [] }, costs: spy }));
      return texts.size;
    };
    expect(await asked(20)).toBe(await asked(2));
  });

  it('names the highest threshold crossed and the forecast, keyed by the effective amount', async () => {
    const overrides = { approvedOverrideTotal: async (b: string) => (b === 'nlp-monthly' ? '100000' : '0'), listBudgets: async () => [] };
    const plain = await budgetsJob.compose(context({ job: 'budgets' }));
    const raised = await budgetsJob.compose(context({ job: 'budgets', store: overrides }));

    expect(plain.messages.map((m) => [m.key, m.team, m.snoozeScope])).toEqual([
      ['budget:nlp-monthly:2026-11-01:80:180000.00', 'nlp', 'budget:nlp-monthly'],
      ['budget:nlp-monthly:2026-11-01:forecast:180000.00', 'nlp', 'budget:nlp-monthly'],
    ]);
    expect(Math.abs(Number(plain.messages[0]!.facts.spent) - Number(await total('team=nlp 2026-11-01 to 2026-11-26')))).toBeLessThanOrEqual(0.0100001);
    expect(plain.messages[0]!.notice.actions?.map((a) => a.verb)).toEqual(['ask', 'override.request', 'snooze']);
    // 280,000.00: back under 80 %, but past 50 % of the new amount — a new alert.
    expect(raised.messages.map((m) => m.key)).toEqual(['budget:nlp-monthly:2026-11-01:50:280000.00']);
  });
});
