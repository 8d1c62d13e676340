import { addExact, allocateCents, centsToNumber, exact, exactToNumber, formatCents, toCents, ZERO, type Exact } from '../money.js';
import type { Answer, AnswerRow, DateRange, Forecast, ParsedQuery, SeriesPoint, WeekStart } from '../types.js';
import { bucketStarts } from './calendar.js';
import { dateOfDayNumber, dayNumberOf } from './local-day.js';
import { forecastWindow } from './forecast-window.js';
import type { ScanPartial, ScanPlan } from './scan.js';
import { bucketTotal, collapseBuckets, mergePartials, spreadBucket, type SpreadBucket } from './spread-shared.js';

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
}

const OTHER = 'other';
const KEY_SEP = '\u0000';

/** Which dimension's unallocated share an answer reports. */
function unallocatedDimension(q: ParsedQuery, dims: string[]): string | null {
  // The dimension the question is about (so a push-down provider needs no extra key),
  // else the first configured one (usually team): "what could not be allocated".
  const candidates = [...q.groupBy, ...Object.keys(q.filters)];
  return candidates.find((k) => dims.includes(k)) ?? dims[0] ?? null;
}

function planFor(q: ParsedQuery, range: DateRange, series: boolean, opts: AnswerOptions, currency: string): ScanPlan {
  const startDay = dayNumberOf(range.start);
  const endDay = dayNumberOf(range.end);
  const dimKeys = Object.keys(q.filters).filter((k) => !k.startsWith('tag:'));
  return {
    startDay,
    endDay,
    bucketStarts: bucketStarts(startDay, endDay, series ? q.granularity : null, opts.weekStart),
    groupBy: q.groupBy,
    filters: q.filters,
    metric: q.metric,
    currency,
    unallocatedDimension: unallocatedDimension(q, opts.dimensions),
    evenDimensions: [...new Set([...q.groupBy, ...dimKeys])],
  };
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

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

/** Orders groups largest first (ties by key) and folds those beyond `top` into `other`. */
function rankGroups(bucket: SpreadBucket, top: number | null, withUnspread: (name: string) => boolean, groupBy: string[]) {
  const items = [...bucket.groups.values()].map((g) => ({ key: g.key, value: g.value, other: false }));
  for (const u of bucket.unspread) if (withUnspread(u.name)) items.push({ key: groupBy.map(() => u.name), value: u.value, other: false });
  const cmp = (a: { key: string[]; value: Exact }, b: { key: string[]; value: Exact }) => {
    const d = b.value.n * a.value.d - a.value.n * b.value.d;
    if (d !== 0n) return d > 0n ? 1 : -1;
    return a.key.join(KEY_SEP).localeCompare(b.key.join(KEY_SEP));
  };
  items.sort(cmp);
  if (top === null || items.length <= top) return items;
  const kept = items.slice(0, top);
  const rest = items.slice(top).reduce((s, i) => addExact(s, i.value), ZERO);
  // Rows are sorted by cost, the `other` row included (answer.md).
  return [...kept, { key: groupBy.map(() => OTHER), value: rest, other: true }].sort(cmp);
}

function keyObject(groupBy: string[], key: string[]): Record<string, string> {
  return Object.fromEntries(groupBy.map((k, i) => [k, key[i] ?? '']));
}

/**
 * Answers a parsed query (`answer.md`):
 * 1. scan the range (with series buckets when a granularity is asked);
 * 2. spread shared pools per bucket and over the whole range;
 * 3. rank groups, fold beyond `top`, round rows by largest remainder to the total;
 * 4. series points, comparison, forecast, unallocated share and notes.
 */
export async function answerQuery(scan: Scanner, q: ParsedQuery, opts: AnswerOptions): Promise<Omit<Answer, 'stats'>> {
  const notes = [...q.notes];
  const keepPool = unspreadFilter(q, opts.dimensions);
  let currency = opts.currency;
  let plan = planFor(q, q.range, q.granularity !== null, opts, currency);
  let partial = mergePartials(await scan(plan), plan.bucketStarts.length);

  // Data entirely in another currency: answer in it rather than show zero.
  const inCurrency = partial.directAll.some((v) => v !== 0n) || [...partial.pools.values()].some((p) => p.amounts.some((v) => v !== 0n));
  if (!inCurrency && partial.otherCurrencies.size > 0) {
    const [dominant] = [...partial.otherCurrencies].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0))[0]!;
    notes.push(`This data is in ${dominant}, not ${opts.currency}: figures are in ${dominant}.`);
    currency = dominant;
    plan = planFor(q, q.range, q.granularity !== null, opts, currency);
    partial = mergePartials(await scan(plan), plan.bucketStarts.length);
  }

  const collapsed = collapseBuckets(partial);
  const whole = spreadBucket(collapsed, 0);
  const ranked = rankGroups(whole, q.top, keepPool, q.groupBy);
  const totalExact = ranked.reduce((s, r) => addExact(s, r.value), ZERO);
  const totalCents = toCents(totalExact);
  const rowCents = allocateCents(ranked.map((r) => r.value), totalCents);
  const rows: AnswerRow[] =
    q.groupBy.length === 0
      ? []
      : ranked.map((r, i) => {
          const row: AnswerRow = { key: keyObject(q.groupBy, r.key), cost: centsToNumber(rowCents[i]!), share: totalCents === 0n ? 0 : round4(Number(rowCents[i]!) / Number(totalCents)) };
          if (r.other) row.other = true;
          return row;
        });

  const answer: Omit<Answer, 'stats'> = {
    query: q,
    range: q.range,
    metric: q.metric,
    currency,
    total: centsToNumber(totalCents),
    rows,
    forecast: null,
    unallocated: null,
    freshness: Number.isFinite(partial.maxEnd) ? new Date(partial.maxEnd).toISOString().replace('.000Z', 'Z') : null,
    notes,
  };

  if (q.granularity !== null) answer.series = seriesOf(partial, collapsed, whole, plan, q, ranked, keepPool);

  if (q.compare) {
    const cPlan = planFor(q, q.compare, false, opts, currency);
    const cPartial = mergePartials(await scan(cPlan), 1);
    const prevCents = toCents(bucketTotal(spreadBucket(cPartial, 0), keepPool));
    answer.compare = {
      range: q.compare,
      total: centsToNumber(prevCents),
      change: prevCents === 0n ? null : round4(Number(totalCents - prevCents) / Number(prevCents < 0n ? -prevCents : prevCents)),
    };
  }

  if (q.forecast) answer.forecast = await forecastOf(scan, q, opts, currency, keepPool, notes);

  const dim = plan.unallocatedDimension;
  if (dim) {
    const uCents = toCents(whole.unallocated);
    const resources = [...partial.unallocatedResources]
      .filter(([resource]) => resource !== '(no resource id)')
      .sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0].localeCompare(b[0])))
      .slice(0, 5)
      .map(([resource, v]) => ({ resource, cost: centsToNumber(toCents(exact(v))) }));
    const share = totalCents === 0n ? 0 : round4(Number(uCents) / Number(totalCents));
    answer.unallocated = { dimension: dim, cost: centsToNumber(uCents), share, resources };
    if (uCents > 0n) {
      const pct = `${(share * 100).toFixed(1)}%`;
      const largest = resources[0] && resources[0].cost > 0 ? `: the largest unallocated resource is ${resources[0].resource} (${formatCents(BigInt(Math.round(resources[0].cost * 100)), currency)})` : '';
      notes.push(`${pct} of this cost (${formatCents(uCents, currency)}) has no ${dim}${largest}. Tag it with ${dim}, or map its account or service in the configuration.`);
    }
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
  if (partial.rowsScanned === 0) notes.push(`No cost data in ${q.range.start} .. ${q.range.end} (end exclusive).`);
  return answer;
}

/**
 * The fraction of each shared pool that a group carries over the whole range (the same
 * split as its row), or null for a pool that could not be spread there.
 */
function poolFractions(collapsed: ScanPartial, groupKey: string): Map<string, { n: bigint; d: bigint } | null> {
  const out = new Map<string, { n: bigint; d: bigint } | null>();
  const D = collapsed.directAll[0] ?? 0n;
  for (const [name, pool] of collapsed.pools) {
    if (pool.split === 'even') {
      const total = BigInt(collapsed.combosAll[0]?.size ?? 0);
      let count = 0n;
      for (const g of collapsed.combosPass[0]?.values() ?? []) if (g === groupKey) count++;
      out.set(name, total === 0n ? null : { n: count, d: total });
    } else {
      out.set(name, D <= 0n ? null : { n: collapsed.groups.get(groupKey)?.direct[0] ?? 0n, d: D });
    }
  }
  return out;
}

/**
 * Series points. Each group carries the same fraction of every shared pool as in its row,
 * taken from the pool as it falls in each bucket: an unfiltered series is the spend of
 * each bucket, every series adds up to its total (filtered or not), and each group's
 * points add up to its row. Bucket costs are rounded by largest remainder to the total,
 * and each bucket's rows to the bucket.
 */
function seriesOf(
  partial: ScanPartial,
  collapsed: ScanPartial,
  whole: SpreadBucket,
  plan: ScanPlan,
  q: ParsedQuery,
  ranked: { key: string[]; other: boolean }[],
  keepPool: (name: string) => boolean,
): SeriesPoint[] {
  const B = plan.bucketStarts.length;
  const kept = new Set(ranked.filter((r) => !r.other).map((r) => r.key.join(KEY_SEP)));
  const hasOther = ranked.some((r) => r.other);
  const cells = Array.from({ length: B }, () => new Map<string, { key: string[]; value: Exact }>());
  const add = (b: number, key: string[], value: Exact) => {
    const k = key.join(KEY_SEP);
    const cur = cells[b]!.get(k);
    if (cur) cur.value = addExact(cur.value, value);
    else cells[b]!.set(k, { key, value });
  };
  for (const [k, g] of whole.groups) {
    const direct = partial.groups.get(k)?.direct ?? [];
    const fractions = poolFractions(collapsed, k);
    const key = kept.has(k) || !hasOther ? g.key : q.groupBy.map(() => OTHER);
    for (let b = 0; b < B; b++) {
      let value = exact(direct[b] ?? 0n);
      for (const [name, f] of fractions) {
        const amount = partial.pools.get(name)?.amounts[b] ?? 0n;
        if (f !== null && amount !== 0n && f.n !== 0n) value = addExact(value, { n: amount * f.n, d: f.d });
      }
      add(b, key, value);
    }
  }
  for (const u of whole.unspread) {
    if (!keepPool(u.name)) continue;
    const amounts = partial.pools.get(u.name)?.amounts ?? [];
    for (let b = 0; b < B; b++) add(b, q.groupBy.map(() => u.name), exact(amounts[b] ?? 0n));
  }
  const totals = cells.map((m) => [...m.values()].reduce((t, c) => addExact(t, c.value), ZERO));
  const bucketCents = allocateCents(totals, toCents(totals.reduce((t, v) => addExact(t, v), ZERO)));
  return plan.bucketStarts.map((startDay, b) => {
    const point: SeriesPoint = { start: dateOfDayNumber(startDay), cost: centsToNumber(bucketCents[b]!) };
    if (q.groupBy.length > 0) {
      const items = [...cells[b]!.values()];
      const cents = allocateCents(items.map((i) => i.value), bucketCents[b]!);
      point.rows = items
        .map((it, i) => ({ key: keyObject(q.groupBy, it.key), cost: centsToNumber(cents[i]!) }))
        .filter((r) => r.cost !== 0)
        .sort((a, c) => c.cost - a.cost);
    }
    return point;
  });
}

async function forecastOf(scan: Scanner, q: ParsedQuery, opts: AnswerOptions, currency: string, keepPool: (name: string) => boolean, notes: string[]): Promise<Forecast> {
  const w = forecastWindow(q.range, opts.today, opts.weekStart);
  if (w.note) notes.push(w.note);
  const today = dayNumberOf(opts.today);
  const from = Math.min(dayNumberOf(w.range.start), today - 7);
  const fq: ParsedQuery = { ...q, granularity: 'day' };
  const plan = planFor(fq, { start: dateOfDayNumber(from), end: opts.today }, true, opts, currency);
  const partial = mergePartials(await scan(plan), plan.bucketStarts.length);
  const daily = plan.bucketStarts.map((_, b) => bucketTotal(spreadBucket(partial, b), keepPool));
  let actual = ZERO;
  let lastWeek = ZERO;
  plan.bucketStarts.forEach((d, b) => {
    if (d >= dayNumberOf(w.range.start)) actual = addExact(actual, daily[b]!);
    if (d >= today - 7) lastWeek = addExact(lastWeek, daily[b]!);
  });
  const rate = { n: lastWeek.n, d: lastWeek.d * 7n };
  const remaining = BigInt(Math.max(0, dayNumberOf(w.range.end) - today));
  const total = addExact(actual, { n: rate.n * remaining, d: rate.d });
  return {
    total: centsToNumber(toCents(total)),
    range: w.range,
    actual: centsToNumber(toCents(actual)),
    dailyRunRate: Math.round(exactToNumber(rate) * 100) / 100,
    method: 'run-rate',
  };
}
