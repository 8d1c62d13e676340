/**
 * The second line of defence: an answer checked field by field against the clause its
 * question was limited to. The question's filters already keep the engine inside the
 * scope; this drops anything that still names a value outside it — rows, series rows, the
 * unallocated line and its resources, shared-cost pools of the whole organisation, a cloud's
 * forecast of all its cost — and makes the visible rows add up to the visible total again.
 */
import type { Answer, AnswerRow, SeriesPoint } from '../../core/types.js';
import type { ActionButton } from '../conversation/types.js';
import { keyInside } from './scope-filters.js';
import type { CanonicalValue, ScopeClause } from './types.js';

const cents = (n: number) => Math.round(n * 100);

/** Notes that speak of costs outside any filter: shared pools not spread, a cloud's whole forecast. */
const ORG_WIDE_NOTES = [/^Shared cost “.*” \(.*\) had no direct cost to be spread over/, /'s own forecast for .* for all of its cost\.$/];

/** The note listing the shared costs spread over an answer's figures (answer.shared). */
const SPREAD_NOTE = /^Includes .* of shared costs spread over these figures:/;

function withShares(rows: AnswerRow[], totalCents: number): AnswerRow[] {
  return rows.map((r) => ({ ...r, share: totalCents === 0 ? 0 : Math.round((cents(r.cost) / totalCents) * 10_000) / 10_000 }));
}

/**
 * The answer limited to `clause` (null: unchanged):
 * 1. rows whose key lies outside the clause are dropped; if any was, the total becomes the
 *    sum of the rows left (cent for cent), the shares are recomputed, and the shared costs
 *    spread over the whole answer (`shared` and its note) go;
 * 2. the same for each series point's rows and cost;
 * 3. the unallocated line goes when its label lies outside the clause, with its note;
 * 4. notes about organisation-wide costs, or naming a dropped value, go.
 */
export function restrictAnswer(answer: Answer, clause: Pick<ScopeClause, 'filters'> | null, canonical: CanonicalValue, unallocatedLabel: string): Answer {
  if (clause === null) return answer;
  const dropped = new Set<string>();
  const inside = (key: Record<string, string>, other?: boolean) => {
    if (other || keyInside(key, clause, canonical)) return true;
    for (const v of Object.values(key)) dropped.add(v);
    return false;
  };

  const rows = answer.rows.filter((r) => inside(r.key, r.other));
  const out: Answer = { ...answer, rows: answer.rows, notes: [...answer.notes] };
  if (rows.length !== answer.rows.length) {
    const totalCents = rows.reduce((s, r) => s + cents(r.cost), 0);
    out.rows = withShares(rows, totalCents);
    out.total = totalCents / 100;
    // The shared costs spread over the whole answer include the dropped rows' share.
    delete out.shared;
    out.notes = out.notes.filter((n) => !SPREAD_NOTE.test(n));
  }

  if (answer.series) {
    out.series = answer.series.map((p): SeriesPoint => {
      if (!p.rows) return p;
      const kept = p.rows.filter((r) => inside(r.key));
      return kept.length === p.rows.length ? p : { ...p, rows: kept, cost: kept.reduce((s, r) => s + cents(r.cost), 0) / 100 };
    });
  }

  const u = answer.unallocated;
  if (u && !inside({ [u.dimension]: unallocatedLabel })) {
    out.unallocated = null;
    const resources = new Set(u.resources.map((r) => r.resource));
    out.notes = out.notes.filter((n) => !(n.includes(`has no ${u.dimension}`) || [...resources].some((r) => n.includes(r))));
  }

  out.notes = out.notes.filter((n) => !ORG_WIDE_NOTES.some((re) => re.test(n)) && ![...dropped].some((v) => v.length > 1 && n.includes(v)));
  return out;
}

/**
 * Buttons limited the same way: an `ask` or `share` button whose question would be refused
 * is dropped (`check` is `restrictQuery` over the button's canonical query text).
 */
export function restrictActions(actions: ActionButton[], check: (queryText: string) => boolean): ActionButton[] {
  return actions.filter((a) => (a.verb !== 'ask' && a.verb !== 'share') || check(a.id));
}
