import { describe, expect, it } from 'vitest';
import { runTeamsBench } from '../../../bench/teams-bench.js';

describe('runTeamsBench', () => {
  it('measures replies from the POST to the card at the connector', async () => {
    const result = await runTeamsBench({ iterations: 3, charts: false });
    expect(result.iterations).toBe(3);
    expect(result.replyP50).toBeGreaterThan(0);
    expect(result.replyP95).toBeGreaterThanOrEqual(result.replyP50);
  });
});
