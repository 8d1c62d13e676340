import { addDays, zonedMidnightToInstant } from '../../core/dates.js';
import type { FetchRequest } from '../types.js';
import { neededFields } from '../shared/needed-fields.js';
import { billingPeriods } from './billing-periods.js';
import { compileFilters } from './compile-filters.js';
import { ALWAYS_SELECTED, FIELD_COLUMN, PARTITION_COLUMN, isColumnField } from './source-columns.js';
import { Params, sqlDate, sqlString, sqlTimestamp } from './sql-text.js';
import type { ColumnField, CompiledFetch, TableInfo } from './types.js';

/** Marks the fetch query, so logs, Athena's query history and the fake can tell it apart. */
export const FETCH_MARKER = '-- finops-bot:fetch v1';

/** Exact money: FOCUS costs (DOUBLE in AWS's export, DECIMAL in others) summed as DECIMAL. */
const MONEY = 'DECIMAL(38, 12)';

/**
 * The local day a charge belongs to, the engine's own rule (`DatasetBuilder.add`): the
 * day of its middle when it lasts at most a day, else the day it starts. FOCUS timestamps
 * are UTC; `to_unixtime` reads them so (Athena's session zone is UTC).
 */
export function dayExpression(timezone: string): string {
  const start = 'to_unixtime(chargeperiodstart)';
  const end = 'to_unixtime(chargeperiodend)';
  const instant = `CASE WHEN ${end} > ${start} AND ${end} - ${start} <= 86400 THEN (${start} + ${end}) / 2 ELSE ${start} END`;
  return `date(from_unixtime(${instant}) AT TIME ZONE ${sqlString(timezone)})`;
}

/** The first non-empty value of one tag key, keys matched trimmed and case-insensitively (`normalizeTags`). */
export function tagExpression(key: string): string {
  return `trim(element_at(map_values(map_filter(tags, (tk, tv) -> lower(trim(tk)) = ${sqlString(key)} AND trim(coalesce(tv, '')) <> '')), 1))`;
}

/** The WHERE conditions that bound the scan: billing-period partitions, then charge start times. */
export function scanBounds(range: FetchRequest['range'], table: TableInfo, params: Params): string[] {
  const where: string[] = [];
  if (table.partitioned) {
    const periods = billingPeriods(range);
    where.push(`${PARTITION_COLUMN} >= ${params.add(sqlString(periods.from))}`, `${PARTITION_COLUMN} <= ${params.add(sqlString(periods.to))}`);
  }
  // A day's charges start at most a day before its local midnight (the middle rule above).
  const from = zonedMidnightToInstant(addDays(range.start, -1), table.timezone);
  const to = zonedMidnightToInstant(range.end, table.timezone);
  where.push(`chargeperiodstart >= ${params.add(sqlTimestamp(from))}`, `chargeperiodstart < ${params.add(sqlTimestamp(to))}`);
  return where;
}

/**
 * Compiles one fetch into Athena SQL. Steps:
 * 1. the grain: local day × currency × provider × the FOCUS columns and tag keys the
 *    allocation of `request.keys` reads (`neededFields`, as for BigQuery);
 * 2. amounts as DECIMAL sums, exact: billed = BilledCost (else EffectiveCost), effective =
 *    EffectiveCost (else BilledCost), list = ListCost (else billed) only for the `list`
 *    metric: the FOCUS file reader's rules. Rows with neither cost are counted, not summed;
 * 3. the partition bounds first (pruning), then the charge start times, then pushable
 *    filters when `request.pushFilters`; the exact day range applies to the computed day.
 * Every value from the request is an execution parameter (`?`, in WHERE clauses only).
 * The SQL text depends on the request's shape and the configuration, never on its values.
 */
export function compileFetchSql(request: FetchRequest, table: TableInfo): CompiledFetch {
  const needs = neededFields(request);
  const fields = new Set<ColumnField>(ALWAYS_SELECTED);
  for (const f of needs.fields) if (isColumnField(f)) fields.add(f);
  const columns = (Object.keys(FIELD_COLUMN) as ColumnField[]).filter((f) => fields.has(f)).map((f) => FIELD_COLUMN[f]);
  const listColumn = request.metric === 'list';
  const params = new Params();

  const inner: string[] = [`${dayExpression(table.timezone)} AS usage_day`, 'to_unixtime(chargeperiodend) AS period_end', ...columns];
  needs.tagKeys.forEach((key, i) => inner.push(`${tagExpression(key)} AS tag_${i}`));
  inner.push(
    `CAST(coalesce(billedcost, effectivecost) AS ${MONEY}) AS billed_cost`,
    `CAST(coalesce(effectivecost, billedcost) AS ${MONEY}) AS effective_cost`,
  );
  if (listColumn) inner.push(`CAST(coalesce(listcost, billedcost, effectivecost) AS ${MONEY}) AS list_cost`);

  const where = scanBounds(request.range, table, params);
  if (request.pushFilters) where.push(...compileFilters(request.filters, request.allocation, params));

  // The source's freshness over the same days, before any pushed filter: a team with no
  // spend yesterday must not make yesterday look unpublished.
  const day = dayExpression(table.timezone);
  const freshWhere = [...scanBounds(request.range, table, params), `${day} >= ${params.add(sqlDate(request.range.start))}`, `${day} < ${params.add(sqlDate(request.range.end))}`];

  const groups = ['usage_day', ...columns, ...needs.tagKeys.map((_, i) => `tag_${i}`)];
  const sums = ['sum(billed_cost) AS billed_cost', 'sum(effective_cost) AS effective_cost'];
  if (listColumn) sums.push('sum(list_cost) AS list_cost');
  sums.push('count_if(billed_cost IS NULL) AS rows_without_cost');
  // How far each group's data reaches: a day whose rows stop at 10:00 is not complete (freshness).
  sums.push('CAST(max(period_end) AS BIGINT) AS last_end');
  const sql = [
    FETCH_MARKER,
    'WITH costs AS (',
    '  SELECT',
    inner.map((s) => `    ${s}`).join(',\n'),
    `  FROM ${table.quoted}`,
    `  WHERE ${where.join('\n    AND ')}`,
    '), fresh AS (',
    '  SELECT CAST(max(to_unixtime(chargeperiodend)) AS BIGINT) AS source_end',
    `  FROM ${table.quoted}`,
    `  WHERE ${freshWhere.join('\n    AND ')}`,
    ')',
    `SELECT ${[...groups, ...sums, 'CAST(NULL AS BIGINT) AS source_end'].join(', ')}`,
    'FROM costs',
    `WHERE usage_day >= ${params.add(sqlDate(request.range.start))} AND usage_day < ${params.add(sqlDate(request.range.end))}`,
    `GROUP BY ${groups.join(', ')}`,
    // One more row, with no day, carries the freshness: there even when no group matched the filters.
    `UNION ALL SELECT ${[...groups, ...sums].map(() => 'NULL').join(', ')}, source_end FROM fresh`,
    `ORDER BY ${groups.join(', ')}`,
  ].join('\n');
  return { sql, params: params.values, columns, tagKeys: needs.tagKeys, listColumn, timezone: table.timezone };
}
