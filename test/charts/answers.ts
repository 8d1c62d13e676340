import type { Answer, AnswerRow, ParsedQuery, SeriesPoint } from '../../src/core/types.js';

/** A parsed query with the given changes (the shape `finops-bot parse` prints). */
export function makeQuery(over: Partial<ParsedQuery> = {}): ParsedQuery {
  return {
    text: 'by team last week', range: { start: '2026-11-16', end: '2026-11-23' }, filters: {}, groupBy: [], granularity: null, top: null,
    compare: null, forecast: false, metric: 'effective', public: false, notes: [], error: null, ...over,
  };
}

/** An answer with the given changes; the defaults are an ungrouped week. */
export function makeAnswer(over: Omit<Partial<Answer>, 'query'> & { query?: Partial<ParsedQuery> } = {}): Answer {
  const { query, ...rest } = over;
  return {
    query: makeQuery(query),
    range: { start: '2026-11-16', end: '2026-11-23' },
    metric: 'effective',
    currency: 'USD',
    total: 48211.07,
    rows: [],
    forecast: null,
    unallocated: null,
    freshness: '2026-11-22T23:00:00Z',
    notes: [],
    stats: { providerCalls: { focus: 0 }, cacheHits: 0, ms: 3 },
    ...rest,
  };
}

export const TEAM_ROWS: AnswerRow[] = [
  { key: { team: 'nlp' }, cost: 30112.4, share: 0.6246 },
  { key: { team: 'vision' }, cost: 9000, share: 0.1867 },
  { key: { team: 'speech' }, cost: 5893.57, share: 0.1222 },
  { key: { team: '(untagged)' }, cost: 1205.1, share: 0.025 },
  { key: { team: 'other' }, cost: 2000, share: 0.0415, other: true },
];

/** A breakdown by team with a comparison: the most common answer. */
export const byTeam = (): Answer =>
  makeAnswer({ query: { groupBy: ['team'], top: 4, compare: { start: '2026-11-09', end: '2026-11-16' } }, rows: TEAM_ROWS, compare: { range: { start: '2026-11-09', end: '2026-11-16' }, total: 41002, change: 0.1758 } });

const day = (i: number) => new Date(Date.parse('2026-01-01') + i * 86_400_000).toISOString().slice(0, 10);

/** A plain daily series of n points. */
export function plainSeries(n: number): Answer {
  const series: SeriesPoint[] = Array.from({ length: n }, (_, i) => ({ start: day(i), cost: Math.round((5000 + 2000 * Math.sin(i / 5)) * 100) / 100 }));
  return makeAnswer({ query: { granularity: 'day', text: 'last 30 days daily' }, series, range: { start: day(0), end: day(n) }, total: series.reduce((s, p) => s + p.cost, 0) });
}

/** A daily series by team (stacked) of n points. */
export function teamSeries(n: number, teams = ['nlp', 'vision', 'speech', 'other']): Answer {
  const series: SeriesPoint[] = Array.from({ length: n }, (_, i) => {
    const rows = teams.map((t, j) => ({ key: { team: t }, cost: 1000 * (j + 1) + 10 * i }));
    return { start: day(i), cost: rows.reduce((s, r) => s + r.cost, 0), rows };
  });
  const rows = teams.map((t, j) => ({ key: { team: t }, cost: 1000 * (j + 1) * n, share: 0.25, ...(t === 'other' ? { other: true } : {}) }));
  return makeAnswer({ query: { granularity: 'day', groupBy: ['team'] }, series, rows, range: { start: day(0), end: day(n) } });
}
