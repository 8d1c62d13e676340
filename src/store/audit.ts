import { iso, jsonParam, toDate } from './sql-values.js';
import { StoreError, type AuditEntry, type AuditInput, type Json, type SqlExecutor } from './types.js';

/**
 * Appends one audit record at `now`; returns its id. The log is append-only: the store has
 * no update or delete path for it (a test checks), and migration 0002 adds a trigger that
 * refuses UPDATE, DELETE and TRUNCATE on it.
 */
export async function appendAudit(db: SqlExecutor, entry: AuditInput, now: Date): Promise<string> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO audit_log (at, actor, platform, action, subject, detail)
     VALUES ($1::timestamptz, $2, $3, $4, $5, $6::jsonb) RETURNING id::text AS id`,
    [iso(now), entry.actor, entry.platform, entry.action, entry.subject, jsonParam(entry.detail ?? {})],
  );
  return result.rows[0]!.id;
}

interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  platform: string;
  action: string;
  subject: string;
  detail: Json;
}

/** The newest `limit` records about `subject` (e.g. `budget:nlp-monthly`), newest first. */
export async function listAudit(db: SqlExecutor, subject: string, limit = 50): Promise<AuditEntry[]> {
  const result = await db.query<AuditRow>(
    `SELECT id::text AS id, at, actor, platform, action, subject, detail FROM audit_log
     WHERE subject = $1 ORDER BY audit_log.at DESC, audit_log.id DESC LIMIT $2`,
    [subject, Math.max(1, Math.min(1000, Math.trunc(limit)))],
  );
  return result.rows.map((row) => ({ ...row, at: toDate(row.at) }));
}

/**
 * The whole log in the order it was written (by id), from `since` on, one page at a time:
 * pass the last id of a page as `afterId` to get the next. For `finops-bot audit`.
 */
export async function listAuditPage(
  db: SqlExecutor,
  options: { since?: Date | null; afterId?: string | null; limit?: number },
): Promise<AuditEntry[]> {
  const afterId = options.afterId ?? null;
  if (afterId !== null && !/^\d{1,19}$/.test(afterId)) {
    throw new StoreError('invalid-argument', `An audit page starts after a record id (digits), got ${JSON.stringify(afterId)}.`);
  }
  const result = await db.query<AuditRow>(
    `SELECT id::text AS id, at, actor, platform, action, subject, detail FROM audit_log
     WHERE ($1::timestamptz IS NULL OR at >= $1::timestamptz) AND ($2::bigint IS NULL OR id > $2::bigint)
     ORDER BY audit_log.id LIMIT $3`,
    [options.since ? iso(options.since) : null, afterId, Math.max(1, Math.min(10_000, Math.trunc(options.limit ?? 1000)))],
  );
  return result.rows.map((row) => ({ ...row, at: toDate(row.at) }));
}
