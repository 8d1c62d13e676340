import { zonedMidnightToInstant } from '../../core/dates.js';
import type { DateRange } from '../../core/types.js';
import type { TableInfo } from './compile-sql.js';
import type { CompiledQuery } from './types.js';

export const KNOWN_VALUES_MARKER = '-- finops-bot:known-values v1';
export const DOCTOR_MARKER = '-- finops-bot:doctor v1';

/** At most this many values per kind: bare-word matching needs the common ones, not all. */
export const KNOWN_VALUES_LIMIT = 2000;

/**
 * One query listing the distinct values of the given label keys, services, projects and
 * regions in `range`, as rows `(kind, key, value)`. One scan of a few columns, bounded by
 * the same partition filter as a fetch.
 */
export function compileKnownValuesSql(range: DateRange, tagKeys: string[], table: TableInfo): CompiledQuery {
  const sql = [
    KNOWN_VALUES_MARKER,
    'WITH base AS (',
    '  SELECT service.description AS service, project.id AS project_id, location.region AS region, labels',
    `  FROM ${table.ref.quoted}`,
    '  WHERE _PARTITIONTIME >= TIMESTAMP_SUB(@start, INTERVAL 2 DAY)',
    '    AND usage_start_time >= @start',
    '    AND usage_start_time < @end',
    ')',
    `SELECT 'service' AS kind, '' AS key, service AS value FROM base WHERE service IS NOT NULL GROUP BY service`,
    `UNION ALL SELECT 'account', '', project_id FROM base WHERE project_id IS NOT NULL GROUP BY project_id`,
    `UNION ALL SELECT 'region', '', region FROM base WHERE region IS NOT NULL GROUP BY region`,
    'UNION ALL SELECT \'label\', LOWER(TRIM(l.key)), TRIM(l.value) FROM base, UNNEST(base.labels) AS l',
    "  WHERE LOWER(TRIM(l.key)) IN UNNEST(@tag_keys) AND TRIM(IFNULL(l.value, '')) != '' GROUP BY 2, 3",
    `LIMIT ${KNOWN_VALUES_LIMIT * 4}`,
  ].join('\n');
  return {
    sql,
    params: {
      start: new Date(zonedMidnightToInstant(range.start, table.timezone)).toISOString(),
      end: new Date(zonedMidnightToInstant(range.end, table.timezone)).toISOString(),
      tag_keys: tagKeys,
    },
    types: { start: 'TIMESTAMP', end: 'TIMESTAMP', tag_keys: 'STRING_ARRAY' },
  };
}

/** The doctor's tiny query: one day of partitions, a row count and the latest export time. */
export function compileDoctorSql(table: TableInfo): CompiledQuery {
  const sql = [
    DOCTOR_MARKER,
    'SELECT COUNT(*) AS row_count, MAX(export_time) AS latest_export',
    `FROM ${table.ref.quoted}`,
    'WHERE _PARTITIONTIME >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 1 DAY)',
  ].join('\n');
  return { sql, params: {}, types: {} };
}
