import { describe, expect, it } from 'vitest';
import { gpuAdvice } from '../../../src/app/gpu/gpu-advice.js';
import { digestGpuLines } from '../../../src/app/jobs/digest/digest-gpu.js';
import type { TeamEntry } from '../../../src/app/jobs/routing.js';
import { sampleDeps } from '../gpu/gpu-test-deps.js';
import { noCosts } from './helpers.js';

const entry = (name: string, scope: string | null): TeamEntry => ({ name, scope, slackChannel: null, teamsConversation: null, isDefault: false });
const ENTRIES = [entry('vision', 'team=vision'), entry('finance', null), entry('prod', 'env=prod')];

describe('the digest’s GPU lines', { timeout: 120_000 }, () => {
  it('gives each team entry yesterday’s idle-GPU line; no savings line on other days than the week’s first', async () => {
    const gpu = sampleDeps('2026-11-26');
    const lines = await digestGpuLines(gpu, ENTRIES, noCosts, '2026-11-26', 'monday');
    expect(lines.get('vision')!.idle!.text).toMatch(/^Idle GPUs 2026-11-25: 1 resource, .* \(largest: vision-sandbox-p4d, vision, [\d,.]+ USD\)\.$/);
    expect(lines.get('finance')!.idle!.facts.resources).toBeGreaterThan(lines.get('vision')!.idle!.facts.resources);
    expect(lines.has('prod')).toBe(false);
    expect([...lines.values()].every((l) => l.advice === null)).toBe(true);
  });

  it('adds the week’s savings on its first day: each entry’s advice items summed', async () => {
    const gpu = sampleDeps('2026-11-23');
    const lines = await digestGpuLines(gpu, ENTRIES, noCosts, '2026-11-23', 'monday');
    const advice = await gpuAdvice(gpu, { now: Date.parse('2026-11-23T12:00:00Z'), dates: { start: '2026-11-09', end: '2026-11-23' }, teams: ['vision'] });
    expect(lines.get('vision')!.advice).toBe(`GPU savings this week: about ${advice.notice.text.match(/save about ([\d,.]+ USD)/)![1]} a month in ${advice.data.items.length} items (largest: ${advice.data.items[0]!.summary}). Ask \`advice\` for the evidence.`);
  });
});
