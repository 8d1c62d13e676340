import { auditOverridesContract } from './audit-overrides.js';
import { cacheOverridesContract } from './cache-overrides.js';
import { deliveriesContract } from './deliveries.js';
import { consoleMessagesContract } from './console-messages.js';
import { driverContract } from './driver.js';
import { jobsLedgerContract } from './jobs-ledger.js';
import { migrationContract } from './migrations.js';
import { seenRequestsContract } from './seen-requests.js';
import { useHarness, type DriverHarness } from '../harness.js';

/** The one contract every SqlDriver must pass: call inside a describe block. */
export function storeContract(harness: DriverHarness): void {
  useHarness(harness);
  migrationContract(harness);
  driverContract(harness);
  jobsLedgerContract(harness);
  cacheOverridesContract(harness);
  auditOverridesContract(harness);
  deliveriesContract(harness);
  consoleMessagesContract(harness);
  seenRequestsContract(harness);
}
