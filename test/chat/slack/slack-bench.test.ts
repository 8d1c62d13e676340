import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { percentile, runSlackBench } from '../../../bench/slack-bench.js';
import { buildTestEngine } from './test-helpers.js';

describe('bench/slack-bench', () => {
  it('percentile is nearest-rank', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 99)).toBe(5);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('measures acks and answers over signed HTTP (a smoke run on the test data)', async () => {
    const engine = await buildTestEngine(pino({ level: 'silent' }));
    const r = await runSlackBench({ iterations: 5, engine });
    expect(r.iterations).toBe(5);
    expect(r.ackP50).toBeGreaterThan(0);
    expect(r.ackP99).toBeGreaterThanOrEqual(r.ackP50);
    expect(r.answerP95).toBeGreaterThanOrEqual(r.answerP50);
  });
});
