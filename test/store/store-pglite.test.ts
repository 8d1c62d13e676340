import { describe } from 'vitest';
import { storeContract } from './contract/index.js';
import { pgliteHarness } from './harness.js';

describe('store contract on PGlite (in memory)', { timeout: 180_000 }, () => {
  storeContract(pgliteHarness());
});
