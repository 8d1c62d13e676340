import { addDays } from '../dates.js';
import { centsToNumber, exact, formatCents, toCents } from '../money.js';
import { suggestValues } from '../query/suggest-fixes.js';
import type { Answer, DateRange, ParsedQuery, SharedSpread, WeekStart } from '../types.js';
import { buildRows, changeOf, groupsOf, rankGroups } from './answer-rows.js';
import { bucketStarts } from './calendar.js';
import { dataEndDay, fitToData, type FittedRanges } from './fit-to-data.js';
import { runRateForecast } from './forecast-run-rate.js';
import { forecastWindow } from './forecast-window.js';
import { dayNumberOf } from './local-day.js';
import { QueryRefusal } from './query-refusal.js';
import { NONE_LABEL, type ScanPartial, type ScanPlan } from './scan.js';
import { seriesOf } from './series-points.js';
import { bucketTotal, collapseBuckets, mergePartials, spreadBucket } from './spread-shared.js';

export { QueryRefusal } from './query-refusal.js';

/** Runs one scan plan over every source and returns their partial results. */
export type Scanner = (plan: ScanPlan) => Promise<ScanPartial[]>;

export interface AnswerOptions {
  /** Today's date in the configured zone. */
  today: string;
  weekStart: WeekStart;
  /** The configured answer currency. */
  currency: string;
  unallocatedLabel: string;
  /** Allocation dimensions in order (configured first). */
  dimensions: string[];
  /** The configured time zone, for the day the data's freshness falls on (default UTC). */
  timezone?: string;
  /**
   * The latest charge-period end (epoch ms) of the sources known before scanning (the
   * in-memory datasets); null when they hold nothing.
   */
  knownDataEnd?: number | null;
  /**
   * True when the known sources are all of them: the range is cut at the freshness before
   * scanning. Otherwise (push-down providers) it is cut after a first scan, from what came back.
   */
  dataEndFinal?: boolean;
  /**
   * Known values per key: a filter value that matches no data and is none of them is refused
   * with the closest ones (`team=nlpp` → team=nlp) instead of answered with zero.
   */
  knownValues?: Record<string, string[]>;
}

/** Which dimension's unallocated share an answer reports: the one it is about, if any. */
function unallocatedDimension(q: ParsedQuery, dims: string[]): string | null {
  // Only a dimension the question groups or filters by: a total is not "about" team, and a
  // push-down provider then needs no extra key.
  return [...q.groupBy, ...Object.keys(q.filters)].find((k) => dims.includes(k)) ?? null;
}

function planFor(q: ParsedQuery, range: DateRange, series: boolean, opts: AnswerOptions, currency: string, granularity = q.granularity): ScanPlan {
  const startDay = dayNumberOf(range.start);
  const endDay = dayNumberOf(range.end);
  const dimKeys = Object.keys(q.filters).filter((k) => !k.startsWith('tag:'));
  return {
    startDay,
    endDay,
    bucketStarts: bucketStarts(startDay, endDay, series ? granularity : null, opts.weekStart),
    groupBy: q.groupBy,
    filters: q.filters,
    metric: q.metric,
    currency,
    unallocatedDimension: unallocatedDimension(q, opts.dimensions),
    evenDimensions: [...new Set([...q.groupBy, ...dimKeys])],
  };
}

/**
 * A pool that could not be spread is its own row, named after its rule in every
 * dimension (like `split: none`); a filtered query includes it only if every filter
 * is on an allocation dimension and admits that name.
 */
export function unspreadFilter(q: ParsedQuery, dims: string[]): (name: string) => boolean {
  const entries = Object.entries(q.filters);
  return (name) =>
    entries.every(([k, f]) => {
      if (!dims.includes(k)) return false;
      const v = name.toLowerCase();
      if (f.notIn?.some((x) => x.toLowerCase() === v)) return false;
      return !f.in || f.in.some((x) => x.toLowerCase() === v);
    });
}

/** Refuses a filter value that matches nothing in the data and nothing the bot knows (`team=nlpp`). */
function refuseUnknownValues(partial: ScanPartial, opts: AnswerOptions): void {
  const known = opts.knownValues;
  if (!known) return;
  for (const [key, vals] of partial.unmatchedFilterValues) {
    const list = known[key];
    if (!list || list.length === 0) continue;
    const lower = new Set(list.map((v) => v.toLowerCase()));
    const unknown = vals.filter((v) => !lower.has(v.toLowerCase()) && v.toLowerCase() !== NONE_LABEL);
    if (unknown.length === 0) continue;
    const typed = unknown[0]!;
    const near = suggestValues(typed, { knownValues: known, dimensionKeys: Object.keys(known) }, key);
    const hint = near.length > 0 ? `did you mean ${near.join(' or ')}?` : list.length <= 12 ? `the known values are ${list.join(', ')}` : `ask “by ${key}” to see them`;
    throw new QueryRefusal(`no ${key} is called “${typed}” in the data — ${hint}`, near.length > 0 ? near : [`by ${key}`]);
  }
}

/**
 * Answers a parsed query (`answer.md`):
 * 1. fit the range (and the comparison) to the data's freshness, refusing a range with no
 *    data yet; scan it (with series buckets when a granularity is asked);
 * 2. spread shared pools per bucket and over the whole range;
 * 3. rank groups, fold beyond `top`, round rows by largest remainder to the total, with each
 *    row's previous cost and change when comparing;
 * 4. series points (partial buckets marked), forecast, unallocated share, shared pools, notes.
 * Throws `QueryRefusal` for a question no figure would answer honestly.
 */
export async function answerQuery(scan: Scanner, q: ParsedQuery, opts: AnswerOptions): Promise<Omit<Answer, 'stats'>> {
  const keepPool = unspreadFilter(q, opts.dimensions);
  const timezone = opts.timezone ?? 'UTC';
  const fold = q.groupBy.map((k) => opts.dimensions.includes(k));
  let currency = opts.currency;
  const scanRange = async (range: DateRange, cur: string, series: boolean, granularity = q.granularity) => {
    const plan = planFor(q, range, series, opts, cur, granularity);
    return { plan, partial: mergePartials(await scan(plan), plan.bucketStarts.length, fold) };
  };

  // 1. Time against data: cut at the freshness known in advance, or found by a first scan.
  let fitted: FittedRanges = { range: q.range, compare: q.compare, notes: [] };
  const known = opts.knownDataEnd ?? null;
  if (opts.dataEndFinal && known !== null && Number.isFinite(known)) fitted = fitToData(q.range, q.compare, dataEndDay(known, timezone), opts.today);
  let { plan, partial } = await scanRange(fitted.range, currency, q.granularity !== null);
  const freshness = Math.max(known ?? -Infinity, partial.maxEnd);
  if (!opts.dataEndFinal && Number.isFinite(freshness)) {
    const refit = fitToData(q.range, q.compare, dataEndDay(freshness, timezone), opts.today);
    if (refit.range.end !== fitted.range.end) ({ plan, partial } = await scanRange(refit.range, currency, q.granularity !== null));
    fitted = refit;
  }
  const range = fitted.range;
  const dataEnd = Number.isFinite(freshness) ? dataEndDay(freshness, timezone) : addDays(opts.today, 1);
  refuseUnknownValues(partial, opts);
  const notes = [...q.notes, ...fitted.notes];

  // Data entirely in another currency: answer in it rather than show zero.
  const inCurrency = partial.directAll.some((v) => v !== 0n) || [...partial.pools.values()].some((p) => p.amounts.some((v) => v !== 0n));
  if (!inCurrency && partial.otherCurrencies.size > 0) {
    const [dominant] = [...partial.otherCurrencies].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0))[0]!;
    notes.push(`This data is in ${dominant}, not ${opts.currency}: figures are in ${dominant}.`);
    currency = dominant;
    ({ plan, partial } = await scanRange(range, currency, q.granularity !== null));
  }

  // 2-3. Spread, rank, fold, compare, round.
  const collapsed = collapseBuckets(partial);
  const whole = spreadBucket(collapsed, 0);
  const ranked = rankGroups(groupsOf(whole, keepPool, q.groupBy), q.top, q.groupBy);
  const totalCents = toCents(bucketTotal(whole, keepPool));
  let previous: { groups: ReturnType<typeof groupsOf>; totalCents: bigint } | undefined;
  if (fitted.compare) {
    const c = await scanRange(fitted.compare, currency, false);
    const cWhole = spreadBucket(c.partial, 0);
    previous = { groups: groupsOf(cWhole, keepPool, q.groupBy), totalCents: toCents(bucketTotal(cWhole, keepPool)) };
  }
  const built = q.groupBy.length === 0 ? { rows: [], label: null, groups: ranked } : buildRows({ groupBy: q.groupBy, ranked, totalCents, previous, top: q.top, resourceNames: partial.resourceNames });

  const answer: Omit<Answer, 'stats'> = {
    query: q,
    range,
    metric: q.metric,
    currency,
    total: centsToNumber(totalCents),
    rows: built.rows,
    forecast: null,
    unallocated: null,
    freshness: Number.isFinite(partial.maxEnd) ? new Date(partial.maxEnd).toISOString().replace('.000Z', 'Z') : null,
    notes,
  };
  if (previous && fitted.compare) {
    answer.compare = { range: fitted.compare, total: centsToNumber(previous.totalCents), change: changeOf(totalCents, previous.totalCents) };
  }

  // 4. Series, forecast, unallocated share, shared pools, notes.
  if (q.granularity !== null) {
    answer.series = seriesOf({ partial, collapsed, whole, plan, groupBy: q.groupBy, granularity: q.granularity, weekStart: opts.weekStart, ranked, foldLabel: built.label, keepPool });
    if (answer.series.some((p) => p.partial)) {
      const cut = answer.series.filter((p) => p.partial).map((p) => `${p.start} (${p.days} day${p.days === 1 ? '' : 's'})`);
      notes.push(`Partial ${q.granularity}s, not comparable with whole ones: ${cut.join(', ')}.`);
    }
  }

  if (q.forecast) {
    const w = forecastWindow(q.range, opts.today, opts.weekStart);
    if (w.note) notes.push(w.note);
    const f = await runRateForecast({
      q, window: w.range, dataEnd, keepPool, ranked: built.groups,
      scanDaily: (r) => scanRange(r, currency, true, 'day'),
    });
    answer.forecast = f.forecast;
    notes.push(f.forecast.description!);
    answer.rows.forEach((row, i) => (row.forecast = f.rows[i]!));
  }

  const dim = plan.unallocatedDimension;
  if (dim) {
    const uCents = toCents(whole.unallocated);
    const names = partial.resourceNames;
    const resources = [...partial.unallocatedResources]
      .filter(([resource]) => resource !== '(no resource id)')
      .sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0].localeCompare(b[0])))
      .slice(0, 5)
      .map(([resource, v]) => {
        const name = names?.get(resource);
        return { resource, cost: centsToNumber(toCents(exact(v))), ...(name !== undefined ? { name } : {}) };
      });
    const share = totalCents === 0n ? 0 : Math.round((Number(uCents) / Number(totalCents)) * 10_000) / 10_000;
    answer.unallocated = { dimension: dim, cost: centsToNumber(uCents), share, resources };
    if (uCents > 0n) {
      const pct = `${(share * 100).toFixed(1)}%`;
      const top = resources[0];
      const largest = top && top.cost > 0 ? `: the largest unallocated resource is ${top.resource}${top.name ? ` (${top.name})` : ''} (${formatCents(BigInt(Math.round(top.cost * 100)), currency)})` : '';
      notes.push(`${pct} of this cost (${formatCents(uCents, currency)}) has no ${dim}${largest}. Tag it with ${dim}, or map its account or service in the configuration.`);
    }
  }

  const shared: SharedSpread[] = [];
  for (const [name, value] of whole.spread) {
    const cents = toCents(value);
    const split = collapsed.pools.get(name)?.split;
    if (cents !== 0n && (split === 'proportional' || split === 'even')) shared.push({ name, split, cost: centsToNumber(cents) });
  }
  if (shared.length > 0) {
    answer.shared = shared.sort((a, b) => b.cost - a.cost);
    const sum = shared.reduce((s, p) => s + BigInt(Math.round(p.cost * 100)), 0n);
    const parts = shared.map((p) => `${p.name} ${formatCents(BigInt(Math.round(p.cost * 100)), currency)} (${p.split})`);
    notes.push(`Includes ${formatCents(sum, currency)} of shared costs spread over these figures: ${parts.join(', ')}.`);
  }

  for (const [c, v] of partial.otherCurrencies) {
    if (c === currency) continue;
    notes.push(`Left out ${formatCents(toCents(exact(v)), c)} billed in ${c}: answers are in ${currency} and mixed currencies are never summed.`);
  }
  for (const [k, vals] of partial.unmatchedFilterValues) {
    notes.push(`No cost has ${k}=${vals.join(',')} in the data — check the spelling (values are matched case-insensitively).`);
  }
  for (const u of whole.unspread) {
    if (keepPool(u.name)) notes.push(`Shared cost “${u.name}” (${formatCents(toCents(u.value), currency)}) had no direct cost to be spread over: it is shown as its own row.`);
    else notes.push(`Shared cost “${u.name}” (${formatCents(toCents(u.value), currency)}) had no direct cost to be spread over and is not in this filtered figure.`);
  }
  if (partial.rowsScanned === 0) notes.push(`No cost data in ${range.start} .. ${range.end} (end exclusive).`);
  return answer;
}
