import { describe } from 'vitest';
import { storeContract } from './contract/index.js';
import { PG_TEST_URL, pgHarness } from './harness.js';

const name = PG_TEST_URL === undefined ? 'store contract on PostgreSQL (skipped: set FINOPS_TEST_DATABASE_URL)' : 'store contract on PostgreSQL';

describe.skipIf(PG_TEST_URL === undefined)(name, { timeout: 180_000 }, () => {
  storeContract(pgHarness(PG_TEST_URL ?? 'postgres://unset'));
});
