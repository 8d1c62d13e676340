/** Small builders for the replies of `/budget`. */
import { closest } from '../../config/did-you-mean.js';
import type { Notice, Reply } from '../conversation/types.js';
import type { Budget } from './budget-catalog.js';
import { USAGE } from './parse-budget-command.js';

/** A refusal or mistake: the message says how to fix it. */
export function rejected(asked: string, message: string, suggestions: string[] = []): Reply {
  return { kind: 'rejected', asked, message, suggestions, examples: Object.values(USAGE).map((u) => u.replace(/^`([^`]*)`.*$/, '$1')) };
}

/** A notice for the asker only. */
export function privateNotice(notice: Notice, data?: unknown): Reply {
  return { kind: 'notice', notice, public: false, ...(data === undefined ? {} : { data }) };
}

/** "No budget named x" with the closest names as suggestions. */
export function unknownBudget(asked: string, name: string, budgets: Pick<Budget, 'name'>[]): Reply {
  const names = budgets.map((b) => b.name);
  const near = closest(name, names);
  const known = names.length ? `Budgets: ${names.join(', ')}.` : 'There are no budgets yet: an administrator sets one with /budget set <name> team=nlp 50000/month.';
  return rejected(asked, `There is no budget named “${name}”${near ? ` — did you mean ${near}?` : '.'} ${known}`, near ? [`/budget show ${near}`] : []);
}
