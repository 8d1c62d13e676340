import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationServices } from '../../../src/app/conversation/ports.js';
import { idleGpuNudges } from '../../../src/app/gpu/idle-gpu-nudges.js';
import { idleGpuReport } from '../../../src/app/gpu/idle-gpu-report.js';
import { gpuUnitCosts } from '../../../src/app/gpu/gpu-unit-costs.js';
import { actionsBlock } from '../../../src/chat/slack/render-buttons.js';
import type { SlackBlock } from '../../../src/chat/slack/types.js';
import { parseConfig } from '../../../src/config/index.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { sampleDeps } from '../../app/gpu/gpu-test-deps.js';
import { NOW, startHarness, type Harness } from './test-helpers.js';

let h: Harness;
let store: Store;
const gpu = sampleDeps('2026-11-26');

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
  const parsed = parseConfig({});
  if (!parsed.ok) throw new Error('config');
  const services: ConversationServices = { config: parsed.config, store, notifiers: {}, gpu };
  h = await startHarness({ services });
});
afterAll(async () => {
  await h.close();
  await store.close();
});
beforeEach(() => h.fake.reset());

const responseFor = async (id: string) => {
  await h.fake.waitFor(() => h.fake.responses.some((r) => id.endsWith(`/response/${r.id}`)), 60_000);
  return h.fake.responses.find((r) => id.endsWith(`/response/${r.id}`))!.body as { response_type?: string; text: string; blocks: SlackBlock[] };
};

describe('GPU questions and the jobs’ buttons on Slack (real Bolt, signed requests, fake Web API)', { timeout: 120_000 }, () => {
  it('answers `/cost idle gpu last 7 days` with the idle report: owners, hours and cost as the use case computes them', async () => {
    const { status, responseUrl } = await h.command('idle gpu last 7 days');
    expect(status).toBe(200);
    const body = await responseFor(responseUrl);
    const expected = await idleGpuReport(gpu, { range: { start: Date.parse('2026-11-19T00:00:00Z'), end: Date.parse('2026-11-26T00:00:00Z') }, dates: { start: '2026-11-19', end: '2026-11-26' }, by: 'resource' });
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toBe(expected.notice.text);
    // The sample's figures (README, GPU utilisation).
    expect(body.text).toContain('7,075.19 USD wasted');
    const all = JSON.stringify(body.blocks);
    for (const name of ['vision-sandbox-p4d', 'llama-70b-staging-0', 'recsys-debug-a2']) expect(all).toContain(name);
  });

  it('answers `/cost per gpu-hour by model last 7 days` and `/cost per 1m tokens last 7 days` with the unit costs', async () => {
    const range = { start: Date.parse('2026-11-19T00:00:00Z'), end: Date.parse('2026-11-26T00:00:00Z') };
    const perHour = await responseFor((await h.command('per gpu-hour by model last 7 days')).responseUrl);
    expect(perHour.text).toBe((await gpuUnitCosts(gpu, { unit: 'gpu-hour', range, by: 'model' })).notice.text);
    const perTokens = await responseFor((await h.command('per 1m tokens last 7 days')).responseUrl);
    expect(perTokens.text).toBe((await gpuUnitCosts(gpu, { unit: '1m-tokens', range })).notice.text);
    expect(perTokens.text).toMatch(/^Cost per 1M tokens: .*llama-70b \d/);
  });

  it('snoozes an idle-GPU nudge’s resource for the verified clicker, and shows its usage', async () => {
    const { nudges } = await idleGpuNudges(gpu, { now: NOW });
    const nudge = nudges.find((n) => n.facts.resource.endsWith('recsys-debug-a2'))!;
    const buttons = (actionsBlock(nudge.notice.actions!)!.elements ?? []) as SlackBlock[];
    const snooze = buttons.find((b) => String(b.action_id).startsWith('finops:snooze'))!;
    const snoozed = await responseFor((await h.click(snooze, { isEphemeral: false, channelId: 'C0RECSYS01' })).responseUrl);
    expect(snoozed.text).toMatch(/^Alerts about idle-gpu:\/\/compute.+recsys-debug-a2 are snoozed until 2026-11-27 12:00 UTC/);
    expect(await store.activeSnooze(`idle-gpu:${nudge.facts.resource}`, new Date(NOW))).toMatchObject({ by: 'U0ALICE', kind: 'snooze' });
    expect((await store.listAudit(`snooze:idle-gpu:${nudge.facts.resource}`)).map((e) => [e.actor, e.platform, e.action])).toEqual([['U0ALICE', 'slack', 'alert.snooze']]);

    const usage = buttons.find((b) => String(b.action_id).startsWith('finops:usage'))!;
    const shown = await responseFor((await h.click(usage, { isEphemeral: false, channelId: 'C0RECSYS01' })).responseUrl);
    expect(shown.text).toMatch(/^recsys-debug-a2 \(a2-highgpu-1g, 1 GPU, recsys\): \d+ idle episodes? in the last 2 days/);
  });

  it('says which scopes are snoozed: `/cost snooze`', async () => {
    const listed = await responseFor((await h.command('snooze')).responseUrl);
    expect(listed.text).toMatch(/^1 snoozed: idle-gpu:/);
  });
});
