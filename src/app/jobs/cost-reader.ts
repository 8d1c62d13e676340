/**
 * How the jobs read costs: through the engine's own query language, so a digest or an
 * alert says exactly what `/cost` would say for the same question (allocation, shared
 * costs, exact cents). Several team entries share one grouped question (`by team daily
 * …`) instead of one question each: against Cost Explorer a run then costs a constant
 * number of requests whatever the number of teams, and the engine's provider cache in the
 * store serves a repeated run.
 */
import type { CostEngine } from '../cost-engine.js';
import { formatQuery } from '../../core/query/index.js';
import type { Answer, ParsedQuery } from '../../core/types.js';

/** The engine as the jobs use it. */
export interface CostReader {
  /** Answers a query (explicit dates); a rejected query throws `JobDataError`. Memoised per run. */
  ask(text: string): Promise<Answer>;
  /** `{ key, value }` when the scope is exactly one `key=value` filter (groupable), else null. */
  simpleScope(scope: string): { key: string; value: string } | null;
  /** The canonical text of a query (a button's id): the same answer whenever it is clicked. */
  canonical(text: string): string;
  /** Provider calls made so far by this reader's questions (push-down requests, not cache hits). */
  providerCalls(): number;
  /** Whether `key` can be grouped by (a configured or built-in dimension, a FOCUS key). */
  hasKey(key: string): boolean;
  /** The label of unallocated costs, and the names of shared-cost rules (rows that are no team). */
  readonly unallocatedLabel: string;
  readonly sharedNames: string[];
}

/** A question the jobs asked was refused: a bad scope in the configuration, most likely. */
export class JobDataError extends Error {
  override readonly name = 'JobDataError';
}

const PLAIN = /^[A-Za-z0-9_.:/@+-]+$/;

/** `key=value` in the query language, quoted when the value needs it. */
export function filterText(key: string, value: string): string {
  return `${key}=${PLAIN.test(value) ? value : `"${value.replace(/"/g, "'")}"`}`;
}

/** `2026-11-12 to 2026-11-25`: both days included. */
export function daysText(first: string, last: string): string {
  return `${first} to ${last}`;
}

/**
 * A reader over one engine, for one run: `now` is the run's slot, so "today" is the
 * slot's day and every question is reproducible with `--now`.
 */
export function engineCostReader(engine: CostEngine, now: number): CostReader {
  const memo = new Map<string, Promise<Answer>>();
  let calls = 0;
  const parse = (text: string): ParsedQuery => engine.parse(text, now);
  return {
    ask(text) {
      let hit = memo.get(text);
      if (hit === undefined) {
        hit = engine.ask(text, now).then((r) => {
          if (!r.ok) throw new JobDataError(`The question “${text}” was refused: ${r.message}`);
          for (const n of Object.values(r.answer.stats.providerCalls)) calls += n;
          return r.answer;
        });
        memo.set(text, hit);
        hit.catch(() => memo.delete(text));
      }
      return hit;
    },
    simpleScope(scope) {
      const q = parse(scope);
      const entries = Object.entries(q.filters);
      if (q.error !== null || entries.length !== 1) return null;
      const [key, f] = entries[0]!;
      if (key.startsWith('tag:') || f.notIn?.length || f.in?.length !== 1) return null;
      return { key, value: f.in[0]! };
    },
    canonical(text) {
      const q = parse(text);
      return q.error === null ? formatQuery(q) : text;
    },
    providerCalls: () => calls,
    hasKey: (key) => engine.dimensionKeys().includes(key),
    unallocatedLabel: engine.settings.allocation.unallocated,
    sharedNames: engine.settings.allocation.shared.map((s) => s.name),
  };
}

/** Whole cents of an answer's amount (amounts are already rounded to cents). */
export function cents(amount: number): bigint {
  return BigInt(Math.round(amount * 100));
}

/** Day → cents of a series answer's total. */
export function dailyTotals(answer: Answer): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const p of answer.series ?? []) out.set(p.start, cents(p.cost));
  return out;
}

/** Value of `key` → day → cents, from a series answer grouped by `key` (first grouping). */
export function dailyByValue(answer: Answer, key: string): Map<string, Map<string, bigint>> {
  const out = new Map<string, Map<string, bigint>>();
  for (const p of answer.series ?? []) {
    for (const r of p.rows ?? []) {
      const v = r.key[key] ?? '';
      let days = out.get(v);
      if (days === undefined) out.set(v, (days = new Map()));
      days.set(p.start, (days.get(p.start) ?? 0n) + cents(r.cost));
    }
  }
  return out;
}

/**
 * Days the data marks as estimated. Cost Explorer says so in a note (`Cost Explorer
 * marks 2026-11-24 and 2026-11-25 as estimated`, or `… 2026-11-20 to 2026-11-25 (6 days)
 * as estimated`), the one place the engine reports it today; a guard test keeps this in
 * step with the provider's wording.
 */
export function estimatedDays(notes: string[]): Set<string> {
  const out = new Set<string>();
  for (const n of notes) {
    const m = /marks (.+?) as estimated/.exec(n);
    if (!m) continue;
    const span = /^(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})/.exec(m[1]!);
    if (span) {
      for (let d = span[1]!; d <= span[2]!; d = nextDay(d)) out.add(d);
    } else {
      for (const d of m[1]!.match(/\d{4}-\d{2}-\d{2}/g) ?? []) out.add(d);
    }
  }
  return out;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * Whether the data behind `answer` covers all of `day`: its freshness (the end of the
 * latest charge period in the range) reaches the end of the day — in the configured
 * zone, or at UTC midnight, where daily exports end their days.
 */
export function dayComplete(answer: Pick<Answer, 'freshness'>, day: string, zonedEndOfDay: number): boolean {
  if (answer.freshness === null) return false;
  const utcEnd = Date.parse(`${nextDay(day)}T00:00:00Z`);
  return Date.parse(answer.freshness) >= Math.min(utcEnd, zonedEndOfDay);
}
