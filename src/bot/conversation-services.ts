import type { Logger } from 'pino';
import { createAccessPolicy, type AccessPolicy } from '../app/access/access-policy.js';
import { canonicalWithAliases, scopeParser } from '../app/access/scope-filters.js';
import type { ConsoleAccess } from '../app/access/console-access.js';
import type { GroupDirectory } from '../app/access/types.js';
import { engineSpend } from '../app/budgets/budget-spend.js';
import type { ConversationServices } from '../app/conversation/ports.js';
import type { Notifiers } from '../app/conversation/types.js';
import type { CostEngine } from '../app/cost-engine.js';
import type { FinopsConfig } from '../config/index.js';
import type { Store } from '../store/index.js';

export interface ServicesInput {
  config: FinopsConfig;
  engine: CostEngine;
  store: Store;
  /** Filled in as the platforms connect (the same object the scheduler posts through). */
  notifiers: Notifiers;
  /** Slack user groups, once Slack is mounted; until then (or without Slack) a group matches nobody. */
  groups: () => GroupDirectory | null;
  console: Pick<ConsoleAccess, 'admin'>;
  logger: Logger;
}

/**
 * What the commands and buttons beyond questions need, built once at start-up: the access
 * policy (who is an administrator, a member, an approver; what each may see), the budget
 * use cases' dependencies over the store and the engine, and the notifiers.
 */
export function conversationServices(input: ServicesInput): ConversationServices & { policy: AccessPolicy } {
  const { config, engine, store, notifiers, logger } = input;
  const parseScope = scopeParser(engine.dimensionKeys());
  const groups: GroupDirectory = { members: async (group) => (input.groups()?.members(group) ?? []) };
  const policy = createAccessPolicy({
    config,
    parseScope,
    groups,
    console: input.console,
    canonical: canonicalWithAliases(engine.settings.allocation.dimensions),
    onBadScope: (team, message) => logger.warn({ team }, `teams.${team}.scope cannot be read (${message}): that team grants no view of costs`),
  });
  return {
    config,
    store,
    notifiers,
    policy,
    budgets: { config, store, policy, parseScope, notifiers, spend: engineSpend(engine), logger: logger.child({ component: 'budgets' }) },
    access: { policy, unallocatedLabel: config.unallocated },
  };
}
