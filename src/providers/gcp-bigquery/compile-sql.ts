import { zonedMidnightToInstant } from '../../core/dates.js';
import type { CostRecord } from '../../core/types.js';
import type { FetchRequest } from '../types.js';
import { compileFilters } from './compile-filters.js';
import { neededFields } from '../shared/needed-fields.js';
import { FIELD_SOURCE, SOURCE_EXPR, columnAvailable } from './source-columns.js';
import { SOURCE_COLUMNS, type CompiledFetch, type ExportKind, type ParamType, type SourceColumn, type TableRef } from './types.js';

/** Marks the fetch query so logs, the console's job history and the fake server can tell it apart. */
export const FETCH_MARKER = '-- finops-bot:fetch v1';

/** What the compiler needs to know about the table. */
export interface TableInfo {
  ref: TableRef;
  kind: ExportKind;
  /** IANA zone of the day grain; the bot's configured zone. */
  timezone: string;
}

/** Net of credits: Google's own pattern (credits are negative amounts in a repeated record). */
const CREDITS = 'IFNULL((SELECT SUM(CAST(c.amount AS NUMERIC)) FROM UNNEST(credits) AS c), 0)';

/**
 * Compiles one fetch into parameterised BigQuery SQL. Steps:
 * 1. the grain: day (in the configured zone) × currency × the export columns and label
 *    keys the allocation of `request.keys` reads (see `neededFields`);
 * 2. amounts as NUMERIC sums so they are exact decimals: billed = `cost`, effective =
 *    `cost` + credits, list = `cost_at_list` (only when the metric is `list` and
 *    `opts.listCost` is not false, because older exports lack the column);
 * 3. the partition filter first (bare `_PARTITIONTIME` on the left, two days of slack
 *    because partitions follow export time), then the usage-time range;
 * 4. pushable filters when `request.pushFilters`.
 * Every value from the request is a named parameter; the SQL text depends only on the
 * request's shape, never on its values. The table path is validated before it gets here.
 */
export function compileFetchSql(request: FetchRequest, table: TableInfo, opts: { listCost?: boolean } = {}): CompiledFetch {
  const needs = neededFields(request);
  const wanted = new Set<SourceColumn>();
  const unavailable: (keyof CostRecord)[] = [];
  for (const field of needs.fields) {
    const col = FIELD_SOURCE[field];
    if (!col) continue;
    if (columnAvailable(col, table.kind)) wanted.add(col);
    else unavailable.push(field);
  }
  const columns = SOURCE_COLUMNS.filter((c) => wanted.has(c));
  const listColumn = request.metric === 'list' && opts.listCost !== false;

  const params: Record<string, string | string[]> = {
    start: new Date(zonedMidnightToInstant(request.range.start, table.timezone)).toISOString(),
    end: new Date(zonedMidnightToInstant(request.range.end, table.timezone)).toISOString(),
    timezone: table.timezone,
  };
  const types: Record<string, ParamType> = { start: 'TIMESTAMP', end: 'TIMESTAMP', timezone: 'STRING' };

  const inner: string[] = ['DATE(usage_start_time, @timezone) AS usage_day', 'currency'];
  for (const c of columns) inner.push(`${SOURCE_EXPR[c]} AS ${c}`);
  needs.tagKeys.forEach((key, i) => {
    params[`tag_key_${i}`] = key;
    types[`tag_key_${i}`] = 'STRING';
    // First non-empty value of the key, matched trimmed and case-insensitively: the
    // allocation layer's own tag rule (`normalizeTags`).
    inner.push(
      `(SELECT TRIM(l.value) FROM UNNEST(labels) AS l WITH OFFSET AS o WHERE LOWER(TRIM(l.key)) = @tag_key_${i} AND TRIM(IFNULL(l.value, '')) != '' ORDER BY o LIMIT 1) AS tag_${i}`,
    );
  });
  inner.push('CAST(cost AS NUMERIC) AS billed_cost', `CAST(cost AS NUMERIC) + ${CREDITS} AS effective_cost`);
  if (listColumn) inner.push('CAST(IFNULL(cost_at_list, cost) AS NUMERIC) AS list_cost');

  const where = [
    '_PARTITIONTIME >= TIMESTAMP_SUB(@start, INTERVAL 2 DAY)',
    'usage_start_time >= @start',
    'usage_start_time < @end',
  ];
  if (request.pushFilters) {
    const f = compileFilters(request.filters, request.allocation, table.kind);
    where.push(...f.conditions);
    Object.assign(params, f.params);
    Object.assign(types, f.types);
  }

  const groups = ['usage_day', 'currency', ...columns, ...needs.tagKeys.map((_, i) => `tag_${i}`)];
  const sums = ['SUM(billed_cost) AS billed_cost', 'SUM(effective_cost) AS effective_cost'];
  if (listColumn) sums.push('SUM(list_cost) AS list_cost');
  const sql = [
    FETCH_MARKER,
    'WITH costs AS (',
    '  SELECT',
    inner.map((s) => `    ${s}`).join(',\n'),
    `  FROM ${table.ref.quoted}`,
    `  WHERE ${where.join('\n    AND ')}`,
    ')',
    `SELECT ${[...groups, ...sums].join(', ')}`,
    'FROM costs',
    `GROUP BY ${groups.join(', ')}`,
    `ORDER BY ${groups.join(', ')}`,
  ].join('\n');
  return { sql, params, types, columns, tagKeys: needs.tagKeys, listColumn, timezone: table.timezone, unavailable };
}
