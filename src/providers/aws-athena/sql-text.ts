/**
 * SQL text for Athena (Trino dialect). Athena's ExecutionParameters are positional `?`
 * placeholders, allowed only in WHERE clauses, and each parameter is SQL *literal text*
 * that Athena puts in the placeholder's place: a string must arrive quoted, with its
 * single quotes doubled (Trino has no backslash escape: `\'` would end the literal).
 * These helpers are the only way values become SQL text in this provider.
 */

/** Athena refuses an execution parameter longer than this (API limit, per parameter). */
export const MAX_PARAMETER_LENGTH = 1024;

/** A string as a Trino string literal: `'it''s'`. Every character but `'` stands for itself. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `YYYY-MM-DD` as a DATE literal (the date is checked: it is never free text). */
export function sqlDate(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a date: ${JSON.stringify(day)}`);
  return `DATE '${day}'`;
}

/** An instant (epoch ms) as a TIMESTAMP literal in UTC, the zone of FOCUS timestamps. */
export function sqlTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `TIMESTAMP '${iso.slice(0, 10)} ${iso.slice(11, 23)}'`;
}

/** A Glue name as a quoted identifier (names are validated by the configuration first). */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Collects execution parameters in placeholder order. `add` returns the `?` to write in
 * the SQL text; the caller must write placeholders in the order it adds them.
 */
export class Params {
  readonly values: string[] = [];

  add(literal: string): '?' {
    this.values.push(literal);
    return '?';
  }

  /** `(?, ?, …)` for a non-empty list of strings. */
  list(values: readonly string[]): string {
    return `(${values.map((v) => this.add(sqlString(v))).join(', ')})`;
  }
}

/** Whether every value fits in one execution parameter once quoted. */
export function fitsParameters(values: readonly string[]): boolean {
  return values.every((v) => sqlString(v).length <= MAX_PARAMETER_LENGTH);
}
