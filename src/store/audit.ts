import { iso, jsonParam, toDate } from './sql-values.js';
import type { AuditEntry, AuditInput, Json, SqlExecutor } from './types.js';

/** Appends one audit record at `now`; returns its id. */
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
     WHERE subject = $1 ORDER BY at DESC, id DESC LIMIT $2`,
    [subject, Math.max(1, Math.min(1000, Math.trunc(limit)))],
  );
  return result.rows.map((row) => ({ ...row, at: toDate(row.at) }));
}
