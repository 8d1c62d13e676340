import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Timeouts only guard against a hang: generous, since several suites share two busy cores.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
