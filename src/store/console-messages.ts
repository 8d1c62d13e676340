import { iso, jsonParam, toDate } from './sql-values.js';
import type { ConsoleMessage, ConsoleMessageInput, Json, SqlExecutor } from './types.js';

interface Row {
  id: string;
  channel: string;
  thread_of: string | null;
  notice: Json;
  ledger_key: string | null;
  posted_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id::text AS id, channel, thread_of::text AS thread_of, notice, ledger_key, posted_at, updated_at';

/** Ids are bigint identities: anything else (a forged id from the page) matches nothing. */
const isId = (id: string) => /^\d{1,18}$/.test(id);

function toMessage(row: Row): ConsoleMessage {
  return { id: row.id, channel: row.channel, threadOf: row.thread_of, notice: row.notice, key: row.ledger_key, postedAt: toDate(row.posted_at), updatedAt: toDate(row.updated_at) };
}

/**
 * Posts a message to a console channel, or into a thread (`threadOf`: a reply to a reply
 * joins the same thread). Null when `threadOf` names no message of that channel.
 */
export async function postConsoleMessage(db: SqlExecutor, input: ConsoleMessageInput, now: Date): Promise<ConsoleMessage | null> {
  if (input.threadOf != null && !isId(input.threadOf)) return null;
  const result = await db.query<Row>(
    `WITH parent AS (SELECT COALESCE(thread_of, id) AS root FROM console_messages WHERE id = $3::bigint AND channel = $1)
     INSERT INTO console_messages (channel, thread_of, notice, ledger_key, posted_at, updated_at)
     SELECT $1, (SELECT root FROM parent), $2::jsonb, $4, $5::timestamptz, $5::timestamptz
     WHERE $3::bigint IS NULL OR EXISTS (SELECT 1 FROM parent)
     RETURNING ${COLUMNS}`,
    [input.channel, jsonParam(input.notice), input.threadOf ?? null, input.key ?? null, iso(now)],
  );
  return result.rows[0] ? toMessage(result.rows[0]) : null;
}

/** Replaces a message's notice (an alert resolved, a request decided); false when there is no such message. */
export async function updateConsoleMessage(db: SqlExecutor, id: string, notice: Json, now: Date): Promise<boolean> {
  if (!isId(id)) return false;
  const result = await db.query('UPDATE console_messages SET notice = $2::jsonb, updated_at = $3::timestamptz WHERE id = $1::bigint', [id, jsonParam(notice), iso(now)]);
  return result.rowCount === 1;
}

export async function getConsoleMessage(db: SqlExecutor, id: string): Promise<ConsoleMessage | null> {
  if (!isId(id)) return null;
  const result = await db.query<Row>(`SELECT ${COLUMNS} FROM console_messages WHERE id = $1::bigint`, [id]);
  return result.rows[0] ? toMessage(result.rows[0]) : null;
}

/** A channel's latest `limit` top-level messages and every reply in their threads, oldest first. */
export async function listConsoleMessages(db: SqlExecutor, channel: string, limit = 50): Promise<ConsoleMessage[]> {
  const n = Number.isInteger(limit) && limit > 0 ? Math.min(limit, 500) : 50;
  const result = await db.query<Row>(
    `WITH top AS (SELECT id FROM console_messages WHERE channel = $1 AND thread_of IS NULL ORDER BY id DESC LIMIT $2)
     SELECT ${COLUMNS} FROM console_messages
     WHERE id IN (SELECT id FROM top) OR thread_of IN (SELECT id FROM top)
     ORDER BY console_messages.id`,
    [channel, n],
  );
  return result.rows.map(toMessage);
}

/** The latest message of a channel posted with this ledger key at or after `since`, or null. */
export async function findConsoleMessage(db: SqlExecutor, channel: string, key: string, since: Date): Promise<ConsoleMessage | null> {
  const result = await db.query<Row>(
    `SELECT ${COLUMNS} FROM console_messages WHERE channel = $1 AND ledger_key = $2 AND posted_at >= $3::timestamptz ORDER BY console_messages.id DESC LIMIT 1`,
    [channel, key, iso(since)],
  );
  return result.rows[0] ? toMessage(result.rows[0]) : null;
}
