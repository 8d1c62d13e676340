import { withBuiltins } from '../../core/allocation/build-allocator.js';
import type { AllocationConfig, DateRange } from '../../core/types.js';
import { scanBounds, tagExpression } from './compile-sql.js';
import { PARTITION_COLUMN } from './source-columns.js';
import { Params, sqlString, sqlTimestamp } from './sql-text.js';
import type { CompiledQuery, TableInfo } from './types.js';

export const KNOWN_VALUES_MARKER = '-- finops-bot:known-values v1';
export const DOCTOR_MARKER = '-- finops-bot:doctor v1';

/** At most this many values per kind: bare-word matching needs the common ones, not all. */
export const KNOWN_VALUES_LIMIT = 2000;

/** Every dimension's tag keys, trimmed and lower-cased, once each. */
export function dimensionTagKeys(allocation: AllocationConfig): string[] {
  const dims = withBuiltins(allocation.dimensions);
  return [...new Set(Object.values(dims).flatMap((d) => (d.tags ?? []).map((t) => t.trim().toLowerCase())))].filter(Boolean);
}

/**
 * One query listing the distinct services, accounts, regions and values of the given tag
 * keys in `range`, as rows `(kind, value)` where kind is `service`, `account`, `region` or
 * `tag_<i>` (the value of `tagKeys[i]`). One scan of a few columns, bounded like a fetch.
 */
export function compileKnownValuesSql(range: DateRange, tagKeys: string[], table: TableInfo): CompiledQuery {
  const params = new Params();
  const where = scanBounds(range, table, params);
  const tags = tagKeys.map((k, i) => `    ${tagExpression(k)} AS tag_${i}`);
  const pick = (kind: string, column: string) => `SELECT '${kind}' AS kind, ${column} AS value FROM base WHERE ${column} IS NOT NULL AND ${column} <> '' GROUP BY ${column}`;
  const sql = [
    KNOWN_VALUES_MARKER,
    'WITH base AS (',
    `  SELECT servicename, subaccountid, regionid${tags.length ? ',\n' + tags.join(',\n') : ''}`,
    `  FROM ${table.quoted}`,
    `  WHERE ${where.join('\n    AND ')}`,
    ')',
    [pick('service', 'servicename'), pick('account', 'subaccountid'), pick('region', 'regionid'), ...tagKeys.map((_, i) => pick(`tag_${i}`, `tag_${i}`))].join('\nUNION ALL '),
    `LIMIT ${KNOWN_VALUES_LIMIT * (3 + tagKeys.length)}`,
  ].join('\n');
  return { sql, params: params.values };
}

/**
 * The doctor's tiny query: rows and the latest charge in one billing-period partition
 * (the current month's, `YYYY-MM`), or in the last day when the table is not partitioned.
 */
export function compileDoctorSql(table: TableInfo, now: number): CompiledQuery {
  const params = new Params();
  const where = table.partitioned
    ? `${PARTITION_COLUMN} = ${params.add(sqlString(new Date(now).toISOString().slice(0, 7)))}`
    : `chargeperiodstart >= ${params.add(sqlTimestamp(now - 86_400_000))}`;
  const sql = [DOCTOR_MARKER, 'SELECT count(*) AS row_count, max(chargeperiodstart) AS latest_charge', `FROM ${table.quoted}`, `WHERE ${where}`].join('\n');
  return { sql, params: params.values };
}
