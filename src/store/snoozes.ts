import { iso, toDate } from './sql-values.js';
import type { Snooze, SnoozeKind, SqlExecutor } from './types.js';

/**
 * Silences alerts about `resource` until `until` (replacing any earlier snooze). The key is
 * whatever the alert is about: a GPU resource id (idle-GPU nudges) or an alert scope
 * (`team=nlp`, `model=llama-70b`, `budget:nlp-monthly`).
 */
export async function snooze(
  db: SqlExecutor,
  input: { resource: string; until: Date; by: string; kind: SnoozeKind },
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO snoozes (resource, until, by, kind, created_at)
     VALUES ($1, $2::timestamptz, $3, $4, $5::timestamptz)
     ON CONFLICT (resource) DO UPDATE
       SET until = EXCLUDED.until, by = EXCLUDED.by, kind = EXCLUDED.kind, created_at = EXCLUDED.created_at`,
    [input.resource, iso(input.until), input.by, input.kind, iso(now)],
  );
}

/** The snooze on `resource` still in force at `now`, or null. */
export async function activeSnooze(db: SqlExecutor, resource: string, now: Date): Promise<Snooze | null> {
  const result = await db.query<{ resource: string; until: Date; by: string; kind: SnoozeKind; created_at: Date }>(
    'SELECT resource, until, by, kind, created_at FROM snoozes WHERE resource = $1 AND until > $2::timestamptz',
    [resource, iso(now)],
  );
  const row = result.rows[0];
  if (row === undefined) return null;
  return { resource: row.resource, until: toDate(row.until), by: row.by, kind: row.kind, createdAt: toDate(row.created_at) };
}

/** Lifts the snooze on `resource`; false when there was none. */
export async function unsnooze(db: SqlExecutor, resource: string): Promise<boolean> {
  const result = await db.query('DELETE FROM snoozes WHERE resource = $1', [resource]);
  return result.rowCount === 1;
}

/** Every snooze still in force at `now`, soonest to end first. */
export async function listSnoozes(db: SqlExecutor, now: Date): Promise<Snooze[]> {
  const result = await db.query<{ resource: string; until: Date; by: string; kind: SnoozeKind; created_at: Date }>(
    'SELECT resource, until, by, kind, created_at FROM snoozes WHERE until > $1::timestamptz ORDER BY until, resource',
    [iso(now)],
  );
  return result.rows.map((row) => ({ resource: row.resource, until: toDate(row.until), by: row.by, kind: row.kind, createdAt: toDate(row.created_at) }));
}
