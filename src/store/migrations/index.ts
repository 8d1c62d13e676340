import { migration0001Init } from './0001-init.js';
import { migration0002ConsoleMessages } from './0002-console-messages.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration, in version order. A new one is a new module added at the end. */
export const MIGRATIONS: readonly Migration[] = [migration0001Init, migration0002ConsoleMessages];
