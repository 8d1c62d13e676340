import { iso, toDate } from './sql-values.js';
import type { Snooze, SnoozeKind, SqlExecutor } from './types.js';

/** Silences nudges about `resource` until `until` (replacing any earlier snooze). */
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
