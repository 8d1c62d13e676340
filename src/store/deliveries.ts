import { iso, jsonParam, toDate, toDateOrNull } from './sql-values.js';
import type { Delivery, DeliveryClaim, DeliveryOutcome, DeliveryStatus, DeliveryTarget, Json, SqlExecutor } from './types.js';

/**
 * The delivery ledger (migration 0003): exactly-once posting of the scheduled jobs'
 * messages. A run claims each (ledger key, channel) before posting, stores the composed
 * message with the claim, and marks the row after the post. Every write that changes a
 * row's owner or status is one conditional statement, so racing replicas cannot both win.
 */

const COLUMNS = `ledger_key, platform, channel, job, slot, status, message_key, notice, item, claimed_by,
  claimed_at, created_at, sent_at, message_ref, attempts, error`;

interface DeliveryRow {
  ledger_key: string;
  platform: string;
  channel: string;
  job: string;
  slot: Date;
  status: DeliveryStatus;
  message_key: string;
  notice: Json;
  item: Json;
  claimed_by: string;
  claimed_at: Date;
  created_at: Date;
  sent_at: Date | null;
  message_ref: Json | null;
  attempts: number;
  error: string | null;
}

/**
 * Claims each entry for `owner`; returns the ledger keys this call claimed (the others
 * already had a row: sent, being posted, failed or uncertain). Run it in a transaction
 * with `setDeliveryMessage` so a claimed row always holds the message that will be posted.
 */
export async function claimDeliveries(db: SqlExecutor, claims: DeliveryClaim[], owner: string, now: Date): Promise<string[]> {
  const won: string[] = [];
  for (const c of claims) {
    const result = await db.query(
      `INSERT INTO message_deliveries (ledger_key, platform, channel, job, slot, status, message_key, notice, item, claimed_by, claimed_at, created_at)
       VALUES ($1, $2, $3, $4, $5::timestamptz, 'claimed', $6, $7::jsonb, $8::jsonb, $9, $10::timestamptz, $10::timestamptz)
       ON CONFLICT (ledger_key, platform, channel) DO NOTHING
       RETURNING ledger_key`,
      [c.ledgerKey, c.platform, c.channel, c.job, iso(c.slot), c.messageKey, jsonParam(c.notice), jsonParam(c.item), owner, iso(now)],
    );
    if (result.rowCount === 1) won.push(c.ledgerKey);
  }
  return won;
}

/** Sets the message `owner`'s claimed rows will post (one message bundling several keys). */
export async function setDeliveryMessage(
  db: SqlExecutor,
  target: DeliveryTarget,
  ledgerKeys: string[],
  owner: string,
  messageKey: string,
  notice: Json,
): Promise<number> {
  const result = await db.query(
    `UPDATE message_deliveries SET message_key = $4, notice = $5::jsonb
     WHERE platform = $1 AND channel = $2 AND claimed_by = $6 AND status = 'claimed'
       AND ledger_key IN (SELECT jsonb_array_elements_text($3::jsonb))`,
    [target.platform, target.channel, jsonParam(ledgerKeys), messageKey, jsonParam(notice), owner],
  );
  return result.rowCount;
}

/**
 * Takes over the rows of one message on one channel that need another attempt: claimed
 * by a run that has not finished them since `staleBefore` (it died), or failed. Returns
 * the rows as they were before (status, owner, claimed_at), now claimed by `owner`.
 */
export async function takeOverDeliveries(
  db: SqlExecutor,
  messageKey: string,
  target: DeliveryTarget,
  owner: string,
  staleBefore: Date,
  now: Date,
): Promise<Delivery[]> {
  const result = await db.query<DeliveryRow>(
    `WITH before AS (
       SELECT ${COLUMNS} FROM message_deliveries
       WHERE message_key = $1 AND platform = $2 AND channel = $3
         AND ((status = 'claimed' AND claimed_at <= $5::timestamptz) OR status = 'failed')
       FOR UPDATE
     ), taken AS (
       UPDATE message_deliveries d SET status = 'claimed', claimed_by = $4, claimed_at = $6::timestamptz, attempts = d.attempts + 1
       FROM before b
       WHERE d.ledger_key = b.ledger_key AND d.platform = b.platform AND d.channel = b.channel
       RETURNING d.ledger_key
     )
     SELECT b.* FROM before b JOIN taken t ON t.ledger_key = b.ledger_key ORDER BY b.ledger_key`,
    [messageKey, target.platform, target.channel, owner, iso(staleBefore), iso(now)],
  );
  return result.rows.map(toDelivery);
}

/** Records how `owner`'s post of one message on one channel ended; the number of rows marked. */
export async function finishDeliveries(
  db: SqlExecutor,
  messageKey: string,
  target: DeliveryTarget,
  owner: string,
  outcome: DeliveryOutcome,
  now: Date,
): Promise<number> {
  const ref = outcome.status === 'sent' && outcome.messageRef !== null ? jsonParam(outcome.messageRef) : null;
  const error = outcome.status === 'sent' ? null : outcome.error;
  const result = await db.query(
    `UPDATE message_deliveries
     SET status = $5::text, message_ref = COALESCE($6::jsonb, message_ref), error = $7::text,
         sent_at = CASE WHEN $5::text = 'sent' THEN $8::timestamptz ELSE sent_at END
     WHERE message_key = $1 AND platform = $2 AND channel = $3 AND claimed_by = $4 AND status = 'claimed'`,
    [messageKey, target.platform, target.channel, owner, outcome.status, ref, error, iso(now)],
  );
  return result.rowCount;
}

/** Every row of these ledger keys (all channels). */
export async function getDeliveries(db: SqlExecutor, ledgerKeys: string[]): Promise<Delivery[]> {
  if (ledgerKeys.length === 0) return [];
  const result = await db.query<DeliveryRow>(
    `SELECT ${COLUMNS} FROM message_deliveries WHERE ledger_key IN (SELECT jsonb_array_elements_text($1::jsonb))
     ORDER BY ledger_key, platform, channel`,
    [jsonParam(ledgerKeys)],
  );
  return result.rows.map(toDelivery);
}

/** What `listDeliveries` selects; every field optional. */
export interface DeliveryFilter {
  job?: string;
  statuses?: DeliveryStatus[];
  /** Rows created at or after this instant. */
  since?: Date;
  limit?: number;
}

/** Rows matching the filter, newest first (at most `limit`, default 200). */
export async function listDeliveries(db: SqlExecutor, filter: DeliveryFilter = {}): Promise<Delivery[]> {
  const result = await db.query<DeliveryRow>(
    `SELECT ${COLUMNS} FROM message_deliveries
     WHERE ($1::text IS NULL OR job = $1)
       AND ($2::jsonb IS NULL OR status IN (SELECT jsonb_array_elements_text($2::jsonb)))
       AND ($3::timestamptz IS NULL OR created_at >= $3::timestamptz)
     ORDER BY created_at DESC, ledger_key, platform, channel LIMIT $4`,
    [
      filter.job ?? null,
      filter.statuses === undefined ? null : jsonParam(filter.statuses),
      filter.since === undefined ? null : iso(filter.since),
      Math.max(1, Math.min(10_000, Math.trunc(filter.limit ?? 200))),
    ],
  );
  return result.rows.map(toDelivery);
}

function toDelivery(row: DeliveryRow): Delivery {
  return {
    ledgerKey: row.ledger_key,
    platform: row.platform,
    channel: row.channel,
    job: row.job,
    slot: toDate(row.slot),
    status: row.status,
    messageKey: row.message_key,
    notice: row.notice,
    item: row.item,
    claimedBy: row.claimed_by,
    claimedAt: toDate(row.claimed_at),
    createdAt: toDate(row.created_at),
    sentAt: toDateOrNull(row.sent_at),
    messageRef: row.message_ref,
    attempts: Number(row.attempts),
    error: row.error,
  };
}
