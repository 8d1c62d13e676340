import type { AccessPolicy } from '../access/access-policy.js';
import { intersect } from '../access/scope-filters.js';
import type { ScopeParser, Viewer } from '../access/types.js';
import type { Identity } from '../conversation/types.js';
import type { Budget } from './budget-catalog.js';
import { whomToAsk } from '../access/restrict-query.js';

/**
 * Whether a viewer may see a budget's figures: everyone when they see everything; else when
 * the budget is one of their teams', or its scope lies inside what they may see.
 */
export function mayViewBudget(viewer: Viewer, budget: Pick<Budget, 'team' | 'scope'>, parseScope: ScopeParser, policy: AccessPolicy): boolean {
  if (viewer.kind === 'everything') return true;
  if (budget.team !== null && viewer.teams.includes(budget.team)) return true;
  const scope = parseScope(budget.scope);
  if (!scope.ok) return false;
  return viewer.clauses.some((c) => {
    const r = intersect(scope.filters, c, policy.canonical);
    return r.ok && JSON.stringify(r.filters) === JSON.stringify(scope.filters);
  });
}

/** The refusal for a budget the asker may not see, with whom to ask. */
export function notVisibleMessage(policy: AccessPolicy, identity: Identity, budget: Pick<Budget, 'name' | 'team'>): string {
  const platform = identity.platform === 'slack' || identity.platform === 'teams' ? identity.platform : 'other';
  const pick = (p: { slack: string[]; teams: string[] }) => (platform === 'teams' ? p.teams : platform === 'slack' ? p.slack : []);
  const approvers = budget.team ? pick(policy.approvers(budget.team)) : [];
  const ask = budget.team ? `the approvers of ${budget.team}${approvers.length ? ` (${approvers.join(', ')})` : ''}, or ${whomToAsk(policy, [], platform)}` : whomToAsk(policy, [], platform);
  return `You may not see the costs of ${budget.name}. To see them, ask ${ask}.`;
}
