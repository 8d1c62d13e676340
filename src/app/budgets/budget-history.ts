import type { AuditEntry, Json } from '../../store/index.js';
import type { Identity, Reply } from '../conversation/types.js';
import { budgetSubject } from './audit-trail.js';
import { findBudget, listBudgetsInForce } from './budget-catalog.js';
import type { BudgetDeps } from './budget-deps.js';
import { when } from './budget-format.js';
import { privateNotice, rejected, unknownBudget } from './budget-replies.js';
import { mayViewBudget, notVisibleMessage } from './budget-visibility.js';

const SHOWN = 25;

/** One audit record's detail in a few words. */
function summary(e: AuditEntry): string {
  const d = (e.detail ?? {}) as { [k: string]: Json };
  const s = (k: string) => (d[k] === undefined || d[k] === null ? '' : String(d[k]));
  switch (e.action) {
    case 'override.request':
      return `#${s('request')} +${s('amount')} for ${s('periodStart')}${d.until ? ` until ${s('until')}` : ''}: ${s('reason')}`;
    case 'override.approve':
      return `#${s('request')} +${s('amount')}`;
    case 'override.deny':
      return `#${s('request')} +${s('amount')}: ${s('reason')}`;
    case 'override.refused':
      return `#${s('request')} ${s('decision') === 'denied' ? 'deny' : 'approve'}: ${s('reason')}`;
    case 'override.expire':
      return `#${s('request')} +${s('amount')}, asked by ${s('requestedBy')}`;
    case 'budget.set':
      return `${s('scope')} ${s('amount')}/${s('period')}, thresholds ${Array.isArray(d.thresholds) ? d.thresholds.join(',') : ''}, owner ${s('team')}`;
    default:
      return s('reason') || JSON.stringify(d).slice(0, 120);
  }
}

/** `/budget history <name>`: the newest records of the budget's audit trail, for those who may see it. */
export async function budgetHistory(deps: BudgetDeps, identity: Identity, name: string, asked = ''): Promise<Reply> {
  const budgets = await listBudgetsInForce(deps.config, deps.store);
  const budget = findBudget(budgets, name);
  const subjectName = budget?.name ?? name;
  const entries = await deps.store.listAudit(budgetSubject(subjectName), SHOWN);
  // A budget no longer in force still has a history; only an unknown name with none is an error.
  if (!budget && entries.length === 0) return unknownBudget(asked, name, budgets);
  const viewer = await deps.policy.viewer(identity);
  if (budget && !mayViewBudget(viewer, budget, deps.parseScope, deps.policy)) return rejected(asked, notVisibleMessage(deps.policy, identity, budget));
  if (!budget && viewer.kind !== 'everything') return rejected(asked, notVisibleMessage(deps.policy, identity, { name, team: null }));
  return privateNotice(
    {
      kind: 'budget-history',
      title: `History of ${subjectName}`,
      text: entries.length ? `${entries.length} most recent records of ${subjectName}, newest first.` : `Nothing has happened to ${subjectName} from chat yet.`,
      table: { columns: ['When', 'Who', 'Platform', 'What', 'Detail'], rows: entries.map((e) => [when(e.at), e.actor, e.platform, e.action, summary(e)]) },
      notes: entries.length === SHOWN ? [`Only the newest ${SHOWN} are shown: \`finops-bot audit --json\` prints everything.`] : [],
      tone: 'info',
    },
    { history: entries.map((e) => ({ at: e.at.toISOString(), actor: e.actor, platform: e.platform, action: e.action, subject: e.subject, detail: e.detail })) },
  );
}
