import { migration0001Init } from './0001-init.js';
import { migration0002AuditAppendOnly } from './0002-audit-append-only.js';
import { migration0003DeliveryLedger } from './0003-delivery-ledger.js';
import { migration0004ConsoleMessages } from './0004-console-messages.js';
import { migration0008SeenRequests } from './0008-seen-requests.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/**
 * Every migration, in version order. A new one is a new module added at the end. Numbers
 * 5–7 and 9 are reserved for work on other branches: a skipped number is allowed.
 */
export const MIGRATIONS: readonly Migration[] = [migration0001Init, migration0002AuditAppendOnly, migration0003DeliveryLedger, migration0004ConsoleMessages, migration0008SeenRequests];
