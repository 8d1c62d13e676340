import { dateParam, decimalParam, iso, jsonParam, toDate, toDateOrNull } from './sql-values.js';
import type { DecideResult, Json, OverrideDecision, OverrideRequest, OverrideRow, OverrideStatus, SqlExecutor } from './types.js';

const COLUMNS = `id::text AS id, budget, period_start::text AS period_start, amount::text AS amount,
  until::text AS until, reason, requested_by, requested_platform, status, decided_by, decided_at,
  decision_reason, message_refs, created_at`;

interface OverrideDbRow {
  id: string;
  budget: string;
  period_start: string;
  amount: string;
  until: string | null;
  reason: string;
  requested_by: string;
  requested_platform: string;
  status: OverrideStatus;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  message_refs: Json[];
  created_at: Date;
}

/** Files a pending override request. */
export async function createOverride(db: SqlExecutor, request: OverrideRequest, now: Date): Promise<OverrideRow> {
  const result = await db.query<OverrideDbRow>(
    `INSERT INTO budget_overrides (budget, period_start, amount, until, reason, requested_by, requested_platform, created_at)
     VALUES ($1, $2::date, $3::numeric, $4::date, $5, $6, $7, $8::timestamptz)
     RETURNING ${COLUMNS}`,
    [
      request.budget,
      dateParam(request.periodStart, 'The override period start'),
      decimalParam(request.amount, 'The override amount'),
      request.until === null ? null : dateParam(request.until, 'The override end date'),
      request.reason,
      request.requestedBy,
      request.requestedPlatform,
      iso(now),
    ],
  );
  return toOverride(result.rows[0]!);
}

/** The request with this id, or null (also for ids that are not decimal integers). */
export async function getOverride(db: SqlExecutor, id: string): Promise<OverrideRow | null> {
  if (!isId(id)) return null;
  const result = await db.query<OverrideDbRow>(`SELECT ${COLUMNS} FROM budget_overrides WHERE id = $1::bigint`, [id]);
  return result.rows[0] === undefined ? null : toOverride(result.rows[0]);
}

/**
 * Approves or denies a pending request. The first decision wins: one conditional UPDATE
 * (`WHERE status = 'pending'`), so of two approvers clicking at once exactly one gets
 * `won: true`; the other learns who decided. Who may decide is the caller's rule.
 */
export async function decideOverride(
  db: SqlExecutor,
  id: string,
  decision: OverrideDecision,
  by: string,
  reason: string | null,
  now: Date,
): Promise<DecideResult> {
  if (!isId(id)) return { won: false, decidedBy: null, override: null };
  const result = await db.query<OverrideDbRow>(
    `UPDATE budget_overrides
     SET status = $2::text, decided_by = $3, decision_reason = $4, decided_at = $5::timestamptz
     WHERE id = $1::bigint AND status = 'pending' AND $2::text IN ('approved', 'denied')
     RETURNING ${COLUMNS}`,
    [id, decision, by, reason, iso(now)],
  );
  if (result.rows[0] !== undefined) {
    return { won: true, decidedBy: by, override: toOverride(result.rows[0]) };
  }
  const current = await getOverride(db, id);
  return { won: false, decidedBy: current?.decidedBy ?? null, override: current };
}

/** Remembers a message that shows the request (each approver's copy), to update it later. */
export async function addOverrideMessageRef(db: SqlExecutor, id: string, ref: Json): Promise<boolean> {
  if (!isId(id)) return false;
  const result = await db.query(
    'UPDATE budget_overrides SET message_refs = message_refs || jsonb_build_array($2::jsonb) WHERE id = $1::bigint',
    [id, jsonParam(ref)],
  );
  return result.rowCount === 1;
}

/** Expires requests still pending that were filed before `createdBefore`; returns them. */
export async function expirePendingOverrides(db: SqlExecutor, createdBefore: Date, now: Date): Promise<OverrideRow[]> {
  const result = await db.query<OverrideDbRow>(
    `UPDATE budget_overrides SET status = 'expired', decided_at = $2::timestamptz
     WHERE status = 'pending' AND created_at < $1::timestamptz
     RETURNING ${COLUMNS}`,
    [iso(createdBefore), iso(now)],
  );
  return result.rows.map(toOverride);
}

/**
 * The sum of approved overrides in force in one budget period, as exact decimal text: those
 * filed for that period, and those filed for an earlier period with an `until` date on or
 * after its start (`request … +5000 until=2026-12-31` raises every period up to December's).
 */
export async function approvedOverrideTotal(db: SqlExecutor, budget: string, periodStart: string): Promise<string> {
  const result = await db.query<{ total: string }>(
    `SELECT COALESCE(sum(amount), 0)::text AS total FROM budget_overrides
     WHERE budget = $1 AND status = 'approved'
       AND (period_start = $2::date OR (period_start < $2::date AND until >= $2::date))`,
    [budget, dateParam(periodStart, 'The period start')],
  );
  return result.rows[0]!.total;
}

/** The newest `limit` requests for one budget, newest first (for `/budget` and its history). */
export async function listOverrides(db: SqlExecutor, budget: string, limit = 20): Promise<OverrideRow[]> {
  const result = await db.query<OverrideDbRow>(
    `SELECT ${COLUMNS} FROM budget_overrides WHERE budget = $1 ORDER BY budget_overrides.id DESC LIMIT $2`,
    [budget, Math.max(1, Math.min(500, Math.trunc(limit)))],
  );
  return result.rows.map(toOverride);
}

function isId(id: string): boolean {
  return typeof id === 'string' && /^[1-9]\d{0,17}$/.test(id);
}

function toOverride(row: OverrideDbRow): OverrideRow {
  return {
    id: row.id,
    budget: row.budget,
    periodStart: row.period_start,
    amount: row.amount,
    until: row.until,
    reason: row.reason,
    requestedBy: row.requested_by,
    requestedPlatform: row.requested_platform,
    status: row.status,
    decidedBy: row.decided_by,
    decidedAt: toDateOrNull(row.decided_at),
    decisionReason: row.decision_reason,
    messageRefs: row.message_refs,
    createdAt: toDate(row.created_at),
  };
}
