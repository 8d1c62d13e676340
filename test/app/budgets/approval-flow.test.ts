import { describe } from 'vitest';
import { PG_TEST_URL, pgHarness, pgliteHarness, useHarness } from '../../store/harness.js';
import { approvalFlowSuite } from './approval-flow.js';

describe('the approval flow on PGlite (in memory)', { timeout: 30_000 }, () => {
  const harness = pgliteHarness();
  useHarness(harness);
  approvalFlowSuite(harness);
});

const pgName = PG_TEST_URL === undefined ? 'the approval flow on PostgreSQL (skipped: set FINOPS_TEST_DATABASE_URL)' : 'the approval flow on PostgreSQL';
describe.skipIf(PG_TEST_URL === undefined)(pgName, { timeout: 30_000 }, () => {
  const harness = pgHarness(PG_TEST_URL ?? 'postgres://unset');
  useHarness(harness);
  approvalFlowSuite(harness);
});
