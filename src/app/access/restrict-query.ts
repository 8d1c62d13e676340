/**
 * Applying the access policy to a question: a filter outside what the asker may see is
 * refused with whom to ask; otherwise the asker's scope is added to the question, so the
 * engine never computes a figure — row, series, chart, forecast, note — outside it.
 */
import type { ParsedQuery } from '../../core/types.js';
import type { AccessPolicy } from './access-policy.js';
import { allows, intersect, type OutsideScope } from './scope-filters.js';
import type { ScopeClause, Viewer } from './types.js';

export type RestrictResult =
  /** `clause` is what was added (null: nothing, the viewer sees everything). */
  | { ok: true; query: ParsedQuery; clause: ScopeClause | null }
  | { ok: false; message: string; outside: OutsideScope[] };

function describe(outside: OutsideScope[]): string {
  return outside.map((o) => `${o.key}=${o.values.join(',')}`).join(' ');
}

function list(ids: string[]): string {
  return ids.length ? ` (${ids.join(', ')})` : '';
}

/**
 * Whom to ask for a view of these values: the approvers of the teams whose scope holds
 * them, and the administrators. Ids are those of the asker's platform.
 */
export function whomToAsk(policy: AccessPolicy, outside: OutsideScope[], platform: 'slack' | 'teams' | 'other'): string {
  const pick = (p: { slack: string[]; teams: string[] }) => (platform === 'slack' ? p.slack : platform === 'teams' ? p.teams : []);
  const owners: string[] = [];
  for (const team of outside.length ? policy.teamNames() : []) {
    const scope = policy.teamScope(team);
    if (scope === null || scope === 'all') continue;
    const holds = outside.every((o) => {
      const k = Object.keys(scope.filters).find((x) => x.toLowerCase() === o.key.toLowerCase());
      return k !== undefined && o.values.every((v) => !v.startsWith('!') && allows(scope.filters[k]!, k, v, policy.canonical));
    });
    if (holds) owners.push(team);
  }
  const admins = `an administrator${list(pick(policy.admins()))}`;
  if (!owners.length) return admins;
  const approvers = owners.map((t) => `the approvers of ${t}${list(pick(policy.approvers(t)))}`).join(' or ');
  return `${approvers}, or ${admins}`;
}

/**
 * The question limited to what `viewer` may see:
 * 1. everything: unchanged;
 * 2. no scope at all: refused (not a member of any team);
 * 3. each clause the viewer may see is intersected with the question's filters; values
 *    outside a clause rule it out;
 * 4. a clause the question already lies within: the question as asked; else exactly one
 *    clause left (or several giving the same filters): the question with those filters;
 *    none: refused with whom to ask; several different ones (scopes on different keys
 *    cannot be one filter): refused, asking to name one.
 */
export function restrictQuery(query: ParsedQuery, viewer: Viewer, policy: AccessPolicy, platform: 'slack' | 'teams' | 'other'): RestrictResult {
  if (viewer.kind === 'everything') return { ok: true, query, clause: null };
  if (viewer.clauses.length === 0) {
    const message = viewer.teams.length
      ? `Your teams (${viewer.teams.join(', ')}) have no scope that can be read; ask ${whomToAsk(policy, [], platform)} to fix teams.<team>.scope.`
      : `You may not see costs yet: you are not a member of any team. Ask ${whomToAsk(policy, [], platform)} to add you to teams.<team>.members in the configuration.`;
    return { ok: false, message, outside: [] };
  }
  const fits: { clause: ScopeClause; filters: ParsedQuery['filters'] }[] = [];
  const outside: OutsideScope[] = [];
  for (const clause of viewer.clauses) {
    const r = intersect(query.filters, clause, policy.canonical);
    if (r.ok) fits.push({ clause, filters: r.filters });
    else outside.push(...r.outside);
  }
  const mayAsk = viewer.clauses.map((c) => `\`${c.text}\``).join(' or ');
  if (fits.length === 0) {
    const asked = outside.filter((o) => !o.values.some((v) => v.startsWith('!')));
    return {
      ok: false,
      outside,
      message: asked.length
        ? `You may see costs of ${mayAsk} only, and ${describe(asked)} is outside it. To see it, ask ${whomToAsk(policy, asked, platform)}.`
        : `You may see costs of ${mayAsk} only, and this question leaves none of them. Ask about ${mayAsk}.`,
    };
  }
  // A clause the question already lies within needs no narrowing: it shows all that was asked.
  const whole = fits.find((f) => JSON.stringify(f.filters) === JSON.stringify(query.filters));
  if (whole) return { ok: true, query, clause: whole.clause };
  const distinct = new Set(fits.map((f) => JSON.stringify(f.filters)));
  if (distinct.size > 1) {
    return {
      ok: false,
      outside: [],
      message: `You may see costs of ${mayAsk}: these cannot be shown in one answer. Add one of them to the question (for example \`${fits[0]!.clause.text}\`).`,
    };
  }
  return { ok: true, query: { ...query, filters: fits[0]!.filters }, clause: fits[0]!.clause };
}
