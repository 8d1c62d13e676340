import { iso, jsonParam, toDate } from './sql-values.js';
import type { ConversationRef, Json, LedgerEntry, LedgerEntryInput, SqlExecutor } from './types.js';

/**
 * Records a message in the ledger; true for the first caller with this `ledgerKey`, false
 * for every later one. Inside a transaction, a concurrent caller with the same key waits
 * until the first commits (then gets false) or rolls back (then gets true).
 */
export async function recordMessage(
  db: SqlExecutor,
  entry: LedgerEntryInput,
  now: Date,
  messageRef: Json | null = null,
): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO message_ledger (ledger_key, job, channel, platform, posted_at, message_ref)
     VALUES ($1, $2, $3, $4, $5::timestamptz, $6::jsonb)
     ON CONFLICT (ledger_key) DO NOTHING
     RETURNING ledger_key`,
    [entry.ledgerKey, entry.job, entry.channel, entry.platform, iso(now), messageRef === null ? null : jsonParam(messageRef)],
  );
  return result.rowCount === 1;
}

/** Stores the platform's reference to a posted message (to update or thread on it later). */
export async function setMessageRef(db: SqlExecutor, ledgerKey: string, messageRef: Json): Promise<boolean> {
  const result = await db.query('UPDATE message_ledger SET message_ref = $2::jsonb WHERE ledger_key = $1', [
    ledgerKey,
    jsonParam(messageRef),
  ]);
  return result.rowCount === 1;
}

interface LedgerRow {
  ledger_key: string;
  job: string;
  channel: string;
  platform: string;
  posted_at: Date;
  message_ref: Json | null;
}

export async function getMessage(db: SqlExecutor, ledgerKey: string): Promise<LedgerEntry | null> {
  const result = await db.query<LedgerRow>(
    'SELECT ledger_key, job, channel, platform, posted_at, message_ref FROM message_ledger WHERE ledger_key = $1',
    [ledgerKey],
  );
  const row = result.rows[0];
  if (row === undefined) return null;
  return {
    ledgerKey: row.ledger_key,
    job: row.job,
    channel: row.channel,
    platform: row.platform,
    postedAt: toDate(row.posted_at),
    messageRef: row.message_ref,
  };
}

/** Saves (or replaces) where to post proactively in one conversation. */
export async function saveConversationRef(
  db: SqlExecutor,
  ref: Omit<ConversationRef, 'updatedAt'>,
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO conversation_refs (platform, conversation_id, reference, team, updated_at)
     VALUES ($1, $2, $3::jsonb, $4, $5::timestamptz)
     ON CONFLICT (platform, conversation_id) DO UPDATE
       SET reference = EXCLUDED.reference, team = EXCLUDED.team, updated_at = EXCLUDED.updated_at`,
    [ref.platform, ref.conversationId, jsonParam(ref.reference), ref.team, iso(now)],
  );
}

interface ConversationRow {
  platform: string;
  conversation_id: string;
  reference: Json;
  team: string | null;
  updated_at: Date;
}

export async function getConversationRef(
  db: SqlExecutor,
  platform: string,
  conversationId: string,
): Promise<ConversationRef | null> {
  const result = await db.query<ConversationRow>(
    'SELECT platform, conversation_id, reference, team, updated_at FROM conversation_refs WHERE platform = $1 AND conversation_id = $2',
    [platform, conversationId],
  );
  const row = result.rows[0];
  if (row === undefined) return null;
  return {
    platform: row.platform,
    conversationId: row.conversation_id,
    reference: row.reference,
    team: row.team,
    updatedAt: toDate(row.updated_at),
  };
}
